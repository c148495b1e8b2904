"""Reads of matching, scoped to the user: the owning organisation's coordinators change the draft,
its project managers read it, the matched people see their own pairs and groups."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery

from assessments.enums import CampaignKind, ResponseStatus
from assessments.models import Answer as NeedAnswer
from core.models import Expertise, Topic
from core.scope import get_or_404, roles_of
from programmes.enums import AcceptanceStatus, ApprovalStatus, EnrolmentRole
from programmes.models import Enrolment, Programme
from programmes.selectors import staff_programmes

from .enums import Answer
from .models import GroupMember, MatchingPlan, MatchingRun, Module, ModuleChoice, Pair, PeerGroup, Unmatched
from .scoring import Need, Person, size_band

MATCHED_ROLES = (EnrolmentRole.TRAINEE, EnrolmentRole.TUTOR, EnrolmentRole.PEER)


def _programmes(user, *, manage: bool) -> QuerySet[Programme]:
    return staff_programmes(user, manage=manage)


def programme_get(user, pk, *, manage: bool = False) -> Programme:
    """A programme whose matching the user may read (or, with `manage`, change)."""
    return get_or_404(_programmes(user, manage=manage), pk=pk)


def can_manage(user, programme: Programme) -> bool:
    return programme.organisation_id in roles_of(user).coordinated


def plan_for(programme: Programme) -> MatchingPlan:
    plan, _created = MatchingPlan.objects.get_or_create(programme=programme)
    plan.programme = programme
    return plan


def _coordinated(user) -> Q:
    return Q(programme__organisation_id__in=roles_of(user).coordinated)


def module_managed(user, pk) -> Module:
    return get_or_404(Module.objects.filter(_coordinated(user)).select_related("programme"), pk=pk)


def run_get(user, pk) -> MatchingRun:
    return get_or_404(
        MatchingRun.objects.filter(plan__programme__organisation_id__in=roles_of(user).managed).select_related(
            "plan__programme"
        ),
        pk=pk,
    )


def trainee_managed(user, pk) -> Enrolment:
    """A trainee of a programme the user coordinates (to give them a tutor)."""
    return get_or_404(
        Enrolment.objects.filter(_coordinated(user), role=EnrolmentRole.TRAINEE).select_related(
            "programme__organisation", "person", "organisation"
        ),
        pk=pk,
    )


def choice_managed(user, pk) -> ModuleChoice:
    return get_or_404(
        ModuleChoice.objects.filter(module__programme__organisation_id__in=roles_of(user).coordinated).select_related(
            "module__programme__organisation", "enrolment__person", "enrolment__organisation"
        ),
        pk=pk,
    )


def pair_managed(user, pk) -> Pair:
    return get_or_404(
        Pair.objects.filter(plan__programme__organisation_id__in=roles_of(user).coordinated).select_related(
            "plan__programme", "trainee__person", "tutor__person"
        ),
        pk=pk,
    )


def member_managed(user, pk) -> GroupMember:
    return get_or_404(
        GroupMember.objects.filter(module__programme__organisation_id__in=roles_of(user).coordinated).select_related(
            "group__plan__programme", "enrolment__person", "module"
        ),
        pk=pk,
    )


def pair_of_person(user, pk) -> Pair:
    """A published pair in which the user is the trainee or the tutor."""
    return get_or_404(
        Pair.objects.filter(Q(trainee__person=user) | Q(tutor__person=user), notified_at__isnull=False).select_related(
            "plan", "trainee__person", "tutor__person"
        ),
        pk=pk,
    )


def member_of_person(user, pk) -> GroupMember:
    return get_or_404(
        GroupMember.objects.filter(enrolment__person=user, notified_at__isnull=False).select_related(
            "group__plan", "module", "enrolment"
        ),
        pk=pk,
    )


def peer_enrolment(user, programme_pk) -> Enrolment:
    """The user's own peer enrolment in a programme (to choose modules)."""
    return get_or_404(
        Enrolment.objects.filter(person=user, role=EnrolmentRole.PEER).select_related("programme"),
        programme_id=programme_pk,
    )


# --- inputs of a run -------------------------------------------------------------------------


def matchable_enrolments(programme: Programme) -> QuerySet[Enrolment]:
    """Who takes part in matching: approved by their organisation, not declined by themselves."""
    return (
        programme.enrolments.filter(role__in=MATCHED_ROLES, approval=ApprovalStatus.APPROVED)
        .exclude(acceptance=AcceptanceStatus.DECLINED)
        .select_related("person", "organisation")
        .order_by("person__full_name", "pk")
    )


def _languages(person) -> frozenset[str]:
    codes = [str(code).strip().lower()[:2] for code in (person.languages or []) if str(code).strip()]
    return frozenset(codes or [person.preferred_language[:2]])


