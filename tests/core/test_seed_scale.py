from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.urls import reverse

from assessments.models import Answer, Campaign, Invitation, Response
from budget.models import CostLine, FundingSource, ProgrammeBudget
from core.enums import OrganisationKind, Role
from core.models import Expertise, Membership, Organisation, User
from core.scale import FINGERPRINTED, fingerprint, scale_organisations, scale_users
from evaluation.models import AnswerValue, Evaluation, Invitee, Questionnaire, Receipt, Submission
from matching.models import MatchingPlan, Pair
from programmes.enums import ProgrammeStatus
from programmes.models import Attendance, Enrolment, Programme, Session
from risks.models import Risk
from tests.conftest import require

pytestmark = pytest.mark.django_db

SMALL = 0.002  # 6 organisations, 60 people, 2 programmes, 40 sessions, 120 responses, 600 answers


def seed(**options) -> str:
    out = StringIO()
    call_command("seed_scale", scale=SMALL, stdout=out, **options)
    return out.getvalue()


def test_small_scale_creates_the_sizes_asked_for():
    output = seed()

    assert {
        "organisations": scale_organisations().count(),
        "coordinators": scale_organisations().filter(kind=OrganisationKind.COORDINATOR).count(),
        "people": scale_users().count(),
        "memberships": Membership.objects.count(),
        "programmes": Programme.objects.count(),
        "sessions": Session.objects.count(),
        "responses": Response.objects.count(),
        "answers": AnswerValue.objects.count(),
        "statuses": Programme.objects.values("status").distinct().count(),
    } == {
        "organisations": 6,
        "coordinators": 1,
        "people": 60,
        "memberships": 60,
        "programmes": 2,
        "sessions": 40,
        "responses": 120,
        "answers": 600,
        "statuses": 2,
    }
    assert Questionnaire.objects.count() == 1  # the default questionnaire of the one coordinator
    for model in (Expertise, Enrolment, Attendance, Campaign, Invitation, Answer, Evaluation, Invitee, Receipt):
        assert model.objects.exists(), model
    assert Submission.objects.count() == Receipt.objects.count()
    assert ProgrammeBudget.objects.count() == 2
    assert CostLine.objects.exists() and FundingSource.objects.exists() and Risk.objects.exists()
    assert "Done:" in output and "evaluation_answervalue" in output


def test_options_override_the_scaled_sizes():
    seed(people=25, programmes=3, sessions=7, responses=10, answers=50)

    assert (
        User.objects.count(),
        Programme.objects.count(),
        Session.objects.count(),
        Response.objects.count(),
        AnswerValue.objects.count(),
    ) == (25, 3, 7, 10, 50)


def test_every_status_appears_at_larger_sizes():
    seed(programmes=7, sessions=14, responses=14, answers=70)

    assert set(Programme.objects.values_list("status", flat=True)) == set(ProgrammeStatus.values)


def test_generated_rows_are_valid():
    seed()

    for model in FINGERPRINTED:
        if model._meta.auto_created:  # many-to-many links have nothing to validate
            continue
        for row in model.objects.order_by("pk")[:15]:
            row.full_clean()


def test_matching_pairs_tutors_and_trainees_of_the_same_programme():
    seed(programmes=6, sessions=12)

    assert MatchingPlan.objects.exists()
    for pair in Pair.objects.select_related("trainee", "tutor", "plan"):
        assert pair.trainee.programme_id == pair.tutor.programme_id == pair.plan.programme_id


def test_matching_pages_show_the_generated_pairs_with_their_reasons(client):
    seed(programmes=6, sessions=12)
    plan = MatchingPlan.objects.filter(pairs__isnull=False).order_by("pk").first()
    pair = plan.pairs.select_related("trainee__person").first()
    client.force_login(plan.programme.created_by)

    plan_page = client.get(reverse("matching:programme", kwargs={"pk": plan.programme_id}))
    client.force_login(pair.trainee.person)
    own_page = client.get(reverse("matching:mine"))

    assert (plan_page.status_code, own_page.status_code) == (200, 200)
    assert pair.trainee.person.full_name in plan_page.content.decode()


def test_same_seed_gives_the_same_data_and_another_seed_other_data():
    seed(seed=7)
    first = fingerprint()

    seed(seed=7, reset=True)
    again = fingerprint()
    seed(seed=8, reset=True)
    other = fingerprint()

    assert again == first
    differing = {table for table in first if first[table] != other[table]}
    assert {"core_organisation", "programmes_session", "evaluation_answervalue", "assessments_answer"} <= differing


def test_refuses_to_run_into_scale_data_without_append_or_reset():
    seed(seed=3)

    with pytest.raises(CommandError, match="already holds scale data"):
        seed(seed=3)
    with pytest.raises(CommandError, match="already holds scale data"):
        seed(seed=4)
    seed(seed=4, append=True)
    assert scale_users().count() == 120


def test_reset_removes_the_previous_data():
    seed(seed=3)
    seed(seed=5, reset=True)

    assert not User.objects.filter(email__startswith="scale-3-").exists()
    assert scale_users().count() == 60
    assert not Organisation.objects.filter(name__contains="(scale 3-").exists()


@pytest.mark.parametrize("value", [0, -1])
def test_bad_scale_is_a_clear_error(value):
    with pytest.raises(CommandError, match="greater than 0"):
        call_command("seed_scale", scale=value, stdout=StringIO())


def test_negative_size_is_a_clear_error():
    with pytest.raises(CommandError, match="cannot be negative"):
        seed(sessions=-5)


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.PROJECT_MANAGER, Role.TUTOR, Role.LG_STAFF])
def test_pages_of_each_role_render_with_the_data(client, role):
    seed(programmes=3, sessions=12)
    person = User.objects.filter(memberships__role=role).order_by("pk").first()
    client.force_login(person)

    assert client.get(reverse("core:dashboard")).status_code == 200
    if role in (Role.COORDINATOR, Role.PROJECT_MANAGER):
        programme = Programme.objects.filter(organisation__memberships__user=person).order_by("pk").first()
        assert client.get(programme.get_absolute_url()).status_code == 200
        assert client.get(reverse("programmes:list")).status_code == 200


def test_the_planner_statistics_of_the_written_tables_are_refreshed():
    """After a bulk load the planner needs statistics, or it plans from an empty table's defaults."""
    require("PostgreSQL", connection.vendor == "postgresql", "set DATABASE_URL=postgres://... to read pg_stats")
    seed()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(DISTINCT tablename) FROM pg_stats WHERE schemaname = current_schema()"
            " AND tablename IN ('evaluation_answervalue', 'assessments_answer', 'programmes_session')"
        )
        (analysed,) = cursor.fetchone()
    assert analysed == 3
