"""Purging closed programmes after the retention period."""

import datetime
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone

from core.tasks import purge_closed_programmes
from evaluation.models import Evaluation, Questionnaire, Submission
from programmes.enums import ProgrammeStatus
from programmes.models import Enrolment, Material, Programme, Session

from ..evaluation import rows
from ..evaluation.registry_analysis import submit
from ..factories import EnrolmentFactory, ProgrammeFactory, SessionFactory

pytestmark = pytest.mark.django_db


def _ended(days_ago: int, status=ProgrammeStatus.CLOSED, **kwargs) -> Programme:
    end = timezone.localdate() - datetime.timedelta(days=days_ago)
    return ProgrammeFactory(status=status, start_date=end - datetime.timedelta(days=90), end_date=end, **kwargs)


def _purge(*args) -> str:
    out = StringIO()
    call_command("purge_closed_programmes", *args, stdout=out)
    return out.getvalue()


def test_purge_deletes_old_closed_programmes_with_their_data_and_keeps_the_rest(world, settings):
    settings.RETENTION_DAYS = 730
    world.a.programme.status = ProgrammeStatus.CLOSED
    world.a.programme.end_date = timezone.localdate() - datetime.timedelta(days=731)
    world.a.programme.start_date = world.a.programme.end_date - datetime.timedelta(days=30)
    world.a.programme.save()
    submit(rows.evaluation(world), {"relevance": 4}, invitee=rows.invitee(world))
    recent = _ended(700)
    running = _ended(1000, status=ProgrammeStatus.RUNNING)
    EnrolmentFactory(programme=recent)
    SessionFactory(programme=running)

    output = _purge()

    assert set(Programme.objects.values_list("pk", flat=True)) >= {recent.pk, running.pk}
    assert not Programme.objects.filter(pk=world.a.programme.pk).exists()
    assert not Enrolment.objects.filter(programme_id=world.a.programme.pk).exists()
    assert not Session.objects.filter(programme_id=world.a.programme.pk).exists()
    assert not Evaluation.objects.filter(programme_id=world.a.programme.pk).exists()
    assert not Submission.objects.exists()
    assert Questionnaire.objects.filter(organisation=world.a.coordinator_org).exists()  # the organisation's own
    assert f"Deleted programme #{world.a.programme.pk} Programme A" in output
    assert "Deleted 1 programme(s)." in output


def test_purge_removes_the_material_files(world, settings, tmp_path, django_capture_on_commit_callbacks):
    settings.MEDIA_ROOT = tmp_path
    settings.RETENTION_DAYS = 30
    old = _ended(31)
    material = Material.objects.create(
        session=SessionFactory(programme=old), title="Slides", file=SimpleUploadedFile("slides.pdf", b"%PDF-1.4")
    )
    stored = tmp_path / material.file.name
    assert stored.exists()

    with django_capture_on_commit_callbacks(execute=True):
        _purge()

    assert not stored.exists()
    assert not Material.objects.exists()


def test_dry_run_lists_and_deletes_nothing(world, settings):
    settings.RETENTION_DAYS = 30
    old = _ended(31)

    output = _purge("--dry-run")

    assert f"Would delete programme #{old.pk}" in output
    assert Programme.objects.filter(pk=old.pk).exists()


def test_nothing_to_purge_says_so(world, settings):
    settings.RETENTION_DAYS = 730

    assert "No closed programme ended more than 730 days ago." in _purge()


def test_daily_task_purges_and_counts(world, settings):
    settings.RETENTION_DAYS = 10
    _ended(11)
    _ended(12)

    assert purge_closed_programmes() == 2
    assert purge_closed_programmes() == 0
