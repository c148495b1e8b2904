"""Writes to people and their expertise."""

from __future__ import annotations

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from .models import Expertise, User, WorkerHeartbeat


@transaction.atomic
def profile_update(*, user: User, expertise: dict[int, int | None], **fields) -> User:
    """Save a person's own details and their expertise per topic (None removes a level)."""
    for name, value in fields.items():
        setattr(user, name, value)
    user.full_clean()
    user.save()
    existing = {e.topic_id: e for e in Expertise.objects.filter(user=user)}
    for topic_id, level in expertise.items():
        current = existing.get(topic_id)
        if level is None:
            if current:
                current.delete()
        elif current is None:
            Expertise.objects.create(user=user, topic_id=topic_id, level=level)
        elif current.level != level:
            current.level = level
            current.save(update_fields=["level"])
    return user


@transaction.atomic
def heartbeat_record(*, name: str) -> WorkerHeartbeat:
    """Record that a worker ran; repeated beats of one name stay one row and count up."""
    beat, _created = WorkerHeartbeat.objects.get_or_create(name=name, defaults={"seen_at": timezone.now()})
    WorkerHeartbeat.objects.filter(pk=beat.pk).update(seen_at=timezone.now(), beats=F("beats") + 1)
    beat.refresh_from_db()
    return beat
