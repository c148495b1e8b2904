"""Reads of the needs assessment. Every aggregate is computed by the database, in a fixed number
of queries whatever the number of respondents."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Avg, Count, Exists, F, FloatField, OuterRef, Q, QuerySet, Sum, Value
from django.db.models.functions import Cast, Greatest

from core.models import Membership, Topic
from core.scope import by_personal_link, get_or_404, roles_of
from programmes.enums import EnrolmentRole
from programmes.models import Enrolment

from .enums import ResponseStatus
from .models import Answer, Campaign, Invitation

SMALL_GROUP = 30  # up to this many respondents, the heat map also shows each person


def campaigns_for(user) -> QuerySet[Campaign]:
    """Campaigns of the programmes of the organisations the user coordinates or manages."""
    return Campaign.objects.filter(programme__organisation_id__in=roles_of(user).managed)


def campaign_list(user) -> QuerySet[Campaign]:
    return (
        campaigns_for(user)
        .select_related("programme", "programme__organisation")
        .annotate(
            invited=Count("invitations", distinct=True),
            submitted=Count(
                "invitations", filter=Q(invitations__response__status=ResponseStatus.SUBMITTED), distinct=True
            ),
        )
        .order_by("-deadline")
    )


def campaign_get(user, pk, *, manage: bool = False) -> Campaign:
    roles = roles_of(user)
    orgs = roles.coordinated if manage else roles.managed
    return get_or_404(
        Campaign.objects.filter(programme__organisation_id__in=orgs).select_related("programme", "baseline"), pk=pk
    )


def invitation_by_link(public_id, secret: str) -> Invitation | None:
    """The invitation of a personal link, or None."""
    invitations = Invitation.objects.select_related("campaign", "campaign__programme", "person", "organisation")
    return by_personal_link(invitations, public_id, secret)


def campaign_invitations(campaign: Campaign) -> QuerySet[Invitation]:
    return campaign.invitations.select_related("person", "organisation", "response").order_by(
        "organisation__name", "person__full_name"
    )


@dataclass(frozen=True)
class Filters:
    country: str = ""
    organisation_kind: str = ""
    role: str = ""

    def invitations(self, campaign: Campaign) -> QuerySet[Invitation]:
        rows = campaign.invitations.all()
        if self.country:
            rows = rows.filter(organisation__country=self.country)
        if self.organisation_kind:
            rows = rows.filter(organisation__kind=self.organisation_kind)
        if self.role:
            rows = rows.filter(
                Exists(
                    Membership.objects.filter(
                        user=OuterRef("person"), organisation=OuterRef("organisation"), role=self.role
                    )
                )
            )
        return rows


def gap_expression():
    """required − current, never below zero (knowing more than the job needs is no negative gap)."""
    return Greatest(F("required_level") - F("current_level"), Value(0))


def _answers(campaign: Campaign, filters: Filters) -> QuerySet[Answer]:
    return Answer.objects.filter(
        response__invitation__in=filters.invitations(campaign),
        response__status=ResponseStatus.SUBMITTED,
        current_level__isnull=False,
        required_level__isnull=False,
    ).annotate(gap_value=gap_expression())


@dataclass
class Heatmap:
    rows: list[str]
    row_keys: list[int]
    columns: list[str]
    values: list[list[float | None]]


@dataclass
class TopicRank:
    topic: Topic
    respondents: int
    mean_current: float
    mean_required: float
    mean_gap: float
    weighted_gap: float


@dataclass
class Analysis:
    invited: int
    started: int
    submitted: int
    topics: list[Topic]
    by_organisation: Heatmap
    by_person: Heatmap | None
    ranking: list[TopicRank]
    current_counts: dict[int, dict[int, int]]
    required_counts: dict[int, dict[int, int]]

    @property
    def response_rate(self) -> float:
        return self.submitted / self.invited if self.invited else 0.0


def _heatmap(rows, topics, key: str, label: str) -> Heatmap:
    cells: dict[int, dict[int, float]] = defaultdict(dict)
    names: dict[int, str] = {}
    for row in rows:
        cells[row[key]][row["topic"]] = row["mean_gap"]
        names[row[key]] = row[label]
    ordered = sorted(names, key=lambda pk: names[pk].casefold())
    return Heatmap(
        rows=[names[pk] for pk in ordered],
        row_keys=ordered,
        columns=[str(topic) for topic in topics],
        values=[[cells[pk].get(topic.pk) for topic in topics] for pk in ordered],
    )


def campaign_analysis(campaign: Campaign, filters: Filters | None = None) -> Analysis:
    """Response rate, gap heat maps, level distributions and the topic ranking: seven queries."""
    filters = filters or Filters()
    invitations = filters.invitations(campaign)
    counts = invitations.aggregate(
        invited=Count("pk"),
        started=Count("response"),
        submitted=Count("response", filter=Q(response__status=ResponseStatus.SUBMITTED)),
    )
    topics = list(campaign.topics.order_by("order", "name"))
    answers = _answers(campaign, filters)
    by_org = list(
        answers.values("topic", organisation=F("response__invitation__organisation"))
        .annotate(
            mean_gap=Avg("gap_value", output_field=FloatField()), name=F("response__invitation__organisation__name")
        )
        .order_by()
    )
    # Always one bounded query (a constant count whatever the size); shown for small groups only.
    person_rows = list(
        answers.values("topic", person=F("response__invitation__person"))
        .annotate(
            mean_gap=Avg("gap_value", output_field=FloatField()), name=F("response__invitation__person__full_name")
        )
        .order_by("person", "topic")[: (SMALL_GROUP + 1) * max(len(topics), 1)]
    )
    by_person = None
    if counts["submitted"] <= SMALL_GROUP:
        by_person = _heatmap(person_rows, topics, "person", "name")
    stats = {
        row["topic"]: row
        for row in answers.values("topic")
        .annotate(
            n=Count("pk"),
            mean_current=Avg(Cast("current_level", FloatField())),
            mean_required=Avg(Cast("required_level", FloatField())),
            mean_gap=Avg(Cast("gap_value", FloatField())),
            weighted=Sum(F("gap_value") * F("priority")),
            weights=Sum("priority"),
        )
        .order_by()
    }
    ranking = []
    for topic in topics:
        row = stats.get(topic.pk)
        if not row:
            continue
        weighted = (row["weighted"] or 0) / row["weights"] if row["weights"] else row["mean_gap"]
        ranking.append(
            TopicRank(topic, row["n"], row["mean_current"], row["mean_required"], row["mean_gap"], float(weighted))
        )
    ranking.sort(key=lambda rank: (-rank.weighted_gap, -rank.mean_gap, str(rank.topic)))
    current_counts: dict[int, dict[int, int]] = defaultdict(dict)
    for row in answers.values("topic", "current_level").annotate(n=Count("pk")).order_by():
        current_counts[row["topic"]][row["current_level"]] = row["n"]
    required_counts: dict[int, dict[int, int]] = defaultdict(dict)
    for row in answers.values("topic", "required_level").annotate(n=Count("pk")).order_by():
        required_counts[row["topic"]][row["required_level"]] = row["n"]
    return Analysis(
        invited=counts["invited"],
        started=counts["started"],
        submitted=counts["submitted"],
        topics=topics,
        by_organisation=_heatmap(by_org, topics, "organisation", "name"),
        by_person=by_person,
        ranking=ranking,
        current_counts=dict(current_counts),
        required_counts=dict(required_counts),
    )


def invitation_for_profile(user, pk) -> Invitation:
    """A trainee's profile: for the programme's coordinators and its tutors only."""
    roles = roles_of(user)
    tutor_in = Enrolment.objects.filter(
        programme=OuterRef("campaign__programme"),
        person=user,
        role__in=(EnrolmentRole.TUTOR, EnrolmentRole.FACILITATOR),
    )
    return get_or_404(
        Invitation.objects.filter(
            Q(campaign__programme__organisation_id__in=roles.coordinated) | Q(Exists(tutor_in))
        ).select_related("campaign", "campaign__programme", "person", "organisation", "response"),
        pk=pk,
    )


def profile_answers(invitation: Invitation) -> list[Answer]:
    response = getattr(invitation, "response", None)
    if response is None:
        return []
    return list(response.answers.select_related("topic").order_by("topic__order", "topic__name"))


def export_rows(campaign: Campaign):
    """One row per answer of every response (drafts included, marked), for CSV and Excel."""
    return (
        Answer.objects.filter(response__invitation__campaign=campaign)
        .select_related("topic", "response", "response__invitation__person", "response__invitation__organisation")
        .order_by("response__invitation__organisation__name", "response__invitation__person__full_name", "topic__order")
    )


def campaign_analysis_counts(campaign: Campaign) -> dict[str, int]:
    return campaign.invitations.aggregate(
        invited=Count("pk"),
        started=Count("response"),
        submitted=Count("response", filter=Q(response__status=ResponseStatus.SUBMITTED)),
    )


def open_invitations_for(user) -> list[Invitation]:
    """The questionnaires a person can still answer or change, for their dashboard."""
    from django.utils import timezone

    return list(
        Invitation.objects.filter(person=user, campaign__closed_at__isnull=True, campaign__deadline__gt=timezone.now())
        .select_related("campaign", "campaign__programme", "response")
        .order_by("campaign__deadline")
    )


def programme_campaigns(programme) -> QuerySet[Campaign]:
    return programme.campaigns.annotate(
        invited=Count("invitations", distinct=True),
        submitted=Count("invitations", filter=Q(invitations__response__status=ResponseStatus.SUBMITTED), distinct=True),
    ).order_by("-deadline")


def trainee_profiles_for_tutor(user, *, limit: int = 50) -> list[Invitation]:
    """The answered needs assessments of the trainees in the programmes where the user tutors."""
    # The programmes first, on their own: most people tutor nothing and are done in one small query, and
    # the profiles query then joins one table less, which PostgreSQL plans in a fraction of the time (the
    # join as one query took 11 ms to plan for 0.2 ms of work at network scale, on every dashboard).
    tutoring = list(
        Enrolment.objects.filter(person=user, role__in=(EnrolmentRole.TUTOR, EnrolmentRole.FACILITATOR)).values_list(
            "programme_id", flat=True
        )
    )
    if not tutoring:
        return []
    return list(
        Invitation.objects.filter(campaign__programme_id__in=tutoring, response__status=ResponseStatus.SUBMITTED)
        .exclude(person=user)
        .select_related("person", "organisation", "campaign", "campaign__programme")
        .order_by("campaign__programme__title", "person__full_name")[:limit]
    )
