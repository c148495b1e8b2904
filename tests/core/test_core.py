import pytest
from django.apps import apps
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import OperationalError
from django.test import RequestFactory
from django.urls import reverse

from core import views
from core.enums import OrganisationKind
from core.models import Expertise, Membership, Organisation, Topic, User, WorkerHeartbeat
from core.tasks import heartbeat
from matching.models import GroupMember, Pair, PeerGroup
from programmes.models import Enrolment, Programme
from tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

COVENANT_THEMES = [
    "SEAP/SECAP development",
    "Baseline emission inventory",
    "Monitoring and reporting",
    "Financing (EU funds, ESCO, energy performance contracts)",
    "Public buildings",
    "Public lighting",
    "Renewable energy",
    "Mobility",
    "Adaptation and risk",
    "Citizen and stakeholder engagement",
    "Green public procurement",
    "Energy poverty",
]


def test_topic_catalogue_holds_the_covenant_themes():
    assert list(Topic.objects.order_by("order").values_list("name", flat=True)) == COVENANT_THEMES


def test_login_with_email(client):
    UserFactory(email="clara@example.org")

    response = client.post(reverse("login"), {"username": "Clara@example.org", "password": "secret-pass-123"})

    assert (response.status_code, response.url) == (302, reverse("core:dashboard"))


def test_login_with_wrong_password_shows_error(client):
    UserFactory(email="clara@example.org")

    response = client.post(reverse("login"), {"username": "clara@example.org", "password": "wrong"})

    assert response.status_code == 200
    assert response.context["form"].non_field_errors()


def test_pages_require_login(client):
    response = client.get(reverse("programmes:list"))

    assert (response.status_code, response.url) == (302, f"{reverse('login')}?next={reverse('programmes:list')}")


def test_health_is_public_and_reports_last_worker_beat(client):
    heartbeat(name="worker-1")

    body = client.get(reverse("core:health")).json()

    assert (body["database"], body["worker_last_seen"] is not None) == ("ok", True)


def test_health_answers_json_503_while_the_database_is_unreachable(client, monkeypatch):
    def refused():
        raise OperationalError("connection refused")

    monkeypatch.setattr(views.connection, "cursor", refused)  # the server, outside this process, is down
    response = client.get(reverse("core:health"))

    assert (response.status_code, response["Retry-After"], response.json()["database"]) == (503, "30", "unavailable")


def test_live_health_answers_plain_text_without_database_or_login(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get(reverse("core:health_live"))

    assert (response.status_code, response["Content-Type"], response.content) == (200, "text/plain", b"ok\n")


def test_heartbeat_counts_beats_in_one_row():
    heartbeat(name="w")
    heartbeat(name="w")

    assert list(WorkerHeartbeat.objects.values_list("name", "beats")) == [("w", 2)]


def test_organisation_parent_must_be_a_coordinator():
    municipality = OrganisationFactory(kind=OrganisationKind.LOCAL_GOVERNMENT)
    child = OrganisationFactory.build(parent=municipality, country="BE")

    with pytest.raises(ValidationError) as error:
        child.full_clean()

    assert "The parent must be a coordinator organisation." in error.value.message_dict["parent"]


def test_dashboard_for_employee_offers_accept_and_decline(client, world):
    client.force_login(world.a.employee)

    response = client.get(reverse("core:dashboard"))

    assert [e.programme for e in response.context["my_enrolments"]] == [world.a.programme]
    assert "status_counts" not in response.context
    assert reverse("programmes:enrolment_respond", kwargs={"pk": world.a.enrolment.pk}) in response.content.decode()


def test_dashboard_for_coordinator_counts_by_status_and_flags_attention(client, world):
    client.force_login(world.a.coordinator)

    response = client.get(reverse("core:dashboard"))

    counts = {status.value: n for status, n in response.context["status_counts"]}
    texts = [item["text"] for item in response.context["attention"]]
    assert counts["needs_assessment"] == 1 and sum(counts.values()) == 1
    assert "2 participations waiting for approval by their organisation" in texts
    assert "no topics chosen" in texts


def test_dashboard_for_project_manager_lists_organisation_programmes(client, world):
    client.force_login(world.a.project_manager)

    response = client.get(reverse("core:dashboard"))

    assert (response.context["organisation_programmes"], "status_counts" in response.context) == (
        [world.a.programme],
        False,
    )


def test_profile_saves_languages_and_expertise(client, world):
    client.force_login(world.a.tutor)
    finance, lighting = Topic.objects.get(code="financing"), Topic.objects.get(code="public-lighting")
    Expertise.objects.create(user=world.a.tutor, topic=lighting, level=2)

    client.post(
        reverse("core:profile"),
        {
            "full_name": "Tess Tutor",
            "job_title": "Energy expert",
            "preferred_language": "nl",
            "languages": ["nl", "fr"],
            f"topic_{finance.pk}": "5",
            f"topic_{lighting.pk}": "",
        },
    )

    world.a.tutor.refresh_from_db()
    assert (world.a.tutor.full_name, world.a.tutor.languages, world.a.tutor.preferred_language) == (
        "Tess Tutor",
        ["nl", "fr"],
        "nl",
    )
    assert list(Expertise.objects.filter(user=world.a.tutor).values_list("topic__code", "level")) == [("financing", 5)]


def test_profile_refuses_level_outside_scale(client, world):
    client.force_login(world.a.tutor)
    finance = Topic.objects.get(code="financing")

    response = client.post(
        reverse("core:profile"),
        {"full_name": "Tess", "preferred_language": "en", f"topic_{finance.pk}": "9"},
    )

    assert response.status_code == 400
    assert f"topic_{finance.pk}" in response.context["form"].errors
    assert not Expertise.objects.filter(user=world.a.tutor).exists()


def test_language_switch_translates_the_page(client, world):
    client.force_login(world.a.coordinator)

    client.post(reverse("set_language"), {"language": "nl", "next": "/"})
    response = client.get(reverse("programmes:list"))

    assert '<h1 class="h3 mb-0">Programma\'s</h1>' in response.content.decode()


def test_organisation_list_shows_own_and_coordinated(client, world):
    client.force_login(world.a.coordinator)

    response = client.get(reverse("core:organisation_list"))

    assert {o.name for o in response.context["organisations"]} == {"Agency A", "Town A"}


def test_seed_demo_twice_gives_the_same_data():
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115 -- discarded output
    models = (Organisation, User, Membership, Programme, Enrolment, Expertise, Pair, PeerGroup, GroupMember)
    first = [model.objects.count() for model in models]
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115 -- discarded output
    second = [model.objects.count() for model in models]

    assert first == second == [10, 29, 28, 4, 35, first[5], 5, 3, 23]
    assert set(Programme.objects.values_list("status", flat=True)) == {
        "needs_assessment",
        "matching",
        "running",
        "evaluation",
    }


def test_demo_coordinator_logs_in_with_printed_password(client):
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115 -- discarded output

    # django-axes checks every login against its lockout, and needs the request to do so.
    request = RequestFactory().post("/accounts/login/")
    assert client.login(request=request, email="coordinator@demo.example", password="demo-2030!")


@pytest.mark.parametrize("model", [m for m in apps.get_models() if m._meta.app_label in {"core", "programmes"}])
def test_every_model_has_admin_with_search_and_filters(admin_client, model):
    model_admin = admin.site._registry[model]
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")

    response = admin_client.get(url, {"q": "x"})

    assert (response.status_code, bool(model_admin.search_fields), bool(model_admin.list_filter)) == (200, True, True)
