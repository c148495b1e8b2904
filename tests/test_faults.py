"""Faults of a real deployment: PostgreSQL restarted under load, Redis down.

The PostgreSQL restart runs benchmarks/postgres_restart.py whole (its own cluster and gunicorn).
The Redis tests run gunicorn on the test database with REDIS_URL naming a port where no Redis
listens, then start a private redis-server there (never the machine's Redis).
"""

import contextlib
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from axes.models import AccessAttempt, AccessLog
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import OperationalError
from django.test import Client
from django.urls import reverse
from django.utils import translation
from redis.exceptions import ConnectionError

from benchmarks.postgres_restart import Gunicorn, free_port, postgres_bin, request
from benchmarks.reminder_faults import Processes, Redis, tail
from core.broker import NOT_QUEUED
from core.cache import TolerantRedisCache
from core.enums import Role
from core.errors import server_error
from matching.enums import RunState
from matching.models import MatchingRun
from notifications.enums import NotificationState
from notifications.kinds import ENROLMENT_INVITATION
from notifications.models import Notification
from programmes.enums import EnrolmentRole
from reports.models import Report, ReportState

from .celery_worker import database_url
from .conftest import require, uses_postgres
from .evaluation import rows as evaluation_rows
from .factories import RiskFactory
from .pages import PAGES

ROOT = Path(__file__).resolve().parents[1]
POSTGRES_RESTART = ROOT / "benchmarks" / "postgres_restart.py"


# --- The database out of reach --------------------------------------------------------------------------


def test_database_out_of_reach_is_a_503_page_in_the_persons_language(rf):
    asked = rf.get("/programmes/")
    with translation.override("nl"):
        try:
            raise OperationalError('connection to server at "127.0.0.1", port 5432 failed: Connection refused')
        except OperationalError:
            response = server_error(asked)

    assert (response.status_code, response["Retry-After"]) == (503, "30")
    assert '<html lang="nl">' in response.content.decode()


def test_any_other_error_keeps_the_500_page(rf):
    try:
        raise ZeroDivisionError
    except ZeroDivisionError:
        response = server_error(rf.get("/"))

    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode()


def _postgres_server_programs() -> bool:
    bindir = postgres_bin()
    return bindir is not None and (bindir / "initdb").exists()


def test_postgres_restart_under_load_recovers_without_restarting_gunicorn():
    require("PostgreSQL server programs", _postgres_server_programs(), "apt-get install postgresql (or set PG_BIN)")
    benchmark = subprocess.Popen(
        [sys.executable, str(POSTGRES_RESTART), "--compare"],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=os.environ.copy(),
    )  # fmt: skip
    try:
        output, _ = benchmark.communicate(timeout=240)
    except subprocess.TimeoutExpired:
        benchmark.send_signal(signal.SIGTERM)  # the benchmark stops gunicorn and its cluster
        output, _ = benchmark.communicate(timeout=60)
    figures = dict(word.split("=", 1) for word in output.strip().splitlines()[-1].split())

    # Requests during the outage got the 503 page (any other failure fails the benchmark); after it
    # every request succeeded, served by the same gunicorn processes.
    assert int(figures["outage_503"]) > 0, output
    assert (figures["errors_after"], figures["idle_restart_errors"], figures["same_pids"]) == ("0", "0", "yes"), output
    # Without CONN_HEALTH_CHECKS the first request on each stale connection fails.
    assert int(figures["idle_restart_errors_without_checks"]) > 0, output
    assert benchmark.returncode == 0, output


# --- Redis down ----------------------------------------------------------------------------------------------


def _redis_server() -> None:
    require("redis-server", shutil.which("redis-server") is not None, "apt-get install redis-server")


def test_cache_misses_instead_of_failing_while_redis_is_down_and_recovers(tmp_path):
    _redis_server()
    port = free_port()
    cache = TolerantRedisCache(f"redis://127.0.0.1:{port}/0", {"OPTIONS": {"socket_connect_timeout": 1}})
    redis = Redis(port, tmp_path / "redis.log")
    redis.start()
    try:
        cache.set("programme-count", 7)
        stored = cache.get("programme-count")
        redis.stop()
        down = (
            cache.get("programme-count", "miss"),
            cache.set("programme-count", 8),
            cache.add("other", 1),
            cache.get_or_set("computed", lambda: "fresh"),
            cache.delete("programme-count"),
        )
        with pytest.raises(ConnectionError):  # counters still raise: core/link_limits.py decides itself
            cache.incr("programme-count")
        redis.start()
        cache.set("programme-count", 9)
        back = cache.get("programme-count")
    finally:
        redis.stop()

    assert (stored, down, back) == (7, ("miss", None, False, "fresh", False), 9)


