"""A long report made by a real Celery worker: the page follows its progress, then downloads it."""

import dataclasses
import io
import time

import pytest
from django.urls import reverse
from pypdf import PdfReader

from reports import services
from reports.documents import DOCUMENTS
from reports.models import Report, ReportState

from ..celery_worker import celery_worker
from .programme_data import build_report_data


@pytest.mark.worker
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_long_report_is_made_by_a_worker_while_the_page_polls(client, world):
    build_report_data(world, participants=40, sessions=30)
    document = DOCUMENTS["programme"]
    long_document = dataclasses.replace(document, estimate_pages=lambda obj: 50)
    client.force_login(world.a.project_manager)
    with celery_worker() as worker:
        report = services.report_for(
            document=long_document, obj=world.a.programme, user=world.a.project_manager, queue=worker.queue
        )
        assert report.state == ReportState.QUEUED
        seen = []
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            response = client.get(reverse("reports:status", args=[report.pk]), headers={"HX-Request": "true"})
            report.refresh_from_db()
            seen.append(report.progress)
            if report.state in (ReportState.READY, ReportState.FAILED):
                break
            assert 'hx-trigger="every 1s"' in response.content.decode()
            time.sleep(0.3)
    report = Report.objects.get(pk=report.pk)
    assert report.state == ReportState.READY, (report.error, worker.output)
    assert seen == sorted(seen) and seen[-1] == 100
    assert "Download the PDF" in response.content.decode()
    download = client.get(reverse("reports:document", args=["programme", world.a.programme.pk]))
    pdf = b"".join(download.streaming_content)
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == report.pages >= 3
    assert "Anna Participant 000" in "".join(page.extract_text() for page in reader.pages)
