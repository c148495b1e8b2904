from celery import shared_task
from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from core.models import User

from .models import Programme


@shared_task(name="mail.enrolment_invitation", autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_enrolment_invitation(*, user_id: int, programme_id: int) -> None:
    """Tell a person they were enrolled; a pending account gets a link to choose a password."""
    user = User.objects.filter(pk=user_id).first()
    programme = Programme.objects.filter(pk=programme_id).select_related("organisation").first()
    if user is None or programme is None:
        return
    set_password_url = None
    if not user.has_usable_password():
        path = reverse(
            "password_reset_confirm",
            kwargs={
                "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
                "token": default_token_generator.make_token(user),
            },
        )
        set_password_url = settings.SITE_URL.rstrip("/") + path
    context = {
        "user": user,
        "programme": programme,
        "set_password_url": set_password_url,
        "site_url": settings.SITE_URL.rstrip("/"),
    }
    with translation.override(user.preferred_language):
        subject = render_to_string("programmes/email/invitation_subject.txt", context).strip()
        body = render_to_string("programmes/email/invitation.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
