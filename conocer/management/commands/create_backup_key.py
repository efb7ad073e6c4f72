from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from conocer import backups


class Command(BaseCommand):
    help = ("Create a key pair for encrypting backups: the secret key goes into FILE (keep it "
            "off the servers, with its holder); the public key, printed, goes into "
            "BACKUP_RECIPIENTS. See docs/operations.md.")

    def add_arguments(self, parser):
        parser.add_argument("--output", required=True, help="File for the secret key.")

    def handle(self, *args, output, **options):
        secret, public = backups.new_identity()
        path = Path(output)
        try:
            with open(path, "x", encoding="utf-8") as file:
                path.chmod(0o600)
                file.write(secret)
        except FileExistsError as error:
            raise CommandError(f"{path} exists: a backup key is never overwritten.") from error
        except OSError as error:
            raise CommandError(f"Cannot write {path}: {error.strerror}.") from error
        self.stdout.write(f"Secret key written to {path}. Public key (for BACKUP_RECIPIENTS):")
        self.stdout.write(public)
