"""Writes of matching: runs (solve and save the draft around the locks), review moves and locks,
publishing through the outbox, and the people's answers."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import audit_record
from core.broker import NOT_QUEUED, task_enqueue
from core.models import AuditAction
from notifications.services import notification_schedule
from programmes.enums import EnrolmentRole
from programmes.models import Enrolment

from . import selectors
from .enums import Answer, RunState, RunStep, UnmatchedReason
from .models import GroupMember, MatchingPlan, MatchingRun, Module, ModuleChoice, Pair, PeerGroup, Unmatched
from .scoring import Options, Person, affinity_matrix, excluded_because, group_reasons, peer_affinity, tutor_score
from .solvers import solve_assignment, solve_grouping

logger = logging.getLogger(__name__)

STALE_RUN = timezone.timedelta(minutes=20)


def options_of(plan: MatchingPlan) -> Options:
    return Options(forbid_same_organisation=plan.forbid_same_organisation, prefer_same_country=plan.prefer_same_country)


# --- runs ---------------------------------------------------------------------------------------


class RunAlreadyActive(Exception):
    def __init__(self, run: MatchingRun):
        super().__init__(f"run {run.pk} is still {run.state}")
        self.run = run


def run_request(*, plan: MatchingPlan, user, queue: str | None = None) -> MatchingRun:
    """Queue a run unless one is queued or running (a run older than STALE_RUN counts as lost).

    `queue` overrides the task's queue (tests run a worker on a queue of their own)."""
    with transaction.atomic():
        MatchingPlan.objects.select_for_update().get(pk=plan.pk)
        active = plan.runs.filter(state__in=(RunState.QUEUED, RunState.RUNNING)).first()
        if active and active.created > timezone.now() - STALE_RUN:
            raise RunAlreadyActive(active)
        if active:
            MatchingRun.objects.filter(pk=active.pk).update(
                state=RunState.FAILED, step=RunStep.FAILED, error="lost: no progress", finished_at=timezone.now()
            )
        run = MatchingRun.objects.create(plan=plan, requested_by=user)
        transaction.on_commit(lambda: _enqueue(run, queue))
    return run


def _enqueue(run: MatchingRun, queue: str | None) -> None:
    """Hand the run to a worker; if none can be reached the run fails at once, so it can be asked again."""
    from .tasks import run_matching

    if not task_enqueue(run_matching, args=(run.pk,), queue=queue):
        _progress(run, RunStep.FAILED, 100, state=RunState.FAILED, error=str(NOT_QUEUED), finished_at=timezone.now())


def _progress(run: MatchingRun, step: str, progress: int, **fields) -> None:
    MatchingRun.objects.filter(pk=run.pk).update(step=step, progress=progress, **fields)


def run_execute(*, run_id: int) -> MatchingRun | None:
    """Solve and save; the page reads `step` and `progress` while this works."""
    claimed = MatchingRun.objects.filter(pk=run_id, state=RunState.QUEUED).update(
        state=RunState.RUNNING, started_at=timezone.now(), step=RunStep.LOADING, progress=5
    )
    if not claimed:
        return None  # already done, or taken by another worker
    run = MatchingRun.objects.select_related("plan__programme").get(pk=run_id)
    try:
        summary = _run(run)
    except Exception as error:
        logger.exception("matching run %s failed", run_id)
        _progress(run, RunStep.FAILED, 100, state=RunState.FAILED, error=str(error)[:2000], finished_at=timezone.now())
    else:
        _progress(run, RunStep.DONE, 100, state=RunState.DONE, summary=summary, finished_at=timezone.now())
        audit_record(actor=run.requested_by, programme=run.plan.programme, action=AuditAction.RUN, obj=run)
    run.refresh_from_db()
    return run


