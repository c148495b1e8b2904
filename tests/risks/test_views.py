import datetime

import pytest
from django.urls import reverse

from risks.enums import RiskCategory, RiskStatus
from risks.models import Risk
from tests.factories import ProgrammeFactory, RiskFactory

pytestmark = pytest.mark.django_db


def _register(programme, **query):
    url = reverse("risks:register", kwargs={"pk": programme.pk})
    return url + ("?" + "&".join(f"{key}={value}" for key, value in query.items()) if query else "")


def _titles(response) -> list[str]:
    return [risk.title for risk in response.context["risks"]]


@pytest.fixture
def register(world):
    """Three risks of programme A: scores 20 (open), 6 (closed) and 12 (being mitigated)."""
    programme = world.a.programme
    RiskFactory(programme=programme, title="Funding", likelihood=4, impact=5)
    RiskFactory(programme=programme, title="Venue", likelihood=2, impact=3, status=RiskStatus.CLOSED)
    RiskFactory(programme=programme, title="Support", likelihood=3, impact=4, status=RiskStatus.MITIGATING)
    return programme


def _risk_data(**overrides):
    data = {
        "title": "Interpreters unavailable",
        "category": RiskCategory.LOGISTICS,
        "description": "Only one interpreter for Croatian.",
        "likelihood": "4",
        "impact": "3",
        "mitigation": "Book a second interpreter in March.",
        "owner": "",
        "status": RiskStatus.OPEN,
        "review_date": "2027-04-01",
    }
    data.update(overrides)
    return data


# The register


def test_register_is_ordered_by_score_highest_first(client, world, register):
    client.force_login(world.a.coordinator)

    response = client.get(_register(register))

    assert (response.status_code, _titles(response)) == (200, ["Funding", "Support", "Venue"])


def test_register_sorts_by_score_lowest_first_on_request(client, world, register):
    client.force_login(world.a.coordinator)

    response = client.get(_register(register, sort="score"))

    assert _titles(response) == ["Venue", "Support", "Funding"]


def test_register_sorts_by_next_review_with_undated_risks_last(client, world, register):
    register.risks.filter(title="Venue").update(review_date=datetime.date(2027, 2, 1))
    register.risks.filter(title="Support").update(review_date=datetime.date(2027, 1, 1))
    client.force_login(world.a.coordinator)

    response = client.get(_register(register, sort="review_date"))

    assert _titles(response) == ["Support", "Venue", "Funding"]


def test_register_filters_by_status(client, world, register):
    client.force_login(world.a.coordinator)

    response = client.get(_register(register, status="closed"))

    assert _titles(response) == ["Venue"]


def test_register_with_an_unknown_order_says_so_and_shows_the_default(client, world, register):
    client.force_login(world.a.coordinator)

    response = client.get(_register(register, sort="colour"))

    assert (response.status_code, _titles(response)) == (400, ["Funding", "Support", "Venue"])
    assert response.context["filter_form"].errors == {
        "sort": ["Select a valid choice. colour is not one of the available choices."]
    }


def test_register_marks_a_past_review_date_as_overdue(client, world):
    RiskFactory(programme=world.a.programme, title="Late", review_date=datetime.date(2020, 1, 31))
    RiskFactory(programme=world.a.programme, title="Closed", review_date=datetime.date(2020, 1, 31), status="closed")
    client.force_login(world.a.coordinator)

    response = client.get(_register(world.a.programme))

    assert response.content.decode().count("review overdue") == 1


def test_project_manager_reads_the_register_without_edit_controls(client, world, register):
    risk = register.risks.get(title="Funding")
    client.force_login(world.a.project_manager)

    response = client.get(_register(register))

    page = response.content.decode()
    assert (response.status_code, _titles(response)) == (200, ["Funding", "Support", "Venue"])
    assert (reverse("risks:create", kwargs={"pk": register.pk}) in page) is False
    assert (reverse("risks:edit", kwargs={"pk": risk.pk}) in page) is False


