import time

from django.core.management.base import BaseCommand

from notifications.tasks import dispatch_due


class Command(BaseCommand):
    help = (
        "Queue (or, without Redis, send at once) every due notification. With --every N, repeat every N "
        "seconds: `make run` uses it in place of Celery beat."
    )

    def add_arguments(self, parser):
        parser.add_argument("--every", type=float, default=0, help="repeat every N seconds until stopped")

    def handle(self, *args, every, **options):
        while True:
            queued = dispatch_due()
            if queued or not every:
                self.stdout.write(f"reminders queued={queued}")
            if not every:
                return
            time.sleep(every)
