"""A real Celery worker, on Redis, runs a task that writes to the test database."""

import time

import pytest

from core.models import WorkerHeartbeat
from core.tasks import heartbeat
from miaproject.celery import app

from .celery_worker import celery_worker


def test_celery_configuration_is_safe_for_lost_workers():
    conf = app.conf
    assert (conf.task_serializer, conf.accept_content, conf.task_acks_late, conf.task_reject_on_worker_lost) == (
        "json",
        ["json"],
        True,
        True,
    )
    assert {queue.name for queue in conf.task_queues} == {"default", "mail", "reports"}
    assert conf.task_time_limit > conf.task_soft_time_limit > 0


@pytest.mark.worker
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_worker_round_trip_writes_to_database():
    with celery_worker() as worker:
        result = heartbeat.apply_async(kwargs={"name": worker.queue}, queue=worker.queue)
        beats = result.get(timeout=60)
    row = WorkerHeartbeat.objects.get(name=worker.queue)
    assert (beats, row.beats, time.time() - row.seen_at.timestamp() < 120) == (1, 1, True), worker.output
