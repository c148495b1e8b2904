from django.core.management.base import BaseCommand
from django.utils import timezone

from core.demo import DEMO_PASSWORD, PEOPLE, load_demo


class Command(BaseCommand):
    help = "Load the demo organisations, people and programmes. Safe to run again."

    def handle(self, *args, **options):
        counts = load_demo(today=timezone.localdate())
        self.stdout.write(
            self.style.SUCCESS(
                "Demo data ready: {organisations} organisations, {people} people, {programmes} programmes.".format(
                    **counts
                )
            )
        )
        self.stdout.write(f"Every demo account uses the password: {DEMO_PASSWORD}")
        for email, name, organisation, role, *_rest in PEOPLE:
            what = f"{role.label} at {organisation}" if organisation else "administrator (Django admin)"
            self.stdout.write(f"  {email:36} {name:20} {what}")
