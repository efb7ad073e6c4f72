from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from conocer.demo.loader import DemoLoader


class Command(BaseCommand):
    help = ("Load the demo registry (standards, bodies, candidates, certificates and the demo "
            "users, password 'conocer-demo'). Safe to run again: it adds nothing twice.")

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true",
                            help="Load even when DEBUG is off (never on a real registry).")

    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "Refusing to load demo data with DEBUG=False: demo users have a public "
                "password. Use --force only on a disposable database."
            )
        counts = DemoLoader(stdout=self.stdout if options["verbosity"] > 1 else None).run()
        self.stdout.write(self.style.SUCCESS(
            "Demo registry ready: " + ", ".join(f"{v} {k}" for k, v in counts.items())
        ))