def _run(run: MatchingRun) -> dict:
    plan = run.plan
    programme = plan.programme
    enrolments = list(selectors.matchable_enrolments(programme))
    people = selectors.people(programme, enrolments)
    roles = {e.pk: e.role for e in enrolments}
    modules = list(programme.modules.prefetch_related("topics").order_by("pk"))
    _progress(run, RunStep.ASSIGNING, 15)
    assignment = _assign(plan, people, roles)
    outcomes = []
    for index, module in enumerate(modules):
        _progress(run, RunStep.GROUPING, 30 + int(60 * index / max(1, len(modules))))
        outcomes.append(_group(plan, module, people))
    _progress(run, RunStep.SAVING, 92)
    with transaction.atomic():
        MatchingPlan.objects.select_for_update().get(pk=plan.pk)
        _save_pairs(plan, assignment)
        for outcome in outcomes:
            _save_groups(plan, outcome)
        MatchingPlan.objects.filter(pk=plan.pk).update(needs_rerun=False)
    return {
        "pairs": len(assignment["pairs"]),
        "score": assignment["objective"],
        "trainees_unassigned": len(assignment["unassigned"]),
        "modules": [
            {
                "module": o["module"].pk,
                "title": o["module"].title,
                "groups": len(o["groups"]),
                "status": o["status"],
                "objective": o["objective"],
                "bound": o["bound"],
                "gap_pct": o["gap_pct"],
            }
            for o in outcomes
        ],
    }


def _kept_pairs(plan: MatchingPlan) -> tuple[list[Pair], set[tuple[int, int]]]:
    """Pairs a run keeps (locked, accepted or already published; not declined) and the declined combinations.

    Published pairs stay because their people were told: a re-run after a decline fills the free
    places; changing a published pair is a deliberate move, which tells the people again."""
    kept, declined = [], set()
    for pair in plan.pairs.all():
        if pair.is_declined:
            declined.add((pair.trainee_id, pair.tutor_id))
        elif pair.locked or pair.is_accepted or pair.notified_at:
            kept.append(pair)
    return kept, declined


def _unassigned_reason(trainee: Person, tutors: list[Person], options: Options, allowed: bool) -> str:
    if not tutors:
        return UnmatchedReason.NO_TUTOR
    if allowed:
        return UnmatchedReason.CAPACITY
    excluded = {excluded_because(trainee, tutor, options) for tutor in tutors}
    if excluded == {"no_language"}:
        return UnmatchedReason.NO_LANGUAGE
    if excluded <= {"no_language", "own_organisation"} and "own_organisation" in excluded:
        return UnmatchedReason.OWN_ORGANISATION
    return UnmatchedReason.FORBIDDEN


def _assign(plan: MatchingPlan, people: dict[int, Person], roles: dict[int, str]) -> dict:
    options = options_of(plan)
    kept, declined = _kept_pairs(plan)
    kept = [p for p in kept if p.trainee_id in people and p.tutor_id in people]
    fixed_trainees = {p.trainee_id for p in kept}
    tutors = [people[k] for k, role in roles.items() if role == EnrolmentRole.TUTOR]
    trainees = [people[k] for k, role in roles.items() if role == EnrolmentRole.TRAINEE and k not in fixed_trainees]
    used: dict[int, int] = {}
    for pair in kept:
        used[pair.tutor_id] = used.get(pair.tutor_id, 0) + 1
    scored = {}
    matrix = []
    for trainee in trainees:
        row = []
        for tutor in tutors:
            result = None if (trainee.key, tutor.key) in declined else tutor_score(trainee, tutor, options)
            scored[trainee.key, tutor.key] = result
            row.append(None if result is None else result.score)
        matrix.append(row)
    solved = solve_assignment(
        [t.key for t in trainees],
        [{"id": u.key, "capacity": max(0, plan.capacity_of(u.key) - used.get(u.key, 0))} for u in tutors],
        matrix,
    )
    pairs = [(trainee, tutor, scored[trainee, tutor]) for trainee, tutor in solved["pairs"]]
    unassigned = []
    for key in solved["unassigned"]:
        allowed = any(scored[key, u.key] is not None for u in tutors)
        unassigned.append((key, _unassigned_reason(people[key], tutors, options, allowed)))
    return {"pairs": pairs, "kept": kept, "unassigned": unassigned, "objective": solved["objective"]}


def _save_pairs(plan: MatchingPlan, assignment: dict) -> None:
    kept_ids = [p.pk for p in assignment["kept"]]
    plan.pairs.filter(Pair.ACTIVE).exclude(pk__in=kept_ids).delete()
    Pair.objects.bulk_create(
        Pair(plan=plan, trainee_id=trainee, tutor_id=tutor, score=scored.score, reasons=scored.reasons())
        for trainee, tutor, scored in assignment["pairs"]
    )
    plan.unmatched.filter(module__isnull=True).delete()
    Unmatched.objects.bulk_create(
        Unmatched(plan=plan, enrolment_id=key, reason=reason) for key, reason in assignment["unassigned"]
    )


