"""Property tests of matching in the application: whatever the cohort, the saved draft is feasible."""

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from matching import services
from matching.models import GroupMember, MatchingRun, Module, ModuleChoice, Pair
from matching.scoring import excluded_because, tutor_score
from matching.selectors import people, plan_for
from programmes.enums import EnrolmentRole

from ..factories import OrganisationFactory
from .cohort import build_cohort, enrol, expertise, needs

pytestmark = pytest.mark.django_db

LANGUAGES = st.sampled_from([("en",), ("nl",), ("en", "nl"), ("hr",)])
LEVELS = st.tuples(st.integers(1, 5), st.integers(1, 5), st.integers(1, 3))


def _run(plan):
    run = MatchingRun.objects.create(plan=plan)
    return services.run_execute(run_id=run.pk)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    tutors=st.lists(st.tuples(LANGUAGES, st.dictionaries(st.integers(0, 2), st.integers(1, 5))), max_size=4),
    trainees=st.lists(st.tuples(LANGUAGES, st.dictionaries(st.integers(0, 2), LEVELS)), max_size=9),
    capacity=st.integers(0, 3),
    forbid=st.booleans(),
    lock=st.booleans(),
    peers=st.integers(0, 17),
    sizes=st.sampled_from([(2, 3), (3, 4), (6, 8)]),
)
def test_any_cohort_gives_a_feasible_draft(tutors, trainees, capacity, forbid, lock, peers, sizes):
    with transaction.atomic():
        cohort = build_cohort()
        shared = OrganisationFactory(name="Shared town")
        for i, (languages, levels) in enumerate(tutors):
            enrol(
                cohort, f"Tutor {i}", EnrolmentRole.TUTOR, languages=languages, organisation=shared if i % 2 else None
            )
            expertise(cohort, f"Tutor {i}", levels)
        for i, (languages, levels) in enumerate(trainees):
            enrol(
                cohort,
                f"Trainee {i}",
                EnrolmentRole.TRAINEE,
                languages=languages,
                organisation=shared if i % 3 == 0 else None,
            )
            needs(cohort, f"Trainee {i}", levels)
        module = Module.objects.create(programme=cohort.programme, title="M", min_size=sizes[0], max_size=sizes[1])
        for i in range(peers):
            enrolment = enrol(cohort, f"Peer {i}", EnrolmentRole.PEER)
            ModuleChoice.objects.create(module=module, enrolment=enrolment)
            needs(cohort, f"Peer {i}", {i % 3: (1, 1 + i % 5, 1 + i % 3)})
        plan = plan_for(cohort.programme)
        plan.default_capacity, plan.forbid_same_organisation = capacity, forbid
        plan.save()
        assert _run(plan).state == "done"
        locked = None
        if lock and plan.pairs.exists():
            locked = plan.pairs.first()
            services.pair_lock(pair=locked, locked=True)
        if lock and GroupMember.objects.filter(module=module).exists():
            services.member_lock(member=GroupMember.objects.filter(module=module).first(), locked=True)
        locked_members = {m.enrolment_id: m.group_id for m in GroupMember.objects.filter(module=module, locked=True)}
        assert _run(plan).state == "done"

        formula = people(cohort.programme)
        options = services.options_of(plan)
        pairs = list(plan.pairs.all())
        load = {}
        for pair in pairs:
            trainee, tutor = formula[pair.trainee_id], formula[pair.tutor_id]
            assert excluded_because(trainee, tutor, options) == ""
            assert pair.score == tutor_score(trainee, tutor, options).score
            load[pair.tutor_id] = load.get(pair.tutor_id, 0) + 1
        assert all(count <= capacity for count in load.values())
        assert len({p.trainee_id for p in pairs}) == len(pairs)
        if locked:
            assert Pair.objects.filter(pk=locked.pk, tutor=locked.tutor, locked=True).exists()
        # Everyone with a tutor or told why not.
        trainee_ids = {e.pk for name, e in cohort.enrolments.items() if name.startswith("Trainee")}
        told = set(plan.unmatched.filter(module__isnull=True).values_list("enrolment_id", flat=True))
        assert {p.trainee_id for p in pairs} | told == trainee_ids and not told & {p.trainee_id for p in pairs}
        # Groups: within bounds, each peer once, locked members where they were; or everyone told why not.
        members = list(GroupMember.objects.filter(module=module))
        groups = {}
        for member in members:
            groups.setdefault(member.group_id, []).append(member.enrolment_id)
        left = set(plan.unmatched.filter(module=module).values_list("enrolment_id", flat=True))
        if peers:
            assert len(members) == len({m.enrolment_id for m in members})
            if left and not locked_members:
                assert not members
            if not left:
                assert len(members) == peers
                assert all(sizes[0] <= len(g) <= sizes[1] for g in groups.values())
        for enrolment_id, group_id in locked_members.items():
            assert GroupMember.objects.get(module=module, enrolment_id=enrolment_id).group_id == group_id
        transaction.set_rollback(True)
