"""E-mail backends of the notification outbox."""

from __future__ import annotations

import json
import os

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.mail.backends.base import BaseEmailBackend


class JsonlSinkBackend(BaseEmailBackend):
    """A mail sink for fault tests; never for production.

    Appends one JSON line per message, ``{"message_id": ..., "to": [...], "subject": ...}``, to the
    file named by the setting (or environment variable) ``EMAIL_SINK_PATH``. Each line is one
    ``os.write`` on a descriptor opened with ``O_APPEND``: once ``send_messages`` returns, the line
    is in the kernel and survives the sending process being SIGKILLed, and concurrent senders never
    interleave or cut short lines.
    """

    def __init__(self, *, path: str | None = None, fail_silently: bool = False, **kwargs):
        super().__init__(fail_silently=fail_silently, **kwargs)
        self.path = path or getattr(settings, "EMAIL_SINK_PATH", None) or os.environ.get("EMAIL_SINK_PATH")

    def send_messages(self, email_messages) -> int:
        if not email_messages:
            return 0
        if not self.path:
            if self.fail_silently:
                return 0
            raise ImproperlyConfigured("JsonlSinkBackend needs EMAIL_SINK_PATH (a setting or an environment variable).")
        sent = 0
        descriptor = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            for message in email_messages:
                try:
                    line = json.dumps(
                        {
                            "message_id": message.message()["Message-ID"],
                            "to": list(message.to),
                            "subject": str(message.subject),
                        },
                        ensure_ascii=False,
                    )
                    os.write(descriptor, (line + "\n").encode())
                except Exception:
                    if not self.fail_silently:
                        raise
                else:
                    sent += 1
        finally:
            os.close(descriptor)
        return sent
