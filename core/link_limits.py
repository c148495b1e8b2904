"""Limits on looking up personal links (needs-assessment and evaluation answers), per client address.

A personal link is a public id and a secret. Guessing secrets means many failed lookups from one
address, so failures have a tight limit; all lookups have a looser one that no person answering a
form reaches. Counts live in the project cache (Redis in production), so every web process shares
them. If the cache cannot be reached the lookup is let through: a limit must not take the forms down.
"""

import functools
import logging

from django.conf import settings
from django.shortcuts import render
from django_ratelimit.core import get_usage

from .security import client_ip

logger = logging.getLogger(__name__)

LOOKUPS = "personal-link-lookups"
FAILURES = "personal-link-failures"


def _client_key(group, request):
    return client_ip(request)


def _usage(request, *, group: str, rate: str | None, increment: bool) -> dict | None:
    if not rate:
        return None
    try:
        return get_usage(request, group=group, key=_client_key, rate=rate, increment=increment)
    except Exception as error:  # any cache failure: the link opens, unlimited
        # One line per lookup, no traceback: while Redis is down every personal link comes here.
        logger.warning("Personal-link limit not checked, the cache is unavailable: %r", error)
        return None


def _refused(request, *, retry_after: int):
    response = render(request, "core/link_rate_limited.html", status=429)
    response.headers["Retry-After"] = str(max(retry_after, 1))
    return response


def link_lookup_failed(request) -> None:
    """Count a lookup whose public id or secret matched no link."""
    _usage(request, group=FAILURES, rate=settings.LINK_FAILURE_RATE, increment=True)


def limit_link_lookups(dispatch):
    """Wrap a personal-link view's ``dispatch``: count the lookup, answer 429 past either limit.

    The view reports a link that matched nothing with ``link_lookup_failed``.
    """

    @functools.wraps(dispatch)
    def wrapper(view, request, *args, **kwargs):
        failures = _usage(request, group=FAILURES, rate=settings.LINK_FAILURE_RATE, increment=False)
        if failures and failures["count"] >= failures["limit"]:
            return _refused(request, retry_after=failures["time_left"])
        lookups = _usage(request, group=LOOKUPS, rate=settings.LINK_LOOKUP_RATE, increment=True)
        if lookups and lookups["should_limit"]:
            return _refused(request, retry_after=lookups["time_left"])
        return dispatch(view, request, *args, **kwargs)

    return wrapper