@dataclass
class RedisDownSite:
    """gunicorn on the test database with REDIS_URL naming a port where no Redis listens (yet)."""

    web: Gunicorn
    redis_port: int
    env: dict
    workdir: Path

    def get(self, path: str, cookies: dict | None = None):
        return request("127.0.0.1", self.web.port, "GET", path, cookies=cookies)

    def post(self, form_page: str, path: str, form: dict, cookies: dict):
        """POST like a browser: the CSRF token comes from the form's page."""
        page = self.get(form_page, cookies)
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page.body).group(1).decode()
        cookies = cookies | page.cookies
        return request(
            "127.0.0.1", self.web.port, "POST", path, cookies=cookies, form=form | {"csrfmiddlewaretoken": token}
        )


@pytest.fixture(scope="module")
def redis_down_site(django_db_setup, tmp_path_factory):
    require("PostgreSQL", uses_postgres(), "set DATABASE_URL=postgres://... so gunicorn can share the test database")
    _redis_server()
    workdir = tmp_path_factory.mktemp("redis-down")
    port = free_port()
    env = os.environ | {
        "DJANGO_SETTINGS_MODULE": "miaproject.settings.local",
        "DATABASE_URL": database_url(),
        "REDIS_URL": f"redis://127.0.0.1:{port}/0",
        "DEBUG": "false",
        "LOG_LEVEL": "ERROR",
        "EMAIL_BACKEND": "notifications.backends.JsonlSinkBackend",
        "EMAIL_SINK_PATH": str(workdir / "sink.jsonl"),
        "REMINDER_DISPATCH_EVERY": "1",
        "PYTHONUNBUFFERED": "1",
    }
    web = Gunicorn(env, workdir / "gunicorn.log")
    web.launch()
    try:
        web.wait_ready()
        yield RedisDownSite(web, port, env, workdir)
    finally:
        web.stop()


def _session(user) -> dict:
    """A logged-in session in the database, as the cookie a browser would send."""
    client = Client()
    client.force_login(user)
    return {"sessionid": client.cookies["sessionid"].value}


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_every_page_answers_while_redis_is_down(redis_down_site, world):
    sessions = {role: _session(person) for role, person in world.a.people().items()}
    invitee = evaluation_rows.invitee(world)
    links = {
        "needs-assessment link": reverse("assessments:respond", kwargs={
            "public_id": world.a.invitation.public_id, "secret": world.a.invitation.secret}),
        "evaluation link": reverse("evaluation:respond", kwargs={
            "public_id": invitee.public_id, "secret": invitee.secret}),
        "login page": reverse("login"),
    }  # fmt: skip
    statuses = {label: redis_down_site.get(url).status for label, url in links.items()}
    role = world.a.enrolment.role
    for page in PAGES:
        # The query-count test gives each page a world of its own; here they share one, and the peer
        # pages' rows make the employee a peer, which the trainee pages must not see.
        world.a.enrolment.role = role
        world.a.enrolment.save(update_fields=["role"])
        url = reverse(page.url_name, kwargs=page.kwargs(world))
        page.add_rows(world, page.small)  # as the query-count test shows it: each page right after its rows
        statuses[page.label] = redis_down_site.get(url, sessions[page.viewer]).status

    assert {label: status for label, status in statuses.items() if status != 200} == {}
    assert len(statuses) == len(PAGES) + len(links)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_login_and_lockout_count_work_while_redis_is_down(redis_down_site, world):
    person = world.a.coordinator
    hasher = PBKDF2PasswordHasher()  # what the site's settings verify (the tests' own hasher is MD5)
    person.password = hasher.encode("redis-down-2030", hasher.salt(), iterations=1000)
    person.save(update_fields=["password"])
    login = reverse("login")

    wrong = redis_down_site.post(login, login, {"username": person.email, "password": "not-it"}, {})
    right = redis_down_site.post(login, login, {"username": person.email, "password": "redis-down-2030"}, {})

    assert (wrong.status, right.status, right.location) == (200, 302, reverse("core:dashboard"))
    # django-axes counts in the database: the failure was recorded, and the success reset it.
    assert AccessLog.objects.filter(username=person.email).count() == 1
    assert AccessAttempt.objects.filter(username=person.email).count() == 0


