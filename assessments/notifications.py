"""The e-mails of the needs assessment, registered with the outbox when the app loads."""

from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from notifications.kinds import Kind, Rendering, absolute, register


def _invitation(notification, invitation) -> Rendering:
    campaign = invitation.campaign
    return Rendering(
        values={
            "name": notification.recipient.get_short_name(),
            "programme": campaign.programme.title,
            "date": formats.date_format(timezone.localtime(campaign.deadline), "DATETIME_FORMAT"),
            "link": absolute(invitation.get_link()),
        },
        programme=campaign.programme,
        extra={"campaign": campaign},
    )


ASSESSMENT_INVITATION = register(
    Kind(
        code="assessment_invitation",
        label=_("Needs-assessment invitation"),
        essential=True,
        subject=_("Your training needs for “{programme}”"),
        opening=_(
            "Dear {name},\n\nTo prepare the programme “{programme}” around what you need, please tell us where you "
            "stand on its topics and where your job needs you to be. It takes about ten minutes; you can save a "
            "draft and come back until {date}."
        ),
        describe=_invitation,
    )
)
ASSESSMENT_REMINDER = register(
    Kind(
        code="assessment_reminder",
        label=_("Needs-assessment reminder"),
        essential=False,
        subject=_("Reminder: your training needs for “{programme}” by {date}"),
        opening=_("Dear {name},\n\nWe have not received your answers yet. The questionnaire closes on {date}."),
        describe=_invitation,
        help=_("Sent three days and one day before the deadline, only to those who have not answered."),
    )
)
