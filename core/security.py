"""Who is knocking: the client address and the login name that the abuse limits count by."""

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest, credentials: dict | None = None) -> str:
    """The client's address: the one the nearest trusted proxy saw, else the connection's.

    Entries left of the trusted proxies in X-Forwarded-For are written by the client and never
    trusted, so a forged header cannot move a client out of its own rate limit.
    """
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def login_username(request: HttpRequest, credentials: dict | None = None) -> str | None:
    """The e-mail address a login attempt names, lowercased as the login itself ignores case.

    The login form posts it as ``username``; ``Client.login`` and scripts may pass ``email``. Cut to
    what the lockout records hold: no address is that long, and a longer one must not fail the login.
    """
    from axes.models import AccessAttempt  # here: settings name this module before the apps are loaded

    length = AccessAttempt._meta.get_field("username").max_length
    sources = [credentials or {}, getattr(request, "POST", {}) or {}]
    for source in sources:
        for key in ("username", "email"):
            value = source.get(key)
            if value:
                return str(value).strip().lower()[:length]
    return None
