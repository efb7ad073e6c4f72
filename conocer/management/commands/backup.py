from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from conocer import backups


class Command(BaseCommand):
    help = ("Back up the registry into one file: the database (pg_dump custom format, or a "
            "copy of the SQLite file), the media files (local storage) and the signing keys, "
            "encrypted to BACKUP_RECIPIENTS. See docs/operations.md.")

    def add_arguments(self, parser):
        parser.add_argument("--output", default=None,
                            help="Folder to write the backup into (default: BACKUP_DIR).")

    def handle(self, *args, output=None, **options):
        try:
            outcome = backups.make_backup(output or settings.BACKUP_DIR)
        except backups.BackupError as error:
            raise CommandError(str(error)) from error
        for warning in outcome.warnings:
            self.stderr.write(self.style.WARNING(f"WARNING: {warning}"))
        manifest = outcome.manifest
        media = manifest["media"]
        self.stdout.write(self.style.SUCCESS(
            f"Backup written: {outcome.path} ({outcome.path.stat().st_size:,} bytes, "
            f"{'encrypted' if manifest['encrypted'] else 'NOT encrypted'}): database "
            f"{manifest['database']['size']:,} bytes, {manifest['keys']['files']} key files, "
            + ("media in the bucket" if media.get("in_bucket") else
               f"{media['files']} media files ({media['bytes']:,} bytes).")))
