from django.core.management.base import BaseCommand, CommandError

from conocer import backups


class Command(BaseCommand):
    help = ("Restore a backup made by `manage.py backup` into the configured database (which "
            "must be empty), MEDIA_ROOT and SIGNING_KEYS_DIR. See docs/operations.md.")

    def add_arguments(self, parser):
        parser.add_argument("--input", required=True, help="The backup file.")
        parser.add_argument("--identity", default=None,
                            help="The secret key file that opens an encrypted backup "
                                 "(default: BACKUP_IDENTITY_FILE).")

    def handle(self, *args, input, identity=None, **options):  # noqa: A002 (the option)
        try:
            outcome = backups.restore_backup(input, identity_file=identity)
        except backups.BackupError as error:
            raise CommandError(str(error)) from error
        for warning in outcome.warnings:
            self.stderr.write(self.style.WARNING(f"WARNING: {warning}"))
        manifest = outcome.manifest
        self.stdout.write(self.style.SUCCESS(
            f"Restored the backup of {manifest['created_at']}: the database, "
            f"{manifest['keys']['files']} key files and "
            f"{manifest['media'].get('files', 0)} media files. Run `manage.py migrate` if "
            "this code is newer than the backup."))
