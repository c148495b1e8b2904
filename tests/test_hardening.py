"""Production security settings, the deploy check, password rules and the session lifetime."""

import importlib
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.factories import UserFactory

ROOT = Path(settings.BASE_DIR)
PRODUCTION_ENV = {"SECRET_KEY": "x" * 64 + "-a-long-random-production-key", "ALLOWED_HOSTS": "mia.example.org"}


@pytest.fixture
def production(monkeypatch):
    for name, value in PRODUCTION_ENV.items():
        monkeypatch.setenv(name, value)
    for name in ["SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "SESSION_COOKIE_AGE"]:
        monkeypatch.delenv(name, raising=False)
    sys.modules.pop("miaproject.settings.production", None)
    yield importlib.import_module("miaproject.settings.production")
    sys.modules.pop("miaproject.settings.production", None)


def test_production_sends_cookies_over_https_only_and_asks_for_hsts(production):
    assert {
        "SESSION_COOKIE_SECURE": production.SESSION_COOKIE_SECURE,
        "CSRF_COOKIE_SECURE": production.CSRF_COOKIE_SECURE,
        "SESSION_COOKIE_HTTPONLY": getattr(production, "SESSION_COOKIE_HTTPONLY", True),
        "SECURE_SSL_REDIRECT": production.SECURE_SSL_REDIRECT,
        "SECURE_HSTS_SECONDS": production.SECURE_HSTS_SECONDS,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": production.SECURE_HSTS_INCLUDE_SUBDOMAINS,
        "SECURE_HSTS_PRELOAD": production.SECURE_HSTS_PRELOAD,
        "X_FRAME_OPTIONS": production.X_FRAME_OPTIONS,
        "DEBUG": production.DEBUG,
        "SESSION_COOKIE_AGE": production.SESSION_COOKIE_AGE,
    } == {
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SESSION_COOKIE_HTTPONLY": True,
        "SECURE_SSL_REDIRECT": True,
        "SECURE_HSTS_SECONDS": 365 * 24 * 60 * 60,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "SECURE_HSTS_PRELOAD": True,
        "X_FRAME_OPTIONS": "DENY",
        "DEBUG": False,
        "SESSION_COOKIE_AGE": 12 * 60 * 60,
    }


def test_production_keeps_the_login_lockout_and_the_policy(production):
    assert production.AUTHENTICATION_BACKENDS[0] == "axes.backends.AxesStandaloneBackend"
    assert "axes.middleware.AxesMiddleware" in production.MIDDLEWARE
    assert "csp.middleware.CSPMiddleware" in production.MIDDLEWARE
    assert (production.AXES_FAILURE_LIMIT, production.AXES_COOLOFF_TIME.total_seconds()) == (100, 3600)


def test_deploy_check_is_clean_with_production_settings():
    # The browser tests set DJANGO_ALLOW_ASYNC_UNSAFE in this process; a deployment never has it.
    inherited = {name: value for name, value in os.environ.items() if name != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {**inherited, **PRODUCTION_ENV, "DJANGO_SETTINGS_MODULE": "miaproject.settings.production"}
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    ("password", "reason"),
    [
        ("Short-1x", "too short"),
        ("password1234", "too common"),
        ("48203917465", "entirely numeric"),
        ("mayor.example", "too similar"),
    ],
)
def test_weak_passwords_are_refused(password, reason):
    user = UserFactory.build(email="mayor@example.org", full_name="Mayor Example")

    with pytest.raises(ValidationError) as refused:
        validate_password(password, user)

    assert reason in " ".join(refused.value.messages)


def test_a_long_unusual_password_is_accepted():
    user = UserFactory.build(email="mayor@example.org")

    assert validate_password("green-tram-lantern-42", user) is None


@pytest.mark.django_db
def test_a_login_session_lasts_twelve_hours_from_login(client):
    user = UserFactory(email="person@example.org")

    response = client.post(reverse("login"), {"username": user.email, "password": "secret-pass-123"})
    client.get(reverse("core:dashboard"))

    assert response.status_code == 302
    assert response.cookies[settings.SESSION_COOKIE_NAME]["max-age"] == 12 * 60 * 60
    assert client.session.get_expiry_age() <= 12 * 60 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST is False