def _group(plan: MatchingPlan, module: Module, people: dict[int, Person]) -> dict:
    topics = frozenset(t.pk for t in module.topics.all()) or None
    members = sorted((p for p in people.values() if module.pk in p.modules), key=lambda p: p.key)
    keys = {p.key for p in members}
    declined = list(
        ModuleChoice.objects.filter(module=module, declined_at__isnull=False).values_list("enrolment_id", flat=True)
    )
    fixed_by_group: dict[int, list[int]] = {}
    for member in GroupMember.objects.filter(module=module).exclude(answer=Answer.DECLINED):
        if member.enrolment_id in keys and (member.locked or member.answer == Answer.ACCEPTED or member.notified_at):
            fixed_by_group.setdefault(member.group_id, []).append(member.enrolment_id)
    outcome = {
        "module": module,
        "topics": topics,
        "members": members,
        "fixed_groups": list(fixed_by_group),
        "fixed": list(fixed_by_group.values()),
        "declined": declined,
        "groups": [],
        "status": "optimal",
        "objective": 0.0,
        "bound": 0.0,
        "gap_pct": 0.0,
        "unassigned": [],
    }
    if not members:
        return outcome
    instance = {
        "participants": [p.key for p in members],
        "affinity": affinity_matrix(members, topics, module.policy),
        "min_size": module.min_size,
        "max_size": module.max_size,
        "experienced": [p.key for p in members if p.experienced],
        "policy": module.policy,
        "time_limit_s": settings.MATCHING_GROUP_TIME_LIMIT_S,
    }
    fixed = list(fixed_by_group.values())
    if fixed:
        instance["fixed"] = fixed
    result = solve_grouping(**instance)
    outcome.update(status=result["status"], objective=result["objective"], bound=result["bound"])
    outcome["gap_pct"] = result["gap_pct"]
    if result["status"] == "infeasible":
        n, lo, hi = len(members), module.min_size, module.max_size
        sizes_possible = -(-n // hi) <= n // lo
        reason = UnmatchedReason.GROUP_LOCKS if (fixed and sizes_possible) else UnmatchedReason.GROUP_SIZE
        placed = {k for keys in fixed for k in keys}
        outcome["unassigned"] = [(p.key, reason) for p in members if p.key not in placed]
        return outcome
    outcome["groups"] = [list(group) for group in result["groups"]]
    return outcome


def _save_groups(plan: MatchingPlan, outcome: dict) -> None:
    module = outcome["module"]
    people = {p.key: p for p in outcome["members"]}
    existing = {m.enrolment_id: m for m in GroupMember.objects.filter(module=module).select_related("group")}
    fixed_groups = set(outcome["fixed_groups"])
    fixed_keys = {k for keys in outcome["fixed"] for k in keys}
    # A new group reuses the row of the kept group inside it, so answers and notices stay.
    groups_by_index: dict[int, int | None] = {}
    for index, group in enumerate(outcome["groups"]):
        kept = {existing[k].group_id for k in group if k in fixed_keys}
        groups_by_index[index] = kept.pop() if kept else None
    reused = {g for g in groups_by_index.values() if g}
    if outcome["status"] == "infeasible":
        # Nothing new to save: keep the locked and accepted members in their groups, drop the rest.
        reused = fixed_groups
        kept = Q(locked=True) | Q(answer=Answer.ACCEPTED) | Q(answer=Answer.DECLINED) | Q(notified_at__isnull=False)
        GroupMember.objects.filter(module=module).exclude(kept).delete()
    PeerGroup.objects.filter(module=module).exclude(pk__in=reused).delete()
    plan.unmatched.filter(module=module).delete()
    number = 0
    for index, group in enumerate(outcome["groups"]):
        number += 1
        members = [people[k] for k in group]
        values = {
            "affinity": _group_affinity(members, outcome["topics"], module.policy),
            "reasons": group_reasons(members, outcome["topics"], module.policy),
            "number": number,
        }
        group_id = groups_by_index[index]
        if group_id:
            PeerGroup.objects.filter(pk=group_id).update(**values)
        else:
            group_id = PeerGroup.objects.create(plan=plan, module=module, **values).pk
        for key in group:
            member = existing.get(key)
            if member and member.group_id == group_id:
                continue
            GroupMember.objects.filter(module=module, enrolment_id=key).delete()
            GroupMember.objects.create(group_id=group_id, module=module, enrolment_id=key)
    if outcome["groups"]:
        placed = {k for group in outcome["groups"] for k in group}
        GroupMember.objects.filter(module=module).exclude(enrolment_id__in=placed).exclude(
            answer=Answer.DECLINED
        ).delete()
    Unmatched.objects.bulk_create(
        [Unmatched(plan=plan, enrolment_id=k, module=module, reason=r) for k, r in outcome["unassigned"]]
        + [
            Unmatched(plan=plan, enrolment_id=k, module=module, reason=UnmatchedReason.DECLINED)
            for k in outcome["declined"]
        ]
    )


def _group_affinity(members: list[Person], topics, policy: str) -> float:
    return sum(
        peer_affinity(members[i], members[j], topics, policy)
        for i in range(len(members))
        for j in range(i + 1, len(members))
    )


# --- review ----------------------------------------------------------------------------------


def tutor_options(plan: MatchingPlan, trainee: Enrolment) -> list[dict]:
    """Every tutor with the score they would give this trainee and their free places."""
    people = selectors.people(plan.programme)
    enrolments = {e.pk: e for e in selectors.matchable_enrolments(plan.programme).filter(role=EnrolmentRole.TUTOR)}
    options = options_of(plan)
    load: dict[int, int] = {}
    for tutor_id in plan.pairs.filter(Pair.ACTIVE).exclude(trainee=trainee).values_list("tutor_id", flat=True):
        load[tutor_id] = load.get(tutor_id, 0) + 1
    me = people.get(trainee.pk) or Person(key=trainee.pk, organisation=trainee.organisation_id)
    rows = []
    for key, enrolment in enrolments.items():
        tutor = people[key]
        scored = tutor_score(me, tutor, options)
        capacity = plan.capacity_of(key)
        rows.append(
            {
                "enrolment": enrolment,
                "scored": scored,
                "excluded": excluded_because(me, tutor, options),
                "capacity": capacity,
                "free": capacity - load.get(key, 0),
            }
        )
    rows.sort(
        key=lambda r: (r["scored"] is None, -(r["scored"].score if r["scored"] else 0), r["enrolment"].person.full_name)
    )
    return rows


def current_pair(plan: MatchingPlan, trainee: Enrolment) -> Pair | None:
    return plan.pairs.filter(Pair.ACTIVE, trainee=trainee).select_related("tutor__person").first()


@transaction.atomic
def pair_move(
    *, plan: MatchingPlan, trainee: Enrolment, tutor_id: int | None, actor=None
) -> tuple[float | None, float | None]:
    """Give the trainee this tutor (None: no tutor). The pair is locked. Returns (old score, new score)."""
    MatchingPlan.objects.select_for_update().get(pk=plan.pk)
    pair = current_pair(plan, trainee)
    old = pair.score if pair else None
    if tutor_id is None:
        if pair:
            audit_record(actor=actor, programme=plan.programme, action=AuditAction.DELETED, obj=pair)
            pair.delete()
        return old, None
    rows = {row["enrolment"].pk: row for row in tutor_options(plan, trainee)}
    row = rows.get(tutor_id)
    if row is None:
        raise ValidationError(_("This person is not an approved tutor of the programme."))
    if row["scored"] is None:
        if row["excluded"] == "no_language":
            raise ValidationError(
                _("%(tutor)s shares no language with the trainee.") % {"tutor": row["enrolment"].person}
            )
        raise ValidationError(
            _("%(tutor)s works for the trainee's own organisation, which the matching settings forbid.")
            % {"tutor": row["enrolment"].person}
        )
    if (pair is None or pair.tutor_id != tutor_id) and row["free"] <= 0:
        raise ValidationError(
            _("%(tutor)s has no free place (capacity %(capacity)s).")
            % {"tutor": row["enrolment"].person, "capacity": row["capacity"]}
        )
    scored = row["scored"]
    if pair is None:
        pair = Pair(plan=plan, trainee=trainee)
    moved = pair.tutor_id != tutor_id
    if moved:
        pair.trainee_answer = pair.tutor_answer = Answer.PENDING
        pair.notified_at = None
    pair.tutor_id = tutor_id
    pair.score = scored.score
    pair.reasons = scored.reasons()
    pair.locked = True
    pair.save()
    plan.unmatched.filter(module__isnull=True, enrolment=trainee).delete()
    if moved:
        pair.tutor = row["enrolment"]
        audit_record(actor=actor, programme=plan.programme, action=AuditAction.MOVED, obj=pair, fields=["tutor"])
    return old, scored.score


@transaction.atomic
def pair_lock(*, pair: Pair, locked: bool, actor=None) -> None:
    Pair.objects.filter(pk=pair.pk).update(locked=locked)
    action = AuditAction.LOCKED if locked else AuditAction.UNLOCKED
    audit_record(actor=actor, programme=pair.plan.programme, action=action, obj=pair, fields=["locked"])


def group_options(plan: MatchingPlan, choice: ModuleChoice) -> tuple[GroupMember | None, list[dict]]:
    """The groups of the choice's module with the affinity change a move there would make."""
    module = choice.module
    people = selectors.people(plan.programme)
    me = people.get(choice.enrolment_id)
    topics = frozenset(module.topics.values_list("pk", flat=True)) or None
    current = GroupMember.objects.filter(module=module, enrolment_id=choice.enrolment_id).first()
    members: dict[int, list[int]] = {}
    for group_id, key in (
        GroupMember.objects.filter(module=module)
        .exclude(answer=Answer.DECLINED)
        .values_list("group_id", "enrolment_id")
    ):
        members.setdefault(group_id, []).append(key)

    def gain(group_id: int) -> float:
        if me is None:
            return 0.0
        return sum(
            peer_affinity(me, people[k], topics, module.policy)
            for k in members.get(group_id, [])
            if k != me.key and k in people
        )

    leaving = gain(current.group_id) if current and current.answer != Answer.DECLINED else 0.0
    rows = []
    for group in module.groups.order_by("number"):
        size = len([k for k in members.get(group.pk, []) if k != choice.enrolment_id])
        rows.append(
            {
                "group": group,
                "size_after": size + 1,
                "change": 0.0 if current and current.group_id == group.pk else gain(group.pk) - leaving,
                "within_bounds": module.min_size <= size + 1 <= module.max_size,
            }
        )
    return current, rows


@transaction.atomic
def member_move(*, plan: MatchingPlan, choice: ModuleChoice, group: PeerGroup, actor=None) -> float:
    """Put the participant in this group of the module (locked). Returns the affinity change."""
    MatchingPlan.objects.select_for_update().get(pk=plan.pk)
    if group.module_id != choice.module_id:
        raise ValidationError(_("That group belongs to another module."))
    current, rows = group_options(plan, choice)
    change = next(r["change"] for r in rows if r["group"].pk == group.pk)
    if current is None:
        current = GroupMember(module=choice.module, enrolment=choice.enrolment)
    moved = current.group_id != group.pk
    if moved or current.answer == Answer.DECLINED:
        current.answer = Answer.PENDING
        current.notified_at = None
    current.group = group
    current.locked = True
    current.save()
    ModuleChoice.objects.filter(pk=choice.pk).update(declined_at=None)
    plan.unmatched.filter(module=choice.module, enrolment=choice.enrolment).delete()
    if moved:
        audit_record(actor=actor, programme=plan.programme, action=AuditAction.MOVED, obj=current, fields=["group"])
    return change


@transaction.atomic
def member_lock(*, member: GroupMember, locked: bool, actor=None) -> None:
    GroupMember.objects.filter(pk=member.pk).update(locked=locked)
    action = AuditAction.LOCKED if locked else AuditAction.UNLOCKED
    audit_record(actor=actor, programme=member.module.programme, action=action, obj=member, fields=["locked"])


# --- publishing and answers ------------------------------------------------------------------


@transaction.atomic
def plan_publish(*, plan: MatchingPlan, actor=None) -> int:
    """Tell everybody in a pair or group not yet told; returns the number of notices planned."""
    from .notifications import MATCH_GROUP, MATCH_PAIR

    now = timezone.now()
    planned = 0
    pairs = plan.pairs.filter(Pair.ACTIVE, notified_at__isnull=True).select_related("trainee__person", "tutor__person")
    for pair in pairs:
        for side, enrolment in (("trainee", pair.trainee), ("tutor", pair.tutor)):
            notification_schedule(
                kind=MATCH_PAIR.code,
                recipient=enrolment.person,
                target=pair,
                due_at=now,
                occurrence=f"{side}-{pair.trainee_id}-{pair.tutor_id}",
                programme=plan.programme,
            )
            planned += 1
    pairs.update(notified_at=now)
    members = (
        GroupMember.objects.filter(group__plan=plan, notified_at__isnull=True)
        .exclude(answer=Answer.DECLINED)
        .select_related("enrolment__person")
    )
    for member in members:
        notification_schedule(
            kind=MATCH_GROUP.code,
            recipient=member.enrolment.person,
            target=member,
            due_at=now,
            occurrence=f"group-{member.group_id}",
            programme=plan.programme,
        )
        planned += 1
    members.update(notified_at=now)
    MatchingPlan.objects.filter(pk=plan.pk).update(published_at=now)
    audit_record(actor=actor, programme=plan.programme, action=AuditAction.PUBLISHED, obj=plan)
    return planned


def pair_answer(*, pair: Pair, user, accept: bool) -> None:
    answer = Answer.ACCEPTED if accept else Answer.DECLINED
    field = "trainee_answer" if pair.trainee.person_id == user.pk else "tutor_answer"
    with transaction.atomic():
        Pair.objects.filter(pk=pair.pk).update(**{field: answer})
        if not accept:
            MatchingPlan.objects.filter(pk=pair.plan_id).update(needs_rerun=True)
        audit_record(actor=user, programme=pair.plan.programme, action=AuditAction.ANSWERED, obj=pair, fields=[field])
    setattr(pair, field, answer)


def member_answer(*, member: GroupMember, accept: bool, actor=None) -> None:
    answer = Answer.ACCEPTED if accept else Answer.DECLINED
    with transaction.atomic():
        GroupMember.objects.filter(pk=member.pk).update(answer=answer)
        if not accept:
            ModuleChoice.objects.filter(module=member.module_id, enrolment=member.enrolment_id).update(
                declined_at=timezone.now()
            )
            MatchingPlan.objects.filter(pk=member.group.plan_id).update(needs_rerun=True)
        audit_record(
            actor=actor, programme=member.module.programme, action=AuditAction.ANSWERED, obj=member, fields=["answer"]
        )
    member.answer = answer


# --- settings and modules --------------------------------------------------------------------


def plan_settings_save(*, plan: MatchingPlan, capacities: dict[int, int], **options) -> None:
    for name, value in options.items():
        setattr(plan, name, value)
    plan.capacities = {str(k): int(v) for k, v in capacities.items() if v is not None}
    plan.save()


def module_save(*, module: Module, topics: Iterable) -> Module:
    module.save()
    module.topics.set(topics)
    return module


@transaction.atomic
def _choices_set(*, fixed: dict, varying: str, wanted: set[int], programme_id: int) -> None:
    """Make the module choices matching `fixed` (a module or an enrolment) exactly those whose
    `varying` id is in `wanted`; a choice dropped also leaves its group. A change after publishing
    flags the draft for a re-run."""
    choices = ModuleChoice.objects.filter(**fixed)
    current = set(choices.values_list(varying, flat=True))
    dropped, added = current - wanted, wanted - current
    choices.filter(**{f"{varying}__in": dropped}).delete()
    GroupMember.objects.filter(**fixed, **{f"{varying}__in": dropped}).delete()
    ModuleChoice.objects.bulk_create(ModuleChoice(**fixed, **{varying: pk}) for pk in added)
    if dropped or added:
        MatchingPlan.objects.filter(programme=programme_id, published_at__isnull=False).update(needs_rerun=True)


def module_members_set(*, module: Module, enrolments: Iterable[Enrolment]) -> None:
    """The module's peers are exactly these (the coordinator choosing for them)."""
    wanted = {e.pk for e in enrolments}
    _choices_set(fixed={"module": module}, varying="enrolment_id", wanted=wanted, programme_id=module.programme_id)


def module_choices_set(*, enrolment: Enrolment, modules: Iterable[Module]) -> None:
    """The peer's modules are exactly these; a module dropped takes them out of its group."""
    wanted = {m.pk for m in modules}
    _choices_set(
        fixed={"enrolment": enrolment}, varying="module_id", wanted=wanted, programme_id=enrolment.programme_id
    )
