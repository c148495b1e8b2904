import datetime
import zoneinfo

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from core.enums import Role
from logistics import services
from logistics.defaults import DEFAULT_ITEMS
from logistics.enums import ChecklistSection, ChecklistStatus, ProcurementStatus
from logistics.models import ChecklistItem, ChecklistTemplate
from notifications.enums import NotificationState
from notifications.models import Notification
from notifications.services import notification_message
from tests.factories import ChecklistItemFactory, ChecklistTemplateItemFactory, member

pytestmark = pytest.mark.django_db

BRUSSELS = zoneinfo.ZoneInfo("Europe/Brussels")


def _reminders(item) -> list[tuple]:
    return list(
        Notification.objects.filter(kind="checklist_due", object_id=item.pk)
        .order_by("pk")
        .values_list("recipient__full_name", "occurrence", "due_at", "state")
    )


def _morning(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(9, 0), tzinfo=BRUSSELS)


# Templates


def test_default_template_is_seeded_once_with_items_in_every_section(world):
    first = services.checklist_default_template(organisation=world.a.coordinator_org)
    second = services.checklist_default_template(organisation=world.a.coordinator_org)

    sections = set(first.items.values_list("section", flat=True))
    assert (first.pk, first.name, first.is_default) == (second.pk, "Standard checklist", True)
    assert sections == set(ChecklistSection.values)
    assert first.items.count() == sum(len(titles) for titles in DEFAULT_ITEMS.values())
    assert ChecklistTemplate.objects.filter(organisation=world.a.coordinator_org).count() == 1


def test_template_list_seeds_the_default_of_each_coordinated_organisation(client, world):
    client.force_login(world.a.coordinator)

    response = client.get(reverse("logistics:templates"))

    assert [t.name for t in response.context["templates"]] == ["Standard checklist"]
    assert not ChecklistTemplate.objects.filter(organisation=world.b.coordinator_org).exists()


def test_coordinator_adds_an_item_to_the_template(client, world):
    template = services.checklist_default_template(organisation=world.a.coordinator_org)
    client.force_login(world.a.coordinator)

    response = client.post(
        template.get_absolute_url(), {"section": "correspondence", "title": "Letter to the mayor", "order": 99}
    )

    assert (response.status_code, response.url) == (302, template.get_absolute_url())
    assert template.items.filter(section="correspondence", title="Letter to the mayor", order=99).exists()


def test_duplicate_template_item_is_refused_with_the_input_kept(client, world):
    template = services.checklist_default_template(organisation=world.a.coordinator_org)
    client.force_login(world.a.coordinator)

    response = client.post(template.get_absolute_url(), {"section": "procurement", "title": "Catering", "order": 3})

    assert response.status_code == 400
    assert response.context["form"].non_field_errors() == ["This section already has an item with this title."]
    assert 'value="Catering"' in response.content.decode()


# Checklists from templates


def test_checklist_is_created_from_a_template_in_its_order(world):
    template = ChecklistTemplate.objects.create(organisation=world.a.coordinator_org, name="Short")
    ChecklistTemplateItemFactory(template=template, section="materials", title="Agenda", order=2)
    ChecklistTemplateItemFactory(template=template, section="procurement", title="Catering", order=1)

    added = services.checklist_create_from_template(programme=world.a.programme, template=template)

    items = world.a.programme.checklist_items.order_by("order")
    assert len(added) == 2
    assert list(items.values_list("section", "title", "status", "procurement_status", "order")) == [
        ("procurement", "Catering", "todo", "not_started", 1),
        ("materials", "Agenda", "todo", "", 2),
    ]


def test_applying_a_template_twice_adds_only_what_is_missing(world):
    template = services.checklist_default_template(organisation=world.a.coordinator_org)
    services.checklist_create_from_template(programme=world.a.programme, template=template)
    ChecklistTemplateItemFactory(template=template, section="team", title="Name a press officer")

    added = services.checklist_create_from_template(programme=world.a.programme, template=template)

    assert [item.title for item in added] == ["Name a press officer"]
    assert world.a.programme.checklist_items.count() == template.items.count()


def test_coordinator_applies_the_default_template_from_the_page(client, world):
    client.force_login(world.a.coordinator)
    url = reverse("logistics:checklist_apply", kwargs={"pk": world.a.programme.pk})
    default = client.get(url).context["form"].initial["template"]

    response = client.post(url, {"template": default})

    assert response.status_code == 302
    assert world.a.programme.checklist_items.count() == sum(len(titles) for titles in DEFAULT_ITEMS.values())


