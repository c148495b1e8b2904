from celery import shared_task
from django.conf import settings

from . import services


@shared_task(name="notifications.dispatch_due", ignore_result=True)
def dispatch_due() -> int:
    """Every minute (beat): recover rows whose sender died, then queue one send task per due row."""
    services.notifications_recover_stuck()
    queued = 0
    for _batch in range(settings.NOTIFICATIONS["MAX_BATCHES"]):
        ids = services.notifications_claim_due()
        for notification_id in ids:
            send_notification.apply_async(kwargs={"notification_id": notification_id}, queue="mail")
        queued += len(ids)
        if len(ids) < settings.NOTIFICATIONS["BATCH"]:
            break
    return queued


@shared_task(name="mail.send_notification", ignore_result=True, time_limit=120, soft_time_limit=100)
def send_notification(*, notification_id: int) -> str:
    """Idempotent: sends only a row that is still pending; retries are planned in the row itself."""
    return services.notification_send(notification_id=notification_id)
