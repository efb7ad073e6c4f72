from django.core.management.base import BaseCommand

from certification.trust import pdfsign, signing


class Command(BaseCommand):
    help = ("Create the registry's signing keys in SIGNING_KEYS_DIR: an Ed25519 key for "
            "credentials (rotating: the new key signs, older public keys keep verifying) "
            "and, if absent, a development X.509 certificate for signing PDFs. Production "
            "keys are placed there by operators instead.")

    def add_arguments(self, parser):
        parser.add_argument("--rotate", action="store_true",
                            help="Create a new credential key even if one is active.")

    def handle(self, *args, rotate=False, **options):
        directory = signing.keys_dir()
        if rotate or not (directory / "active").exists():
            kid = signing.create_key(directory)
            self.stdout.write(self.style.SUCCESS(f"Credential key {kid} is now active."))
        else:
            self.stdout.write("A credential key is already active (use --rotate for a new one).")
        if pdfsign.ensure_development_certificate(directory):
            self.stdout.write(self.style.WARNING(
                "Created a self-signed DEVELOPMENT certificate for PDF signatures; install the "
                "authority's certificate and key for production."))
