"""Purging closed programmes once their retention period is over.

A programme is purged when it is closed and ended more than ``settings.RETENTION_DAYS`` ago.
Deleting the programme cascades to everything it owns (enrolments, sessions, attendance,
campaigns and answers, evaluations and responses, matching, budget, risks, notifications).
Nothing it owns is protected from deletion: the protected foreign keys point the other way,
at organisations and questionnaires, which belong to organisations and stay. Files (session
materials) and cached PDF documents are not rows of the programme, so they are removed here.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from programmes.enums import ProgrammeStatus
from programmes.models import Programme


def programmes_past_retention(*, today: datetime.date | None = None) -> QuerySet[Programme]:
    """Closed programmes whose end date is more than RETENTION_DAYS before `today`."""
    today = today or timezone.localdate()
    cutoff = today - datetime.timedelta(days=settings.RETENTION_DAYS)
    return Programme.objects.filter(status=ProgrammeStatus.CLOSED, end_date__lt=cutoff).select_related("organisation")


@transaction.atomic
def programme_purge(*, programme: Programme) -> dict[str, int]:
    """Delete a programme with all its data, its material files and its cached documents.
    Returns the number of rows deleted per model label."""
    from evaluation.models import Evaluation
    from programmes.models import Material
    from reports.models import Report

    files = [m.file.name for m in Material.objects.filter(session__programme=programme).exclude(file="")]
    session_ids = list(programme.sessions.values_list("pk", flat=True))
    evaluation_ids = list(Evaluation.objects.filter(programme=programme).values_list("pk", flat=True))
    reports = Report.objects.filter(
        Q(kind="programme", object_id=programme.pk)
        | Q(kind__in=["attendance", "certificates"], object_id__in=session_ids)
        | Q(kind="session_evaluation", object_id__in=evaluation_ids)
    )
    files += [r.file.name for r in reports.exclude(file="")]
    _reports_deleted, report_counts = reports.delete()
    _total, counts = programme.delete()
    storage = Material._meta.get_field("file").storage
    transaction.on_commit(lambda: [storage.delete(name) for name in files])
    return {label: n for label, n in {**report_counts, **counts}.items() if n}