def test_template_of_another_organisation_cannot_be_applied(client, world):
    other = services.checklist_default_template(organisation=world.b.coordinator_org)
    client.force_login(world.a.coordinator)

    response = client.post(
        reverse("logistics:checklist_apply", kwargs={"pk": world.a.programme.pk}), {"template": other.pk}
    )

    assert response.status_code == 400
    assert list(response.context["form"].errors) == ["template"]
    assert world.a.programme.checklist_items.count() == 0


# Items and their reminders


def test_item_with_owner_and_due_date_plans_a_reminder_on_the_due_morning(world):
    due = timezone.localdate() + datetime.timedelta(days=10)

    item = services.checklist_item_create(
        programme=world.a.programme,
        section="procedures",
        title="Sign the contract",
        owner=world.a.coordinator,
        due_date=due,
    )

    assert _reminders(item) == [("Coordinator A", due.isoformat(), _morning(due), NotificationState.PENDING)]


def test_new_due_date_moves_the_reminder_and_done_cancels_it(world):
    due = timezone.localdate() + datetime.timedelta(days=10)
    later = due + datetime.timedelta(days=5)
    item = ChecklistItemFactory(programme=world.a.programme, owner=world.a.coordinator, due_date=due)
    services.checklist_item_plan_reminder(item=item)

    services.checklist_item_update(item=item, expected_version=1, due_date=later)
    moved = _reminders(item)
    services.checklist_item_update(item=item, expected_version=2, status=ChecklistStatus.DONE)

    assert moved == [
        ("Coordinator A", due.isoformat(), _morning(due), NotificationState.CANCELLED),
        ("Coordinator A", later.isoformat(), _morning(later), NotificationState.PENDING),
    ]
    assert _reminders(item) == [
        ("Coordinator A", due.isoformat(), _morning(due), NotificationState.CANCELLED),
        ("Coordinator A", later.isoformat(), _morning(later), NotificationState.CANCELLED),
    ]


def test_new_owner_takes_over_the_reminder(world):
    due = timezone.localdate() + datetime.timedelta(days=3)
    item = services.checklist_item_create(
        programme=world.a.programme, section="team", title="Brief the tutors", owner=world.a.coordinator, due_date=due
    )

    services.checklist_item_update(item=item, expected_version=1, owner=world.a.project_manager)

    assert _reminders(item) == [
        ("Coordinator A", due.isoformat(), _morning(due), NotificationState.CANCELLED),
        ("Manager A", due.isoformat(), _morning(due), NotificationState.PENDING),
    ]


def test_item_without_owner_or_with_a_past_due_date_plans_nothing(world):
    past = timezone.localdate() - datetime.timedelta(days=1)

    unowned = services.checklist_item_create(
        programme=world.a.programme, section="team", title="Unowned", due_date=past + datetime.timedelta(days=9)
    )
    late = services.checklist_item_create(
        programme=world.a.programme, section="team", title="Late", owner=world.a.coordinator, due_date=past
    )

    assert (_reminders(unowned), _reminders(late)) == ([], [])


def test_deleting_an_item_cancels_its_reminder(client, world):
    due = timezone.localdate() + datetime.timedelta(days=4)
    item = services.checklist_item_create(
        programme=world.a.programme, section="team", title="Book rooms", owner=world.a.coordinator, due_date=due
    )
    client.force_login(world.a.coordinator)

    response = client.post(reverse("logistics:checklist_item_delete", kwargs={"pk": item.pk}))

    assert response.status_code == 302
    assert not ChecklistItem.objects.filter(pk=item.pk).exists()
    assert list(Notification.objects.filter(kind="checklist_due").values_list("state", flat=True)) == [
        NotificationState.CANCELLED
    ]


def test_due_reminder_email_names_the_item(world):
    due = timezone.localdate() + datetime.timedelta(days=2)
    item = services.checklist_item_create(
        programme=world.a.programme,
        section="procurement",
        title="Catering contract",
        owner=world.a.coordinator,
        due_date=due,
        notes="Three quotes needed",
    )
    notification = Notification.objects.get(kind="checklist_due", object_id=item.pk)

    message = notification_message(notification)

    assert message.subject.startswith("Due on ") and message.subject.endswith("a checklist task of “Programme A”")
    assert "Catering contract" in message.body and "Three quotes needed" in message.body
    assert message.to == [world.a.coordinator.email]