@pytest.mark.parametrize("person", ["tutor", "employee"])
def test_participants_of_the_programme_do_not_see_its_register(client, world, person):
    client.force_login(world.a.people()[person])

    response = client.get(_register(world.a.programme))

    assert response.status_code == 404


@pytest.mark.parametrize("person", ["coordinator", "project_manager"])
def test_another_organisation_gets_404_for_register_and_risk(client, world, person):
    risk = RiskFactory(programme=world.a.programme)
    client.force_login(world.b.people()[person])

    statuses = [
        client.get(_register(world.a.programme)).status_code,
        client.get(reverse("risks:edit", kwargs={"pk": risk.pk})).status_code,
        client.post(reverse("risks:delete", kwargs={"pk": risk.pk})).status_code,
    ]

    assert statuses == [404, 404, 404]
    assert Risk.objects.filter(pk=risk.pk).exists() is True


# Adding, editing and deleting


def test_coordinator_adds_a_risk(client, world):
    client.force_login(world.a.coordinator)

    response = client.post(
        reverse("risks:create", kwargs={"pk": world.a.programme.pk}), _risk_data(owner=world.a.employee.pk)
    )

    risk = Risk.objects.get(title="Interpreters unavailable")
    assert (response.status_code, response.url) == (302, _register(world.a.programme) + f"#risk-{risk.pk}")
    assert (risk.programme, risk.owner, risk.score, risk.review_date, risk.code, risk.version) == (
        world.a.programme,
        world.a.employee,
        12,
        datetime.date(2027, 4, 1),
        None,
        1,
    )


def test_invalid_risk_keeps_what_was_typed(client, world):
    client.force_login(world.a.coordinator)

    response = client.post(reverse("risks:create", kwargs={"pk": world.a.programme.pk}), _risk_data(likelihood="9"))

    assert response.status_code == 400
    assert response.context["form"].errors == {
        "likelihood": ["Select a valid choice. 9 is not one of the available choices."]
    }
    assert 'value="Interpreters unavailable"' in response.content.decode()
    assert Risk.objects.filter(title="Interpreters unavailable").exists() is False


def test_owner_must_belong_to_an_organisation_the_coordinator_sees(client, world):
    client.force_login(world.a.coordinator)

    response = client.post(
        reverse("risks:create", kwargs={"pk": world.a.programme.pk}), _risk_data(owner=world.b.employee.pk)
    )

    assert (response.status_code, response.context["form"].errors) == (
        400,
        {"owner": ["Select a valid choice. That choice is not one of the available choices."]},
    )


def test_owner_choices_are_the_people_of_visible_organisations(client, world):
    client.force_login(world.a.coordinator)

    response = client.get(reverse("risks:create", kwargs={"pk": world.a.programme.pk}))

    owners = set(response.context["form"].fields["owner"].queryset)
    assert owners == {world.a.coordinator, world.a.project_manager, world.a.tutor, world.a.employee}


@pytest.mark.parametrize("person", ["project_manager", "tutor", "employee"])
def test_only_coordinators_change_the_register(client, world, person):
    risk = RiskFactory(programme=world.a.programme, title="Funding")
    client.force_login(world.a.people()[person])

    statuses = [
        client.get(reverse("risks:create", kwargs={"pk": world.a.programme.pk})).status_code,
        client.post(reverse("risks:create", kwargs={"pk": world.a.programme.pk}), _risk_data()).status_code,
        client.post(reverse("risks:edit", kwargs={"pk": risk.pk}), _risk_data(version=1)).status_code,
        client.post(reverse("risks:delete", kwargs={"pk": risk.pk})).status_code,
    ]

    assert statuses == [404, 404, 404, 404]
    assert list(Risk.objects.values_list("title", flat=True)) == ["Funding"]


