import os
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache

from .world import build_world

CHROMIUM = "/usr/bin/chromium"
ON_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def require(service: str, available: bool, how: str) -> None:
    """Skip a test whose service is missing, naming it; under CI a missing service is a failure."""
    if available:
        return
    message = f"needs {service}: {how}"
    if ON_CI:
        pytest.fail(f"CI must provide {service} ({how})")
    pytest.skip(message)


def postgres_server_answers(default: str) -> bool:
    """Whether the PostgreSQL server of DATABASE_URL (else default) takes a connection now."""
    url = os.environ.get("DATABASE_URL") or default
    if not url.startswith(("postgres://", "postgresql://", "pgsql://")):
        return False
    import psycopg2

    try:
        psycopg2.connect(url, connect_timeout=3).close()
    except psycopg2.Error:
        return False
    return True


def uses_postgres() -> bool:
    return settings.DATABASES["default"]["ENGINE"].endswith("postgresql")


def pytest_sessionstart(session):
    # CI runs the suite against the real stack; a silent fallback to SQLite would hide that.
    if ON_CI and not uses_postgres():
        pytest.exit("CI must run against PostgreSQL: set DATABASE_URL=postgres://...", returncode=3)


@pytest.fixture
def world(db):
    return build_world()


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache, so no rate-limit count carries over from another test."""
    cache.clear()


CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Debian's Chromium, never a downloaded browser; skipped (or failed on CI) when it is missing."""
    require("Chromium", Path(CHROMIUM).exists(), "apt-get install chromium")
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}
