"""The audit log: programme, budget and matching changes leave an entry with who and what."""

import pytest
from django.urls import reverse

from budget.models import CostLine
from core.models import AuditAction, AuditEntry
from matching.selectors import plan_for

from ..budget.test_views import _line_data
from ..matching.test_flow import cohort, pairs_by_name, run  # noqa: F401 -- fixtures used by name
from ..programmes.test_views import _programme_data

pytestmark = pytest.mark.django_db


def _entries(programme):
    return [
        (e.actor, e.action, e.object_type, e.changed_fields)
        for e in AuditEntry.objects.filter(programme=programme).order_by("pk")
    ]


def test_editing_a_programme_records_who_and_which_fields(client, world):
    client.force_login(world.a.coordinator)
    AuditEntry.objects.all().delete()

    client.post(
        reverse("programmes:edit", kwargs={"pk": world.a.programme.pk}),
        _programme_data(world, title="Renamed", goals=world.a.programme.goals),
    )

    (entry,) = _entries(world.a.programme)
    assert entry[:3] == (world.a.coordinator, AuditAction.CHANGED, "programmes.programme")
    assert "title" in entry[3] and "goals" not in entry[3]


def test_saving_a_programme_unchanged_records_nothing(client, world):
    programme = world.a.programme
    data = _programme_data(
        world,
        title=programme.title,
        method=programme.method,
        goals=programme.goals,
        start_date=programme.start_date.isoformat(),
        end_date=programme.end_date.isoformat(),
        topics=list(programme.topics.values_list("pk", flat=True)),
    )
    client.force_login(world.a.coordinator)

    client.post(reverse("programmes:edit", kwargs={"pk": programme.pk}), data)

    assert _entries(programme) == []


def test_a_status_change_is_recorded(client, world):
    client.force_login(world.a.coordinator)

    client.post(reverse("programmes:transition", kwargs={"pk": world.a.programme.pk}), {"to_status": "matching"})

    assert _entries(world.a.programme)[-1] == (
        world.a.coordinator,
        AuditAction.CHANGED,
        "programmes.programme",
        ["status"],
    )


def test_adding_and_editing_a_cost_line_are_recorded(client, world):
    client.force_login(world.a.coordinator)

    client.post(reverse("budget:cost_line_create", kwargs={"pk": world.a.programme.pk}), _line_data())
    line = CostLine.objects.get(programme=world.a.programme)
    client.post(
        reverse("budget:cost_line_edit", kwargs={"pk": line.pk}),
        _line_data(planned_amount="300.00", version=line.version),
    )

    created, changed = _entries(world.a.programme)[-2:]
    assert created[:3] == (world.a.coordinator, AuditAction.CREATED, "budget.costline")
    assert changed == (world.a.coordinator, AuditAction.CHANGED, "budget.costline", ["planned_amount"])


def test_moving_a_pair_records_the_coordinator_and_the_tutor_field(client, cohort, run):  # noqa: F811 -- fixtures
    run(client, cohort)
    plan = plan_for(cohort.programme)
    plan.default_capacity = 2
    plan.save()

    client.post(
        reverse("matching:trainee_tutor", args=[cohort.enrolments["Anna"].pk]), {"tutor": cohort.enrolments["Fiona"].pk}
    )

    entries = _entries(cohort.programme)
    assert entries[-1] == (cohort.coordinator, AuditAction.MOVED, "matching.pair", ["tutor"])
    assert (cohort.coordinator, AuditAction.RUN, "matching.matchingrun", []) in entries


def test_history_page_lists_the_entries_for_managers_and_is_404_for_outsiders(client, world):
    client.force_login(world.a.coordinator)
    client.post(
        reverse("programmes:edit", kwargs={"pk": world.a.programme.pk}), _programme_data(world, title="Renamed")
    )
    url = reverse("core:audit", kwargs={"pk": world.a.programme.pk})
    client.force_login(world.a.project_manager)

    page = client.get(url).content.decode()

    assert "Coordinator A" in page and "title" in page
    for outsider in (world.b.coordinator, world.a.employee, world.a.tutor):
        client.force_login(outsider)
        assert client.get(url).status_code == 404
