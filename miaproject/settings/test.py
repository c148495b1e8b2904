"""Tests: the real database from DATABASE_URL when set, fast hashing, tasks eager.

Tests that need a real worker switch eagerness off themselves.
"""

from .base import *  # noqa: F403 -- a settings module extends the shared one whole

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CELERY_TASK_ALWAYS_EAGER = True
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
MEDIA_ROOT = str(BASE_DIR / ".test-media")  # noqa: F405
# Serve static files from the source folders, so browser tests get styles without collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
MATCHING_GROUP_TIME_LIMIT_S = 1.0
# Property-based tests post to one personal link far faster than a person; the limit on all lookups
# is tested with its production value in tests/test_link_limits.py. Wrong links keep their limit.
LINK_LOOKUP_RATE = "1000/m"