@contextlib.contextmanager
def _redis_back(site: RedisDownSite):
    """The site's Redis, started for the block and stopped after it."""
    redis = Redis(site.redis_port, site.workdir / "redis.log")
    redis.start()
    try:
        yield
    finally:
        redis.stop()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_matching_and_long_documents_asked_for_while_redis_is_down_say_try_again_and_go_once_it_is_back(
    redis_down_site, world
):
    coordinator, manager = _session(world.a.coordinator), _session(world.a.project_manager)
    programme = world.a.programme
    RiskFactory.create_batch(150, programme=programme)  # a report long enough for a worker (> LONG_PAGES)
    matching, run = (reverse(name, kwargs={"pk": programme.pk}) for name in ("matching:programme", "matching:run"))
    document = reverse("reports:document", kwargs={"kind": "programme", "pk": programme.pk})

    started = time.monotonic()
    refused_run = redis_down_site.post(matching, run, {}, coordinator).status
    refused_document = redis_down_site.get(document, manager)
    answered_in = time.monotonic() - started
    after_refusal = (
        list(MatchingRun.objects.filter(plan__programme=programme).values_list("state", "error")),
        list(Report.objects.filter(object_id=programme.pk).values_list("state", "error")),
    )
    with _redis_back(redis_down_site):
        queued_run = redis_down_site.post(matching, run, {}, coordinator).status
        retried = redis_down_site.post(document, document, {}, manager)
        queued_document = redis_down_site.get(document, manager).status
        states = (
            list(MatchingRun.objects.filter(plan__programme=programme).order_by("pk").values_list("state", flat=True)),
            list(Report.objects.filter(object_id=programme.pk).values_list("state", flat=True)),
        )

    # Refused at once with a reason, rather than left "queued" for a worker that never gets it.
    assert (refused_run, refused_document.status, answered_in < 10) == (302, 200, True)
    assert str(NOT_QUEUED) in refused_document.body.decode()
    assert after_refusal == ([(RunState.FAILED, str(NOT_QUEUED))], [(ReportState.FAILED, str(NOT_QUEUED))])
    # With Redis back, the same web processes queue both again (no worker runs in this test).
    assert (queued_run, retried.status, queued_document) == (302, 302, 202)
    assert states == ([RunState.FAILED, RunState.QUEUED], [ReportState.QUEUED])


@pytest.mark.worker
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_reminders_scheduled_while_redis_is_down_wait_in_the_outbox_and_go_once_it_is_back(redis_down_site, world):
    coordinator = _session(world.a.coordinator)
    enrol = reverse("programmes:enrol", kwargs={"pk": world.a.programme.pk})
    emails = [f"newcomer{i}@redis-down.example" for i in range(3)]
    invited = [
        redis_down_site.post(enrol, enrol, {
            "action": "invite", "full_name": f"Newcomer {i}", "email": email,
            "organisation": world.a.municipality.pk, "membership_role": Role.LG_STAFF, "role": EnrolmentRole.TRAINEE,
        }, coordinator).status
        for i, email in enumerate(emails)
    ]  # fmt: skip
    invitations = Notification.objects.filter(recipient__email__in=emails, kind=ENROLMENT_INVITATION.code)
    waiting = sorted(invitations.values_list("state", "attempts"))

    processes = Processes(redis_down_site.env, redis_down_site.workdir)
    with _redis_back(redis_down_site):
        try:
            processes.worker("faults-worker")
            processes.beat("faults-beat")  # dispatches every second here (REMINDER_DISPATCH_EVERY)
            deadline = time.monotonic() + 60
            while invitations.exclude(state=NotificationState.SENT).exists() and time.monotonic() < deadline:
                time.sleep(0.5)
        finally:
            processes.stop_all()

    ids = {f"<notification-{pk}@" for pk in invitations.values_list("pk", flat=True)}
    sink = redis_down_site.workdir / "sink.jsonl"
    delivered = [line for line in sink.read_text().splitlines() if any(i in line for i in ids)]
    assert invited == [302, 302, 302]
    assert waiting == [(NotificationState.PENDING, 0)] * 3
    assert sorted(invitations.values_list("state", flat=True)) == [NotificationState.SENT] * 3, tail(
        redis_down_site.workdir / "faults-worker.log"
    )
    assert len(delivered) == 3  # each once
