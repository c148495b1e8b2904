import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from core.concurrency import EditConflict
from programmes.enums import Method
from programmes.services import programme_create
from risks.enums import Barrier, RiskCategory, RiskStatus
from risks.models import Risk
from risks.services import risk_create, risk_delete, risk_update, risks_seed_for_programme
from tests.factories import ProgrammeFactory, RiskFactory

pytestmark = pytest.mark.django_db

SEEDED = [
    (Barrier.COMMON_GOALS, RiskCategory.GOALS_AND_FOCUS, 2, 4, RiskStatus.OPEN),
    (Barrier.FINANCIAL_RESOURCES, RiskCategory.FINANCIAL, 3, 4, RiskStatus.OPEN),
    (Barrier.KEY_ORGANISATION_SUPPORT, RiskCategory.ORGANISATIONAL_SUPPORT, 2, 5, RiskStatus.OPEN),
    (Barrier.PARTICIPANT_PROFILE, RiskCategory.PARTICIPANTS_AND_MATCHING, 3, 3, RiskStatus.OPEN),
    (Barrier.PEER_OPENNESS, RiskCategory.COOPERATION_AND_OPENNESS, 2, 3, RiskStatus.OPEN),
]


def _seeded(programme):
    return list(programme.risks.order_by("code").values_list("code", "category", "likelihood", "impact", "status"))


def test_programme_create_seeds_the_five_barriers_of_the_method(world):
    programme = programme_create(
        organisation=world.a.coordinator_org,
        created_by=world.a.coordinator,
        title="Tutoring on SECAPs",
        method=Method.TUTORING,
        start_date=datetime.date(2027, 3, 1),
        end_date=datetime.date(2027, 9, 30),
    )

    assert _seeded(programme) == SEEDED
    assert sorted(programme.risks.values_list("title", flat=True)) == [
        "Insufficient support from key organisations",
        "Lack of financial resources",
        "Lack of focus on common goals",
        "Peers not open to each other",
        "Poor participant profile or matching",
    ]


def test_seeded_peer_openness_says_it_concerns_peer_programmes(world):
    programme = ProgrammeFactory(organisation=world.a.coordinator_org)

    risks_seed_for_programme(programme=programme)

    risk = programme.risks.get(code=Barrier.PEER_OPENNESS)
    assert (risk.description.startswith("Relevant to peer-to-peer programmes:"), bool(risk.mitigation)) == (
        True,
        True,
    )


def test_seeding_twice_adds_nothing(world):
    programme = ProgrammeFactory(organisation=world.a.coordinator_org)
    risks_seed_for_programme(programme=programme)

    added = risks_seed_for_programme(programme=programme)

    assert (added, _seeded(programme)) == ([], SEEDED)


def test_seeding_again_restores_only_a_deleted_barrier_and_keeps_custom_risks(world):
    programme = ProgrammeFactory(organisation=world.a.coordinator_org)
    risks_seed_for_programme(programme=programme)
    programme.risks.get(code=Barrier.FINANCIAL_RESOURCES).delete()
    RiskFactory(programme=programme, title="Venue closes", code=None)

    added = risks_seed_for_programme(programme=programme)

    assert [risk.code for risk in added] == [Barrier.FINANCIAL_RESOURCES]
    assert programme.risks.count() == 6


def test_database_refuses_a_second_row_of_the_same_barrier(world):
    programme = ProgrammeFactory(organisation=world.a.coordinator_org)
    RiskFactory(programme=programme, code=Barrier.COMMON_GOALS)

    with pytest.raises(IntegrityError), transaction.atomic():
        RiskFactory(programme=programme, code=Barrier.COMMON_GOALS)


def test_custom_risks_without_code_never_collide(world):
    RiskFactory.create_batch(3, programme=world.a.programme, code=None)

    assert world.a.programme.risks.filter(code__isnull=True).count() == 3


@pytest.mark.parametrize("field", ["likelihood", "impact"])
@pytest.mark.parametrize("value", [0, 6])
def test_database_refuses_a_level_outside_1_to_5(world, field, value):
    with pytest.raises(IntegrityError), transaction.atomic():
        RiskFactory(programme=world.a.programme, **{field: value})


def test_score_is_likelihood_times_impact(world):
    risk = RiskFactory.build(likelihood=4, impact=5)

    assert risk.score == 20


def test_risk_create_refuses_an_invalid_level(world):
    with pytest.raises(ValidationError) as error:
        risk_create(programme=world.a.programme, title="Rain", category=RiskCategory.LOGISTICS, likelihood=7)

    assert error.value.message_dict == {"likelihood": ["Value 7 is not a valid choice."]}


def test_risk_update_bumps_the_version(world):
    risk = RiskFactory(programme=world.a.programme, title="Rain")

    risk_update(risk=risk, expected_version=1, title="Storm", likelihood=4)

    assert list(Risk.objects.filter(pk=risk.pk).values_list("title", "likelihood", "version")) == [("Storm", 4, 2)]


def test_stale_risk_update_is_refused_naming_what_changed(world):
    risk = RiskFactory(programme=world.a.programme, title="Rain", impact=3)
    first, second = Risk.objects.get(pk=risk.pk), Risk.objects.get(pk=risk.pk)
    risk_update(risk=first, expected_version=1, impact=5)

    with pytest.raises(EditConflict) as conflict:
        risk_update(risk=second, expected_version=1, title="Storm")

    assert conflict.value.changes == {"title": "Rain", "impact": "5 – Severe"}
    assert list(Risk.objects.filter(pk=risk.pk).values_list("title", "impact", "version")) == [("Rain", 5, 2)]


def test_risk_delete_removes_it(world):
    risk = RiskFactory(programme=world.a.programme)

    risk_delete(risk=risk)

    assert Risk.objects.filter(pk=risk.pk).exists() is False
