import socket

from celery import shared_task

from .services import heartbeat_record


@shared_task(name="core.heartbeat")
def heartbeat(*, name: str = "") -> int:
    """Periodic proof that a worker is alive and reaches the database; returns the beat count."""
    return heartbeat_record(name=name or socket.gethostname()).beats
