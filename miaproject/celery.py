"""The Celery application: JSON only, late acknowledgement, time limits, three queues.

``acks_late`` with ``task_reject_on_worker_lost`` returns a task to the broker when its worker
dies mid-run, so tasks must be idempotent (see STYLE.md: a database row first, a task second).
"""

import os

from celery import Celery
from kombu import Queue

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "miaproject.settings.local")

app = Celery("miaproject")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.conf.update(
    task_serializer="json",
    result_serializer="json",
    accept_content=["json"],
    task_acks_late=True,
    task_reject_on_worker_lost=True,
    worker_prefetch_multiplier=1,
    task_time_limit=15 * 60,
    task_soft_time_limit=14 * 60,
    task_default_queue="default",
    task_queues=(Queue("default"), Queue("mail"), Queue("reports")),
    task_routes={"mail.*": {"queue": "mail"}, "reports.*": {"queue": "reports"}},
    broker_connection_retry_on_startup=True,
    result_expires=60 * 60 * 24,
    beat_schedule={
        "core.heartbeat": {"task": "core.heartbeat", "schedule": 60.0},
        "core.purge_closed_programmes": {"task": "core.purge_closed_programmes", "schedule": 24 * 60 * 60.0},
        "notifications.dispatch_due": {
            "task": "notifications.dispatch_due",
            "schedule": float(os.environ.get("REMINDER_DISPATCH_EVERY", "60")),
        },
    },
)
app.autodiscover_tasks()
