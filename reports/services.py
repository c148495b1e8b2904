"""Getting a PDF: reuse a rendered one whose data has not changed, render a short one now, or
queue a long one on the `reports` queue and let the page follow its progress."""

from __future__ import annotations

import io
import logging

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from core.broker import NOT_QUEUED, task_enqueue

from .documents import DOCUMENTS, LONG_PAGES, Document
from .models import Report, ReportState
from .rendering import render_pdf

logger = logging.getLogger(__name__)


def _page_count(pdf: bytes) -> int | None:
    try:
        from pypdf import PdfReader
    except ImportError:  # pypdf is a development dependency; production does not need the count
        return None
    return len(PdfReader(io.BytesIO(pdf)).pages)


def report_for(*, document: Document, obj, user, language: str | None = None, queue: str | None = None) -> Report:
    """The report row for this object's current data in this language: existing (any state) or new.

    A new one renders at once when the document is short, otherwise a worker renders it (on the
    `reports` queue, or `queue` when given: tests run a worker on a queue of their own)."""
    language = language or translation.get_language()
    fingerprint = document.fingerprint(obj)
    lookup = {"kind": document.code, "object_id": obj.pk, "language": language, "fingerprint": fingerprint}
    existing = Report.objects.filter(**lookup).exclude(state=ReportState.FAILED).first()
    if existing:
        return existing
    Report.objects.filter(**lookup, state=ReportState.FAILED).delete()
    try:
        with transaction.atomic():
            report = Report.objects.create(**lookup, requested_by=user)
    except IntegrityError:  # someone asked for the same at the same moment
        return Report.objects.get(**lookup)
    if document.estimate_pages(obj) > LONG_PAGES:
        transaction.on_commit(lambda: _enqueue(report, queue))
        return report
    render(report_id=report.pk, obj=obj)
    report.refresh_from_db()
    return report


def _enqueue(report: Report, queue: str | None) -> None:
    """Hand a long document to a worker; if none can be reached it fails at once, with "Try again"."""
    from .tasks import render_report

    if not task_enqueue(render_report, args=(report.pk,), queue=queue):
        Report.objects.filter(pk=report.pk, state=ReportState.QUEUED).update(
            state=ReportState.FAILED, error=str(NOT_QUEUED), finished_at=timezone.now()
        )
        report.refresh_from_db()


def render(*, report_id: int, obj=None) -> Report | None:
    """Render a queued report (in the request or in a worker); records state, progress and pages."""
    claimed = Report.objects.filter(pk=report_id, state=ReportState.QUEUED).update(
        state=ReportState.RENDERING, progress=5
    )
    if not claimed:
        return None
    report = Report.objects.get(pk=report_id)
    document = DOCUMENTS[report.kind]

    def progress(percent: int) -> None:
        Report.objects.filter(pk=report.pk).update(progress=max(5, min(95, int(percent))))

    try:
        if obj is None:
            obj = document.load(report.object_id)
        with translation.override(report.language):
            context = document.context(obj, progress)
        progress(60)
        pdf = render_pdf(
            document.template,
            context,
            language=report.language,
            allowed_uploads=document.allowed_uploads(obj),
        )
    except Exception as error:
        logger.exception("report %s failed", report_id)
        Report.objects.filter(pk=report.pk).update(
            state=ReportState.FAILED, error=str(error)[:2000], finished_at=timezone.now()
        )
        return None
    name = f"{document.filename(obj)}.pdf"
    report.file.save(name, ContentFile(pdf), save=False)
    Report.objects.filter(pk=report.pk).update(
        file=report.file.name,
        pages=_page_count(pdf),
        state=ReportState.READY,
        progress=100,
        finished_at=timezone.now(),
    )
    report.refresh_from_db()
    return report
