from celery import shared_task
from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from core.enums import MANAGING_ROLES
from core.models import User

from .enums import ApprovalStatus
from .models import Enrolment, Programme


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


@shared_task(name="mail.enrolment_approval_request", autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_approval_request(*, enrolment_id: int) -> int:
    """Ask the managers of the person's organisation to approve; returns how many were asked."""
    enrolment = (
        Enrolment.objects.filter(pk=enrolment_id, approval=ApprovalStatus.PENDING)
        .select_related("programme", "programme__organisation", "person", "organisation")
        .first()
    )
    if enrolment is None:
        return 0
    managers = User.objects.filter(
        memberships__organisation=enrolment.organisation, memberships__role__in=MANAGING_ROLES, is_active=True
    ).distinct()
    approvals_url = settings.SITE_URL.rstrip("/") + reverse("programmes:approvals")
    for manager in managers:
        context = {"manager": manager, "enrolment": enrolment, "approvals_url": approvals_url}
        with translation.override(manager.preferred_language):
            subject = render_to_string("programmes/email/approval_request_subject.txt", context).strip()
            body = render_to_string("programmes/email/approval_request.txt", context)
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [manager.email])
    return len(managers)
