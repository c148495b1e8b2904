"""The e-mail of the administrative checklist, registered with the outbox when the app loads."""

from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from notifications.kinds import Kind, Rendering, absolute, register


def _checklist_item(notification, item) -> Rendering:
    programme = item.programme
    return Rendering(
        values={
            "name": notification.recipient.get_short_name(),
            "programme": programme.title,
            "date": formats.date_format(item.due_date, "DATE_FORMAT") if item.due_date else "",
            "link": absolute(reverse("logistics:checklist_item_edit", kwargs={"pk": item.pk})),
        },
        programme=programme,
        extra={"item": item},
    )


CHECKLIST_DUE = register(
    Kind(
        code="checklist_due",
        label=_("Checklist task due"),
        essential=False,
        subject=_("Due on {date}: a checklist task of “{programme}”"),
        opening=_(
            "Dear {name},\n\nA task of the administrative checklist of “{programme}” that you own is due on {date}."
        ),
        describe=_checklist_item,
        help=_("Sent on the morning of the due date to the owner of a checklist task that is not done yet."),
    )
)
