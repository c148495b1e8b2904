import socket

from celery import shared_task

from .services import heartbeat_record


# The one task whose result is read (CELERY_TASK_IGNORE_RESULT is on): whoever sends it by hand, like
# the round-trip test, gets the beat count back. Beat sends it; no request does.
@shared_task(name="core.heartbeat", ignore_result=False)
def heartbeat(*, name: str = "") -> int:
    """Periodic proof that a worker is alive and reaches the database; returns the beat count."""
    return heartbeat_record(name=name or socket.gethostname()).beats


@shared_task(name="core.purge_closed_programmes")
def purge_closed_programmes() -> int:
    """Daily: delete closed programmes past the retention period; returns how many."""
    from .retention import programme_purge, programmes_past_retention

    purged = 0
    for programme in programmes_past_retention():
        programme_purge(programme=programme)
        purged += 1
    return purged
