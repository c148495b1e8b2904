from django.core.management.base import BaseCommand, CommandError

from core.gdpr import person_erase
from core.models import User


class Command(BaseCommand):
    help = (
        "Erase a person (GDPR): anonymise their name, e-mail and free texts, unlink their evaluation answers, "
        "keep the numbers so statistics stay."
    )

    def add_arguments(self, parser):
        parser.add_argument("email", help="The person's e-mail address.")
        parser.add_argument("--yes", action="store_true", help="Do not ask for confirmation.")

    def handle(self, *args, email, yes, **options):
        user = User.objects.filter(email__iexact=email.strip()).first()
        if user is None:
            raise CommandError(f"No person has the e-mail address {email!r}.")
        if not yes:
            answer = input(f"Erase {user.full_name} <{user.email}> (#{user.pk})? This cannot be undone. [y/N] ")
            if answer.strip().lower() not in ("y", "yes"):
                raise CommandError("Nothing erased.")
        person_erase(user=user)
        self.stdout.write(self.style.SUCCESS(f"Erased person #{user.pk}."))
