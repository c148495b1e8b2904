"""A real Celery worker, on Redis, runs a task that writes to the test database."""

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from core.models import WorkerHeartbeat
from core.tasks import heartbeat
from miaproject.celery import app

from .conftest import require

ROOT = Path(__file__).resolve().parents[1]


def _redis_answers(url: str) -> bool:
    if not url:
        return False
    import redis

    try:
        return bool(redis.Redis.from_url(url, socket_connect_timeout=2).ping())
    except redis.RedisError:
        return False


def _database_url() -> str:
    db = connection.settings_dict
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


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
    redis_url = settings.REDIS_URL
    require("Redis", _redis_answers(redis_url), "set REDIS_URL=redis://127.0.0.1:6379/0 to a running Redis")
    require("PostgreSQL", connection.vendor == "postgresql", "set DATABASE_URL=postgres://... so a worker can share it")
    queue = f"test-{uuid.uuid4().hex[:8]}"
    env = os.environ | {
        "DJANGO_SETTINGS_MODULE": "miaproject.settings.test",
        "DATABASE_URL": _database_url(),
        "REDIS_URL": redis_url,
    }
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "miaproject", "worker", "-Q", queue, "--pool=solo",
         "-n", f"{queue}@%h", "--without-gossip", "--without-mingle", "-l", "warning"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    eager = app.conf.task_always_eager
    app.conf.task_always_eager = False
    try:
        result = heartbeat.apply_async(kwargs={"name": queue}, queue=queue)
        beats = result.get(timeout=60)
    finally:
        app.conf.task_always_eager = eager
        worker.terminate()
        try:
            output, _ = worker.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()
            output, _ = worker.communicate()
    row = WorkerHeartbeat.objects.get(name=queue)
    assert (beats, row.beats, time.time() - row.seen_at.timestamp() < 120) == (1, 1, True), output
