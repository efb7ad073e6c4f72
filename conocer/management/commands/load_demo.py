from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from conocer.demo import scale as scaling
from conocer.demo.loader import DemoLoader


class Command(BaseCommand):
    help = ("Load the demo registry (standards, bodies, candidates, certificates and the demo "
            "users, password 'conocer-demo'). Safe to run again: it adds nothing twice. "
            "--scale N then tops it up to N certificates written in bulk (conocer/demo/"
            "scale.py), whose signatures do not verify.")

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true",
                            help="Load even when DEBUG is off (never on a real registry).")
        parser.add_argument("--scale", type=int, metavar="N",
                            help="Top the registry up to N certificates with the shape of "
                                 "CONOCER's history (for benchmarks and the statistics).")

    def handle(self, *args, force=False, scale=None, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "Refusing to load demo data with DEBUG=False: demo users have a public "
                "password. Use --force only on a disposable database."
            )
        if scale is not None and scale < 0:
            raise CommandError("--scale is a number of certificates, 0 or more.")
        counts = DemoLoader(stdout=self.stdout if options["verbosity"] > 1 else None).run()
        self.stdout.write(self.style.SUCCESS(
            "Demo registry ready: " + ", ".join(f"{v} {k}" for k, v in counts.items())
        ))
        if scale is not None:
            try:
                done = scaling.top_up(scale, force=force,
                                      log=self.stdout.write if options["verbosity"] else None)
            except scaling.ScaleRefused as error:
                raise CommandError(str(error)) from None
            self.stdout.write(self.style.SUCCESS(
                f"Scaled to {scale:,} certificates: {done['added']:,} added."))

