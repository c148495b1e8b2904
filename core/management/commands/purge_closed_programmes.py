from django.conf import settings
from django.core.management.base import BaseCommand

from core.retention import programme_purge, programmes_past_retention


class Command(BaseCommand):
    help = "Delete closed programmes that ended more than RETENTION_DAYS ago, with all their data."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="List what would be deleted; delete nothing.")

    def handle(self, *args, dry_run, **options):
        programmes = list(programmes_past_retention())
        verb = "Would delete" if dry_run else "Deleted"
        if not programmes:
            self.stdout.write(f"No closed programme ended more than {settings.RETENTION_DAYS} days ago.")
            return
        for programme in programmes:
            label = f"#{programme.pk} {programme.title} ({programme.organisation}, ended {programme.end_date})"
            if dry_run:
                self.stdout.write(f"{verb} programme {label}")
                continue
            counts = programme_purge(programme=programme)
            details = ", ".join(f"{n} {name}" for name, n in sorted(counts.items()))
            self.stdout.write(f"{verb} programme {label}: {details}")
        self.stdout.write(self.style.SUCCESS(f"{verb} {len(programmes)} programme(s)."))
