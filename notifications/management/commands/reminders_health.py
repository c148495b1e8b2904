from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from notifications.services import overdue


class Command(BaseCommand):
    help = "Report pending reminders more than 15 minutes overdue; exits 1 when there are any."

    def add_arguments(self, parser):
        parser.add_argument("--minutes", type=int, default=15)

    def handle(self, *args, minutes, **options):
        rows = overdue(minutes=minutes)
        count = rows.count()
        oldest = rows.order_by("due_at").values_list("due_at", flat=True).first()
        if count:
            late = timezone.now() - oldest
            raise CommandError(
                f"{count} reminder(s) more than {minutes} min overdue; the oldest is {late} late. "
                "Is Celery beat running, and a worker on the mail queue?"
            )
        self.stdout.write(f"ok: no reminder more than {minutes} min overdue")
