"""The logistics app registers its reminder with the outbox and its models with the admin."""

import datetime

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse
from django.utils import timezone

from logistics.services import checklist_item_create
from notifications.kinds import KINDS, optional_kinds
from notifications.services import notification_send

pytestmark = pytest.mark.django_db


def test_checklist_reminder_is_a_kind_people_may_switch_off():
    kind = KINDS["checklist_due"]

    assert (kind.essential, kind in optional_kinds(), str(kind.label)) == (False, True, "Checklist task due")


def test_opted_out_owner_is_not_reminded(world, mailoutbox):
    world.a.coordinator.notification_opt_outs = ["checklist_due"]
    world.a.coordinator.save()
    item = checklist_item_create(
        programme=world.a.programme,
        section="team",
        title="Call the mayor",
        owner=world.a.coordinator,
        due_date=timezone.localdate() + datetime.timedelta(days=1),
    )
    notification = item.programme.notifications.get(kind="checklist_due")

    assert (notification_send(notification_id=notification.pk), mailoutbox) == ("skipped", [])


@pytest.mark.parametrize("model", [m for m in apps.get_models() if m._meta.app_label == "logistics"])
def test_every_logistics_model_has_admin_with_search_and_filters(admin_client, model):
    model_admin = admin.site._registry[model]
    url = reverse(f"admin:logistics_{model._meta.model_name}_changelist")

    response = admin_client.get(url, {"q": "x"})

    assert (response.status_code, bool(model_admin.search_fields), bool(model_admin.list_filter)) == (200, True, True)
