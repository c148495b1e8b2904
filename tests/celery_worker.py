"""A real Celery worker on Redis, sharing the Postgres test database, for the tests that need one."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

from django.conf import settings
from django.db import connection

from miaproject.celery import app

from .conftest import require

ROOT = Path(__file__).resolve().parents[1]


def redis_answers(url: str) -> bool:
    if not url:
        return False
    import redis

    try:
        return bool(redis.Redis.from_url(url, socket_connect_timeout=2).ping())
    except redis.RedisError:
        return False


def database_url() -> str:
    db = connection.settings_dict
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


class Worker:
    def __init__(self, queue: str, process: subprocess.Popen):
        self.queue = queue
        self.process = process
        self.output = ""


@contextlib.contextmanager
def celery_worker() -> Iterator[Worker]:
    """Start a worker on a queue of its own; tasks sent there run in it, not eagerly.

    Skips (or fails under CI) without Redis or PostgreSQL. Use in a transactional test
    (`django_db(transaction=True)`), so the worker sees the rows the test writes.
    """
    redis_url = settings.REDIS_URL
    require("Redis", redis_answers(redis_url), "set REDIS_URL=redis://127.0.0.1:6379/0 to a running Redis")
    require("PostgreSQL", connection.vendor == "postgresql", "set DATABASE_URL=postgres://... so a worker can share it")
    queue = f"test-{uuid.uuid4().hex[:8]}"
    env = os.environ | {
        "DJANGO_SETTINGS_MODULE": "miaproject.settings.test",
        "DATABASE_URL": database_url(),
        "REDIS_URL": redis_url,
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "miaproject", "worker", "-Q", queue, "--pool=solo",
         "-n", f"{queue}@%h", "--without-gossip", "--without-mingle", "-l", "warning"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    worker = Worker(queue, process)
    eager = app.conf.task_always_eager
    app.conf.task_always_eager = False
    try:
        yield worker
    finally:
        app.conf.task_always_eager = eager
        process.terminate()
        try:
            worker.output, _ = process.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            worker.output, _ = process.communicate()
