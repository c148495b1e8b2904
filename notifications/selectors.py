from django.db.models import Count, QuerySet

from core.scope import get_or_404, roles_of

from .enums import NotificationState
from .models import Notification


def notifications_of(user) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=user).select_related("programme").order_by("-due_at")


def programme_notifications(programme, *, state: str | None = None) -> QuerySet[Notification]:
    rows = Notification.objects.filter(programme=programme).select_related("recipient").order_by("-due_at", "-pk")
    if state:
        rows = rows.filter(state=state)
    return rows


def state_counts(programme) -> dict[str, int]:
    counts = dict(
        Notification.objects.filter(programme=programme).values_list("state").annotate(n=Count("id")).order_by()
    )
    return {state: counts.get(state, 0) for state in NotificationState.values}


def notification_managed(user, pk) -> Notification:
    """A notification of a programme the user coordinates."""
    return get_or_404(
        Notification.objects.filter(programme__organisation_id__in=roles_of(user).coordinated).select_related(
            "programme"
        ),
        pk=pk,
    )