def people(programme: Programme, enrolments: list[Enrolment] | None = None) -> dict[int, Person]:
    """The formula's view of each matchable enrolment, in four queries whatever the cohort size."""
    if enrolments is None:
        enrolments = list(matchable_enrolments(programme))
    result: dict[int, Person] = {}
    by_person: dict[int, Person] = {}
    for e in enrolments:
        org = e.organisation
        result[e.pk] = by_person[e.person_id] = Person(
            key=e.pk,
            organisation=e.organisation_id,
            country=str(org.country or ""),
            languages=_languages(e.person),
            size_band=size_band(org.population),
            plan_status=org.plan_status or "",
        )
    # Needs: the newest submitted baseline of the programme, else the newest follow-up.
    answers = (
        NeedAnswer.objects.filter(
            response__invitation__campaign__programme=programme,
            response__invitation__person_id__in=by_person,
            response__status=ResponseStatus.SUBMITTED,
            current_level__isnull=False,
            required_level__isnull=False,
        )
        .values_list(
            "response__invitation__person_id",
            "response_id",
            "response__invitation__campaign__kind",
            "response__submitted_at",
            "topic_id",
            "current_level",
            "required_level",
            "priority",
        )
        .order_by("response__submitted_at", "response_id")
    )
    chosen: dict[int, tuple] = {}
    rows = list(answers)
    for person_id, response_id, kind, submitted, *_rest in rows:
        rank = (kind == CampaignKind.BASELINE, submitted, response_id)
        if person_id not in chosen or rank > chosen[person_id]:
            chosen[person_id] = rank
    for person_id, response_id, _kind, _submitted, topic_id, current, required, priority in rows:
        if chosen[person_id][2] == response_id:
            person = by_person[person_id]
            person.needs[topic_id] = Need(current, required, priority)
            person.answered = True
    for user_id, topic_id, level in Expertise.objects.filter(user_id__in=by_person).values_list(
        "user_id", "topic_id", "level"
    ):
        by_person[user_id].expertise[topic_id] = level
    modules: dict[int, set[int]] = {}
    for enrolment_id, module_id in ModuleChoice.objects.filter(
        enrolment_id__in=result, declined_at__isnull=True
    ).values_list("enrolment_id", "module_id"):
        modules.setdefault(enrolment_id, set()).add(module_id)
    for key, module_ids in modules.items():
        result[key].modules = frozenset(module_ids)
    return result


# --- pages ------------------------------------------------------------------------------------


def programme_modules(programme: Programme) -> QuerySet[Module]:
    return programme.modules.prefetch_related(
        Prefetch("topics", queryset=Topic.objects.order_by("order", "name"))
    ).annotate(
        chosen=Count("choices", filter=Q(choices__declined_at__isnull=True), distinct=True),
        group_count=Count("groups", distinct=True),
    )


def programme_peers(programme: Programme) -> QuerySet[Enrolment]:
    """Peers who can be grouped: approved, not declined."""
    return matchable_enrolments(programme).filter(role=EnrolmentRole.PEER)


def plan_pairs(plan: MatchingPlan) -> QuerySet[Pair]:
    return plan.pairs.select_related(
        "trainee__person", "trainee__organisation", "tutor__person", "tutor__organisation"
    ).order_by("trainee__person__full_name", "pk")


def _choice_id(module_field: str) -> Subquery:
    """The id of the row's module choice, to link a move."""
    choices = ModuleChoice.objects.filter(module=OuterRef(module_field), enrolment=OuterRef("enrolment"))
    return Subquery(choices.values("pk")[:1])


def plan_groups(plan: MatchingPlan) -> QuerySet[PeerGroup]:
    members = (
        GroupMember.objects.select_related("enrolment__person", "enrolment__organisation")
        .annotate(choice_id=_choice_id("module"))
        .order_by("enrolment__person__full_name", "pk")
    )
    return (
        plan.groups.select_related("module")
        .prefetch_related(Prefetch("members", queryset=members))
        .order_by("module__title", "module_id", "number")
    )


def plan_unmatched(plan: MatchingPlan) -> QuerySet[Unmatched]:
    return (
        plan.unmatched.select_related("enrolment__person", "enrolment__organisation", "module")
        .annotate(choice_id=_choice_id("module"))
        .order_by("module__title", "enrolment__person__full_name", "pk")
    )


def latest_run(plan: MatchingPlan) -> MatchingRun | None:
    return plan.runs.first()


def unpublished_changes(plan: MatchingPlan) -> int:
    pairs = plan.pairs.filter(Pair.ACTIVE, notified_at__isnull=True).count()
    members = GroupMember.objects.filter(group__plan=plan, notified_at__isnull=True).exclude(answer=Answer.DECLINED)
    return pairs + members.count()


def topic_names(ids) -> dict[int, str]:
    return {t.pk: str(t) for t in Topic.objects.filter(pk__in=set(ids))}


def my_pairs(user) -> QuerySet[Pair]:
    return (
        Pair.objects.filter(Q(trainee__person=user) | Q(tutor__person=user), notified_at__isnull=False)
        .select_related(
            "plan__programme",
            "trainee__person",
            "trainee__organisation",
            "tutor__person",
            "tutor__organisation",
        )
        .order_by("-created", "-pk")
    )


def my_groups(user) -> QuerySet[PeerGroup]:
    members = GroupMember.objects.select_related("enrolment__person", "enrolment__organisation").order_by(
        "enrolment__person__full_name", "pk"
    )
    return (
        PeerGroup.objects.filter(members__enrolment__person=user, members__notified_at__isnull=False)
        .select_related("module", "plan__programme")
        .prefetch_related(Prefetch("members", queryset=members))
        .distinct()
        .order_by("-created", "-pk")
    )


def my_peer_programmes(user) -> QuerySet[Enrolment]:
    """The user's peer enrolments in programmes that have modules to choose from."""
    return (
        Enrolment.objects.filter(person=user, role=EnrolmentRole.PEER, programme__modules__isnull=False)
        .select_related("programme")
        .distinct()
        .order_by("programme__title")
    )


@dataclass(frozen=True)
class GroupBounds:
    group: PeerGroup
    size: int


def groups_outside_bounds(programme: Programme) -> list[GroupBounds]:
    """Groups whose active members are fewer than the module's minimum or more than its maximum (one query)."""
    groups = (
        PeerGroup.objects.filter(plan__programme=programme)
        .select_related("module")
        .annotate(size=Count("members", filter=~Q(members__answer=Answer.DECLINED)))
    )
    return [GroupBounds(g, g.size) for g in groups if not g.module.min_size <= g.size <= g.module.max_size]
