"""Queueing a task from a request when Redis, the broker, may be down.

Every task this project sends from a request has its work written to the database first (an outbox
row, a queued matching run, a queued document), so a task that cannot be queued is not lost work:
the caller decides what the row becomes. A broker that cannot be reached is logged, never a 500.
"""

import logging

from django.utils.translation import gettext_lazy as _
from kombu.exceptions import OperationalError

logger = logging.getLogger(__name__)

# What a person is told when the work they asked for could not be handed to a worker.
NOT_QUEUED = _("The background workers cannot be reached at the moment. Please try again in a few minutes.")


def task_enqueue(task, *, args: tuple = (), kwargs: dict | None = None, queue: str | None = None) -> bool:
    """Send ``task``; False when the broker cannot be reached (after kombu's few quick retries).

    When tasks run eagerly (no ``REDIS_URL``) the task runs here and its errors propagate as before.
    """
    try:
        task.apply_async(args=args, kwargs=kwargs, queue=queue)
    except OperationalError:
        logger.warning("Task %s not queued: the broker cannot be reached", task.name, exc_info=True)
        return False
    return True
