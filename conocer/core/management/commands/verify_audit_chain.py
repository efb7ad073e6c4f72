import time

from django.core.management.base import BaseCommand, CommandError

from conocer.core import auditchain


class Command(BaseCommand):
    help = ("Recompute the audit log's hash chain, oldest event first, in batches (constant "
            "memory). Exit 0 with the number of events and the head hash (keep it "
            "somewhere else to detect later truncation), or exit 1 at the first broken "
            "link.")

    def add_arguments(self, parser):
        parser.add_argument("--chunk-size", type=int, default=5000,
                            help="Events read per batch (default 5000).")
        parser.add_argument("--database", default="default")
        parser.add_argument("--seal", action="store_true",
                            help="First seal committed events not yet in the chain (left "
                                 "by a process that died right after its commit).")

    def handle(self, *args, chunk_size, database, seal, verbosity, **options):
        if seal:
            self.stdout.write(f"{auditchain.seal_pending(using=database)} events sealed.")
        started = time.monotonic()
        for result in auditchain.walk(using=database, chunk_size=chunk_size):
            if verbosity > 1 and not result.broken:
                self.stdout.write(f"  {result.count} events verified")
        seconds = time.monotonic() - started
        if result.broken:
            b = result.broken
            what = "sequence" if b.reason == "sequence" else "hash"
            raise CommandError(
                f"Audit chain broken at event id {b.id} (sequence {b.sequence}), after "
                f"{result.count} good events: expected {what} {b.expected}, stored "
                f"{b.stored}.")
        rate = f", {result.count / seconds:,.0f} events/s" if seconds and result.count else ""
        self.stdout.write(self.style.SUCCESS(
            f"Audit chain OK: {result.count} events (head {result.head}) in "
            f"{seconds:.1f} s{rate}."))
        if result.pending:
            self.stdout.write(f"{result.pending} events are not sealed yet: the next audited "
                              "change seals them (or run this command with --seal).")
