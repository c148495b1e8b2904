"""The e-mails of matching, registered with the outbox when the app loads."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from notifications.kinds import Kind, Rendering, absolute, register


def _pair(notification, pair) -> Rendering:
    person = notification.recipient
    is_trainee = pair.trainee.person_id == person.pk
    other = pair.tutor if is_trainee else pair.trainee
    programme = pair.plan.programme
    return Rendering(
        values={
            "name": person.get_short_name(),
            "programme": programme.title,
            "link": absolute(reverse("matching:mine")),
        },
        programme=programme,
        extra={"pair": pair, "other": other, "is_trainee": is_trainee},
    )


def _group(notification, member) -> Rendering:
    group = member.group
    programme = group.plan.programme
    return Rendering(
        values={
            "name": notification.recipient.get_short_name(),
            "programme": programme.title,
            "link": absolute(reverse("matching:mine")),
        },
        programme=programme,
        extra={
            "group": group,
            "members": list(group.members.select_related("enrolment__person", "enrolment__organisation")),
        },
    )


MATCH_PAIR = register(
    Kind(
        code="match_pair",
        label=_("Your tutor or trainee"),
        essential=True,
        subject=_("“{programme}”: your tutoring match"),
        opening=_("Dear {name},\n\nFor “{programme}” you have been matched for tutoring. Please accept or decline."),
        describe=_pair,
        help=_("Sent to the trainee and the tutor when the coordinator publishes the matching."),
    )
)

MATCH_GROUP = register(
    Kind(
        code="match_group",
        label=_("Your peer group"),
        essential=True,
        subject=_("“{programme}”: your peer group"),
        opening=_("Dear {name},\n\nFor “{programme}” you are in a peer group. Please accept or decline."),
        describe=_group,
        help=_("Sent to each member of a peer group when the coordinator publishes the matching."),
    )
)
