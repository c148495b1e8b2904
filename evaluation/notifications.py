"""The e-mails of evaluations, registered with the outbox when the app loads."""

from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from notifications.kinds import Kind, Rendering, absolute, register


def _invitee(notification, invitee) -> Rendering:
    evaluation = invitee.evaluation
    return Rendering(
        values={
            "name": notification.recipient.get_short_name(),
            "programme": evaluation.programme.title,
            "session": evaluation.session.title if evaluation.session_id else "",
            "date": formats.date_format(timezone.localtime(evaluation.closes_at), "DATETIME_FORMAT"),
            "link": absolute(invitee.get_link()),
        },
        programme=evaluation.programme,
        extra={"evaluation": evaluation},
    )


EVALUATION_INVITATION = register(
    Kind(
        code="evaluation_invitation",
        label=_("Evaluation questionnaire"),
        essential=True,
        subject=_("Your opinion on “{programme}”"),
        opening=_(
            "Dear {name},\n\nThank you for taking part in “{programme}”. Please tell us what you thought of it: "
            "it takes about five minutes, and the questionnaire is open until {date}."
        ),
        describe=_invitee,
    )
)
EVALUATION_REMINDER = register(
    Kind(
        code="evaluation_reminder",
        label=_("Evaluation reminder"),
        essential=False,
        subject=_("Reminder: your opinion on “{programme}” by {date}"),
        opening=_("Dear {name},\n\nWe have not received your answers yet. The questionnaire closes on {date}."),
        describe=_invitee,
        help=_("Sent three days and one day before the questionnaire closes, only to those who have not answered."),
    )
)
