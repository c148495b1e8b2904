"""The project cache on Redis, tolerant of Redis being down.

Nothing in the cache is the only copy of anything: sessions, reminders and documents live in the
database. So when Redis cannot be reached a read is a miss and a write is skipped, and the page is
served, instead of a 500. Counters are the exception: ``incr`` still raises, because a counter that
silently restarted would let a limit through unnoticed; the one counter user (core/link_limits.py)
decides itself to let the request through.
"""

import functools
import logging
import time

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError, TimeoutError

logger = logging.getLogger(__name__)

UNREACHABLE = (ConnectionError, TimeoutError)
WARN_EVERY = 60.0  # seconds: one log line a minute per process while Redis is down, not one per call


def _degrading(fallback):
    """Wrap a cache method: when Redis cannot be reached, log (at most once a minute) and return
    ``fallback(*args, **kwargs)`` instead."""

    def decorate(method):
        @functools.wraps(method)
        def wrapper(self, *args, **kwargs):
            try:
                return method(self, *args, **kwargs)
            except UNREACHABLE:
                self._warn_unreachable(method.__name__)
                return fallback(*args, **kwargs)

        return wrapper

    return decorate


def _default(key, default=None, version=None):
    return default


def _false(*args, **kwargs):
    return False


def _none(*args, **kwargs):
    return None


def _no_values(keys, version=None):
    return {}


def _all_keys_failed(data, timeout=None, version=None):
    return list(data)


class TolerantRedisCache(RedisCache):
    """Django's Redis cache; Redis unreachable reads as a miss and writes as not stored."""

    _last_warning = 0.0

    def _warn_unreachable(self, operation: str) -> None:
        now = time.monotonic()
        if now - TolerantRedisCache._last_warning >= WARN_EVERY:
            TolerantRedisCache._last_warning = now
            logger.warning("Cache %s skipped: Redis cannot be reached", operation, exc_info=True)

    get = _degrading(_default)(RedisCache.get)
    get_many = _degrading(_no_values)(RedisCache.get_many)
    has_key = _degrading(_false)(RedisCache.has_key)
    add = _degrading(_false)(RedisCache.add)
    set = _degrading(_none)(RedisCache.set)
    set_many = _degrading(_all_keys_failed)(RedisCache.set_many)
    touch = _degrading(_false)(RedisCache.touch)
    delete = _degrading(_false)(RedisCache.delete)
    delete_many = _degrading(_none)(RedisCache.delete_many)
    clear = _degrading(_none)(RedisCache.clear)
