"""Reads of evaluations, scoped to the user: the owning organisation's coordinators change them,
its project managers read them; questionnaires belong to the organisation that made them."""

from __future__ import annotations

from django.db.models import Count, QuerySet

from core.scope import by_personal_link, get_or_404, roles_of
from programmes.models import Programme
from programmes.selectors import programme_staff_get

from .models import Evaluation, Invitee, Questionnaire


def programme_get(user, pk, *, manage: bool = False) -> Programme:
    return programme_staff_get(user, pk, manage=manage)


def can_manage(user, programme: Programme) -> bool:
    return programme.organisation_id in roles_of(user).coordinated


def evaluations_scoped(user, *, manage: bool = False) -> QuerySet[Evaluation]:
    roles = roles_of(user)
    organisations = roles.coordinated if manage else roles.managed
    return Evaluation.objects.filter(programme__organisation_id__in=organisations)


def evaluation_get(user, pk, *, manage: bool = False) -> Evaluation:
    return get_or_404(
        evaluations_scoped(user, manage=manage).select_related("programme__organisation", "session", "questionnaire"),
        pk=pk,
    )


def with_counts(evaluations: QuerySet[Evaluation]) -> QuerySet[Evaluation]:
    """Annotate `invited` and `answered` (receipts), for the response rate."""
    return evaluations.annotate(
        invited=Count("invitees", distinct=True),
        answered=Count("invitees__receipt", distinct=True),
    )


def programme_evaluations(programme: Programme) -> QuerySet[Evaluation]:
    return with_counts(programme.evaluations.select_related("session", "questionnaire")).order_by("-opens_at", "-pk")


def evaluation_invitees(evaluation: Evaluation) -> QuerySet[Invitee]:
    return evaluation.invitees.select_related("person", "organisation", "receipt").order_by(
        "organisation__name", "person__full_name", "pk"
    )


def questionnaires_scoped(user, *, manage: bool = False) -> QuerySet[Questionnaire]:
    roles = roles_of(user)
    organisations = roles.coordinated if manage else roles.managed
    return Questionnaire.objects.filter(organisation_id__in=organisations)


def questionnaire_get(user, pk, *, manage: bool = False) -> Questionnaire:
    return get_or_404(questionnaires_scoped(user, manage=manage).select_related("organisation"), pk=pk)


def questionnaire_choices(programme: Programme) -> QuerySet[Questionnaire]:
    """The newest version of each questionnaire of the programme's organisation."""
    return Questionnaire.objects.filter(organisation=programme.organisation_id, is_current=True).order_by("title", "pk")


def invitee_by_link(public_id, secret: str) -> Invitee | None:
    """The invitee of a personal link, or None."""
    invitees = Invitee.objects.select_related(
        "evaluation__programme", "evaluation__session", "evaluation__questionnaire", "person"
    )
    return by_personal_link(invitees, public_id, secret)


def open_invitees_for(user) -> list[Invitee]:
    """The evaluations a person is asked to answer that are open now, for their dashboard."""
    from django.utils import timezone

    now = timezone.now()
    return list(
        Invitee.objects.filter(
            person=user,
            evaluation__closed_at__isnull=True,
            evaluation__opens_at__lte=now,
            evaluation__closes_at__gt=now,
        )
        .select_related("evaluation__programme", "receipt")
        .order_by("evaluation__closes_at", "pk")
    )