def test_coordinator_edits_a_risk(client, world):
    risk = RiskFactory(programme=world.a.programme, title="Funding")
    client.force_login(world.a.coordinator)
    url = reverse("risks:edit", kwargs={"pk": risk.pk})
    loaded = client.get(url).context["form"].initial["version"]

    response = client.post(url, _risk_data(title="Funding gap", status=RiskStatus.MITIGATING, version=loaded))

    assert (response.status_code, response.url) == (302, risk.get_absolute_url())
    assert list(Risk.objects.filter(pk=risk.pk).values_list("title", "status", "version")) == [
        ("Funding gap", RiskStatus.MITIGATING, 2)
    ]


def test_second_editor_gets_a_conflict_and_keeps_their_input(client, world):
    risk = RiskFactory(programme=world.a.programme, title="Funding")
    client.force_login(world.a.coordinator)
    url = reverse("risks:edit", kwargs={"pk": risk.pk})
    loaded = client.get(url).context["form"].initial["version"]
    client.post(url, _risk_data(title="Funding", mitigation="Apply to the regional fund", version=loaded))

    response = client.post(url, _risk_data(title="Funding", mitigation="Ask the sponsors", version=loaded))

    page = response.content.decode()
    assert response.status_code == 400
    assert "Someone else saved this while you were editing" in page
    assert "mitigation: Apply to the regional fund" in page and "Ask the sponsors" in page
    assert Risk.objects.get(pk=risk.pk).mitigation == "Apply to the regional fund"


def test_coordinator_deletes_a_risk(client, world):
    risk = RiskFactory(programme=world.a.programme)
    client.force_login(world.a.coordinator)

    response = client.post(reverse("risks:delete", kwargs={"pk": risk.pk}))

    assert (response.status_code, response.url) == (302, _register(world.a.programme))
    assert Risk.objects.filter(pk=risk.pk).exists() is False


def test_delete_answers_only_post(client, world):
    risk = RiskFactory(programme=world.a.programme)
    client.force_login(world.a.coordinator)

    response = client.get(reverse("risks:delete", kwargs={"pk": risk.pk}))

    assert (response.status_code, Risk.objects.filter(pk=risk.pk).exists()) == (405, True)


# The programme page


def test_programme_page_shows_readiness_warnings_with_their_links(client, world):
    risk = RiskFactory(programme=world.a.programme, title="No money", likelihood=5, impact=5)
    client.force_login(world.a.coordinator)

    response = client.get(world.a.programme.get_absolute_url())

    page = response.content.decode()
    assert [warning.code for warning in response.context["risks_section"]["warnings"]] == [
        "high_risk",
        "participants_pending_approval",
        "tutors_without_trainee_profiles",
    ]
    assert f'href="{risk.get_absolute_url()}"' in page
    assert "Ready: nothing to fix" not in page


def test_programme_page_says_ready_when_nothing_is_to_fix(client, world):
    programme = ProgrammeFactory(organisation=world.a.coordinator_org)
    client.force_login(world.a.project_manager)

    response = client.get(programme.get_absolute_url())

    assert "Ready: nothing to fix" in response.content.decode()


def test_programme_page_summarises_the_three_highest_risks_not_closed(client, world):
    programme = world.a.programme
    for title, likelihood, status in [
        ("A", 1, RiskStatus.OPEN),
        ("B", 2, RiskStatus.OPEN),
        ("C", 3, RiskStatus.MITIGATING),
        ("D", 4, RiskStatus.OPEN),
        ("E", 5, RiskStatus.CLOSED),
    ]:
        RiskFactory(programme=programme, title=title, likelihood=likelihood, impact=2, status=status)
    client.force_login(world.a.coordinator)

    section = client.get(programme.get_absolute_url()).context["risks_section"]

    assert ([risk.title for risk in section["top_risks"]], section["counts"]) == (
        ["D", "C", "B"],
        {"open": 3, "mitigating": 1, "closed": 1},
    )


@pytest.mark.parametrize("person", ["tutor", "employee"])
def test_participants_do_not_see_readiness_or_risks(client, world, person):
    client.force_login(world.a.people()[person])

    response = client.get(world.a.programme.get_absolute_url())

    assert (response.status_code, response.context["risks_section"], "Readiness" in response.content.decode()) == (
        200,
        None,
        False,
    )