def test_procurement_status_belongs_to_procurement_items_only(world):
    item = ChecklistItem(
        programme=world.a.programme, section="materials", title="Slides", procurement_status=ProcurementStatus.DELIVERED
    )
    item.full_clean()

    assert item.procurement_status == ""
    with pytest.raises(ValidationError):
        ChecklistItem(programme=world.a.programme, section="materials", title="X", status="maybe").full_clean()


# The page


def test_checklist_groups_by_section_and_highlights_overdue_items(client, world):
    today = timezone.localdate()
    ChecklistItemFactory(
        programme=world.a.programme,
        section="materials",
        title="Late slides",
        due_date=today - datetime.timedelta(days=2),
    )
    ChecklistItemFactory(
        programme=world.a.programme,
        section="materials",
        title="Done late",
        due_date=today - datetime.timedelta(days=2),
        status=ChecklistStatus.DONE,
    )
    ChecklistItemFactory(
        programme=world.a.programme, section="team", title="Future", due_date=today + datetime.timedelta(days=2)
    )
    client.force_login(world.a.coordinator)

    response = client.get(reverse("logistics:checklist", kwargs={"pk": world.a.programme.pk}))

    groups = {
        group.section.value: [(i.title, i.is_overdue) for i in group.items] for group in response.context["groups"]
    }
    assert list(groups) == ChecklistSection.values
    assert groups["materials"] == [("Late slides", True), ("Done late", False)]
    assert groups["team"] == [("Future", False)]
    progress = response.context["progress"]
    assert (progress.done, progress.total, progress.overdue) == (1, 3, 1)
    assert response.content.decode().count('class="table-danger"') == 1


def test_checklist_filters_by_status_and_overdue(client, world):
    today = timezone.localdate()
    ChecklistItemFactory(programme=world.a.programme, title="Late", due_date=today - datetime.timedelta(days=1))
    ChecklistItemFactory(programme=world.a.programme, title="Doing", status=ChecklistStatus.IN_PROGRESS)
    client.force_login(world.a.coordinator)
    url = reverse("logistics:checklist", kwargs={"pk": world.a.programme.pk})

    def titles(query):
        response = client.get(url, query)
        return response.status_code, [item.title for group in response.context["groups"] for item in group.items]

    assert titles({"status": "overdue"}) == (200, ["Late"])
    assert titles({"status": "in_progress"}) == (200, ["Doing"])
    assert titles({"status": "bogus"}) == (400, [])


def test_project_manager_reads_the_checklist_but_cannot_edit(client, world):
    item = ChecklistItemFactory(programme=world.a.programme)
    client.force_login(world.a.project_manager)

    page = client.get(reverse("logistics:checklist", kwargs={"pk": world.a.programme.pk}))
    edit = client.get(reverse("logistics:checklist_item_edit", kwargs={"pk": item.pk}))

    assert (page.status_code, page.context["can_manage"], edit.status_code) == (200, False, 404)


def test_trainee_of_the_programme_does_not_see_the_checklist(client, world):
    client.force_login(world.a.employee)

    assert client.get(reverse("logistics:checklist", kwargs={"pk": world.a.programme.pk})).status_code == 404


def test_owner_must_belong_to_the_programme(client, world):
    client.force_login(world.a.coordinator)

    response = client.post(
        reverse("logistics:checklist_item_create", kwargs={"pk": world.a.programme.pk}),
        {"section": "team", "title": "Call", "owner": world.b.coordinator.pk, "status": "todo"},
    )

    assert response.status_code == 400
    assert list(response.context["form"].errors) == ["owner"]
    assert 'value="Call"' in response.content.decode()


def test_second_editor_of_an_item_gets_a_conflict_and_keeps_input(client, world):
    item = ChecklistItemFactory(programme=world.a.programme, title="Book the venue")
    other = member(world.a.coordinator_org, Role.COORDINATOR, full_name="Second Coordinator")
    url = reverse("logistics:checklist_item_edit", kwargs={"pk": item.pk})
    client.force_login(world.a.coordinator)
    loaded = client.get(url).context["form"].initial["version"]
    data = {"section": "procedures", "title": "Book the venue", "status": "todo", "version": loaded}
    client.force_login(other)
    client.post(url, data | {"status": "done"})
    client.force_login(world.a.coordinator)

    response = client.post(url, data | {"notes": "Asked the town hall"})

    body = response.content.decode()
    assert response.status_code == 400
    assert "Someone else saved this while you were editing" in body and "status: Done" in body
    assert "Asked the town hall" in body
    assert ChecklistItem.objects.filter(pk=item.pk).values_list("status", "notes", "version").get() == ("done", "", 2)
