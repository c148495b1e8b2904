import datetime

import pytest
from django.utils import timezone

from logistics.models import ChecklistItem
from risks.readiness import readiness_warnings

pytestmark = pytest.mark.django_db


def _codes(programme):
    return [warning.code for warning in readiness_warnings(programme)]


def test_overdue_checklist_item_is_a_readiness_warning(world):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    ChecklistItem.objects.create(programme=world.a.programme, section="procedures", title="Sign", due_date=yesterday)
    ChecklistItem.objects.create(
        programme=world.a.programme, section="procedures", title="Done", due_date=yesterday, status="done"
    )

    warnings = [w for w in readiness_warnings(world.a.programme) if w.code == "checklist_overdue"]

    assert [(w.text, w.url.endswith("?status=overdue")) for w in warnings] == [("1 checklist item is overdue.", True)]
    assert "checklist_overdue" not in _codes(world.b.programme)
