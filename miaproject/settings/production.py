"""Production: every secret and host from the environment, HTTPS only, mail over SMTP.

Required: SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL, REDIS_URL, EMAIL_URL (or EMAIL_HOST...).
"""

from .base import *  # noqa: F403 -- a settings module extends the shared one whole

DEBUG = False
SECRET_KEY = env("SECRET_KEY")  # noqa: F405 -- env comes from base; no default on purpose
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")  # noqa: F405
if not env("EMAIL_URL", default=""):  # noqa: F405 -- with EMAIL_URL, its scheme chose the backend in base
    EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.smtp.EmailBackend")  # noqa: F405

# Keep database connections for a minute: no new connection per request. They are health-checked
# before reuse (base settings), so a restarted PostgreSQL costs no failed request.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)  # noqa: F405

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)  # noqa: F405
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)  # noqa: F405
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
