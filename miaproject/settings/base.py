"""Settings shared by every environment, read from the environment with django-environ.

With no ``DATABASE_URL`` the application runs on a SQLite file, and with no ``REDIS_URL``
Celery runs tasks eagerly in the web process, so a fresh checkout works with no services.
"""

from datetime import timedelta
from pathlib import Path

import environ
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

SECRET_KEY = env("SECRET_KEY", default="insecure-development-key-change-me")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "django_countries",
    "axes",
    "csp",
    "core",
    "programmes",
    "assessments",
    "matching",
    "evaluation",
    "reports",
    "notifications",
    "logistics",
    "budget",
    "risks",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Parts of a page that need the same read of an object share it (core/memo.py; GET and HEAD only).
    "core.memo.SharedReadsMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, so it turns a refused login (flagged by the backend) into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "miaproject.urls"
WSGI_APPLICATION = "miaproject.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
# PostgreSQL's JIT compiler pays off on long analytical queries. On a page's short ones it only adds
# its compile time, which the planner's estimate triggers: 80 ms on a 9 ms query of the dashboard
# at network scale (benchmarks/load.py, docs/performance.md). Off for the application's connections.
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    _options = DATABASES["default"].setdefault("OPTIONS", {})
    _options["options"] = f"{_options.get('options', '')} -c jit=off".strip()
# A kept connection is tested before a request uses it: after a database restart the first request
# on each stale connection reconnects instead of failing (benchmarks/postgres_restart.py).
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "core.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "core:dashboard"
LOGOUT_REDIRECT_URL = "login"
# A session lasts 12 hours from login, a working day, however active: a computer shared in a town
# hall is signed out overnight. Not renewed on each request, which would write the session row on
# every page view.
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=60 * 60 * 12)
SESSION_SAVE_EVERY_REQUEST = False

# django-axes checks the lockout before the password is compared, so it comes first.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Failed logins (django-axes): counted per account, never per address alone, so one office behind a
# shared address is not locked out by a colleague; a lockout ends by itself after the cool-off.
AXES_FAILURE_LIMIT = 100
AXES_COOLOFF_TIME = timedelta(hours=1)
AXES_LOCKOUT_PARAMETERS = ["username"]
# axes warns that a lock by account alone can be dodged by rotating user agents or cookies; neither
# changes the account, which is what is counted here.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_USERNAME_CALLABLE = "core.security.login_username"
AXES_RESET_ON_SUCCESS = True
# Attempts during a lockout do not restart the cool-off: a lockout can never be made permanent.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_HTTP_RESPONSE_CODE = 429
AXES_VERBOSE = False  # no start-up banner on every manage.py command
AXES_CLIENT_IP_CALLABLE = "core.security.client_ip"
# Reverse proxies in front of the application that append the client's address to
# X-Forwarded-For; 0 trusts no such header and takes the connection's address.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)

LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("nl", _("Dutch")),
    ("hr", _("Croatian")),
    ("it", _("Italian")),
    ("es", _("Spanish")),
    ("el", _("Greek")),
    ("pl", _("Polish")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env("TIME_ZONE", default="Europe/Brussels")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env("STATIC_ROOT", default=str(BASE_DIR / "staticfiles"))
MEDIA_ROOT = env("MEDIA_ROOT", default=str(BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="noreply@localhost")
if env("EMAIL_URL", default=""):
    vars().update(env.email_url("EMAIL_URL"))

# Redis: Celery broker and result store, and the cache. Without it, tasks run eagerly.
REDIS_URL = env("REDIS_URL", default="")
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
# Progress and outcomes live in database rows; nothing reads a task's result. A result store would also
# make every send from a request wait for Redis (about 20 s of retries when it is down).
CELERY_TASK_IGNORE_RESULT = True
if REDIS_URL:
    # Redis down is a cache miss, not an error page (core/cache.py); a Redis that hangs costs a second.
    CACHES = {
        "default": {
            "BACKEND": "core.cache.TolerantRedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }

MESSAGE_TAGS = {40: "danger"}  # Bootstrap calls the error colour "danger".

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    # WeasyPrint logs a line per page and step at INFO: a 200-page document would flood the worker log.
    "loggers": {"weasyprint": {"level": "WARNING"}, "fontTools": {"level": "WARNING"}},
}

# Absolute address of the site, for links in e-mails.
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")

# Content-Security-Policy: scripts and styles only from the site's own files. No template has inline
# script, style element or style attribute (tests/test_csp.py checks), and htmx is told by a meta tag
# in base.html not to add its indicator style element.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    },
}

# Personal links (needs assessment, evaluation), per client address: all lookups, and lookups
# whose id or secret is wrong; past either, a 429 page. Counted in the cache (see core/link_limits.py).
LINK_LOOKUP_RATE = "60/m"
LINK_FAILURE_RATE = "20/10m"

# The notification outbox (see README, "Reminders"). Times in seconds.
NOTIFICATIONS = {
    "DISPATCH_EVERY": env.float("REMINDER_DISPATCH_EVERY", default=60.0),
    "BATCH": env.int("REMINDER_BATCH", default=200),
    "MAX_BATCHES": env.int("REMINDER_MAX_BATCHES", default=50),
    # A queued send task not done after this long is queued again (its task was lost).
    "CLAIM_TIMEOUT": env.int("REMINDER_CLAIM_TIMEOUT", default=300),
    # A row left "sending" this long belongs to a dead process: it is sent again. Must exceed the
    # send task's hard time limit (120 s) so a slow but living sender is never doubled.
    "SENDING_LEASE": env.int("REMINDER_SENDING_LEASE", default=600),
    "MAX_ATTEMPTS": env.int("REMINDER_MAX_ATTEMPTS", default=5),
    "RETRY_BASE": env.int("REMINDER_RETRY_BASE", default=60),
}

# Largest preparation material a coordinator or tutor may upload, in bytes (20 MB).
MATERIAL_MAX_BYTES = env.int("MATERIAL_MAX_BYTES", default=20 * 1024 * 1024)
# Seconds the exact grouping search may take per module before the best partition found is kept
# (with its proven gap); the local search has usually found it long before.
MATCHING_GROUP_TIME_LIMIT_S = env.float("MATCHING_GROUP_TIME_LIMIT_S", default=5.0)

# Closed programmes are deleted with their data this many days after they ended (GDPR).
RETENTION_DAYS = env.int("RETENTION_DAYS", default=730)
