"""Pages under load at network scale: each role's main pages against a trivial view, in one run.

What it measures: gunicorn (production settings, sync workers) serving the application from
PostgreSQL and Redis filled by `manage.py seed_scale`, while locust (headless, loopback only, a
bounded time) plays coordinators, project managers, tutors and municipal employees clicking through
their main pages, and one more logged-in person asks a trivial page twice a second: the password
change form, which reads no programme data but pays what every page pays (the session, the user and
their roles, CSRF, the base layout with its menus). Its p95 is the baseline: it carries the cost of
the web stack and of the queueing the load causes, so the ratio says how much the pages' own data
adds. A last client asks the liveness probe /health/live/ (plain text, no session, no database, no
template) twice a second, for reference: the web server's floor, printed with the heaviest page's
p95 over it.

Run: `.venv/bin/python benchmarks/load.py [--scale 1] [--users 20] [--duration 120] [--workers 3]
[--database URL] [--redis-url URL]`. By default a fresh database mia_load_<pid> is created on the
PostgreSQL server of DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres), migrated,
filled with `seed_scale --scale F` and dropped at the end; with --database an existing database is
used and kept, and seeded only if it holds no scale data yet (a full seed takes a minute or more).
Redis is a private redis-server on a free port unless --redis-url names one.

People are logged in by sessions made beforehand (no password hashing inside the run; django-axes,
which counts failed logins, is never involved). Each simulated person sends its own X-Forwarded-For
address and X-Forwarded-Proto: https, and gunicorn runs with TRUSTED_PROXY_COUNT=1, as behind one
proxy: the per-address limits on personal links (core/link_limits.py) stay on and count each person
apart. The seed's campaigns and evaluations are past their dates, so the run reopens the ones whose
links it uses.

Prints one line per page, `<role> <page> n=N p50=A p95=B idle=C ratio=D` (milliseconds; idle is the
page asked one request at a time before the load, ratio its p95 over the baseline's), the baseline,
the liveness probe, the request rate, and last `heaviest_p95_ratio=R errors=E pages=N`: R is the
heaviest page's p95 over the baseline's p95, E the failed requests (anything but a 200, or no
answer), N the pages measured. Exits 1 when E > 0. docs/performance.md ("Load") explains what R means at which load.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import math
import os
import random
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.databases import create_database, drop_database  # noqa: E402 - after the path is set

LOCUSTFILE = Path(__file__).resolve().parent / "load_locust.py"
DEFAULT_SERVER = "postgres://postgres@127.0.0.1:5432/postgres"
# The trivial view: a page of the application that reads no programme data. A logged-in person asks
# it, so it pays what every page pays (session, user, roles, CSRF, the base layout and its menus).
BASELINE = "/accounts/password_change/"
# And, for reference, the liveness probe: plain text, no session, no database, no template.
LIVENESS = "/health/live/"
# What the proxy in front of gunicorn adds to every request (production settings trust it: HTTPS).
PROXIED = {"X-Forwarded-Proto": "https"}
ROLES = ("coordinator", "project_manager", "tutor", "employee")
# People arrive over this many seconds, as they do, not all in the same instant: a burst of twenty
# first requests at once queues behind three workers for 300 ms. The measurement starts once all
# are running and lasts --duration seconds.
RAMP_UP_SECONDS = 10


def log(message: str) -> None:
    print(message, flush=True)


# --- What the simulated people visit: runs in a child process with Django set up ----------------------


def prepare(out: Path, *, scale: float, per_role: int, seed: int = 1) -> None:
    """Seed if needed, choose people of each role and their pages, log them in; write it all as JSON."""
    import django

    sys.path.insert(0, str(ROOT))
    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    from core.scale import has_scale_data

    if not has_scale_data():
        log(f"seeding: seed_scale --scale {scale} --seed {seed}")
        started = time.monotonic()
        call_command("seed_scale", scale=scale, seed=seed, stdout=open(os.devnull, "w"))  # noqa: SIM115 -- closed at exit
        log(f"seeded in {time.monotonic() - started:.0f} s")
    rng = random.Random(seed)
    people = {
        "coordinator": _coordinators(rng, per_role),
        "project_manager": _project_managers(rng, per_role),
        "tutor": _tutors(rng, per_role),
        "employee": _employees(rng, per_role),
    }
    for role, chosen in people.items():
        if not chosen:
            raise SystemExit(f"no {role} with pages to visit in this database")
    baseline_user = people["coordinator"][0]["user"]
    roles = {
        role: [_log_in(person) | {"address": _address(role, i)} for i, person in enumerate(chosen)]
        for role, chosen in people.items()
    }
    # The baseline's person: the first coordinator, in a session and at an address of its own.
    baseline = _log_in({"user": baseline_user}) | {"address": "10.9.0.1", "url": BASELINE}
    targets = {
        "session_cookie": settings.SESSION_COOKIE_NAME,
        "baseline": baseline,
        "liveness": LIVENESS,
        "roles": roles,
    }
    out.write_text(json.dumps(targets))


def _address(role: str, i: int) -> str:
    return f"10.{ROLES.index(role) + 1}.{i // 250}.{i % 250 + 1}"


def _log_in(person: dict) -> dict:
    """A session for the person, as the login form would leave it."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from core.models import User

    user = User.objects.get(pk=person.pop("user"))
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return person | {"session": session.session_key}


def _urls(name: str, pks) -> list[str]:
    from django.urls import reverse

    return [reverse(name, kwargs={"pk": pk}) for pk in pks]


def _programme_pages(programmes) -> dict[str, list[str]]:
    """The pages of a handful of programmes that hold data: detail, needs analysis, matching, budget,
    evaluation analysis, the sessions' timeline."""
    from django.db.models import Count

    from assessments.models import Campaign
    from evaluation.models import Evaluation
    from matching.models import MatchingPlan

    ids = list(programmes.values_list("pk", flat=True))
    campaigns = (
        Campaign.objects.filter(programme_id__in=ids)
        .annotate(n=Count("invitations__response"))
        .filter(n__gt=0)
        .order_by("-n")
        .values_list("pk", flat=True)[:5]
    )
    evaluations = (
        Evaluation.objects.filter(programme_id__in=ids)
        .annotate(n=Count("submissions"))
        .filter(n__gt=0)
        .order_by("-n")
        .values_list("pk", flat=True)[:5]
    )
    planned = MatchingPlan.objects.filter(programme_id__in=ids).values_list("programme_id", flat=True)[:5]
    pages = {
        "programme_detail": _urls("programmes:detail", ids),
        "timeline": _urls("programmes:timeline", ids),
        "budget": _urls("budget:programme", ids),
        "needs_analysis": _urls("assessments:analysis", campaigns),
        "matching_plan": _urls("matching:programme", planned),
        "evaluation_analysis": _urls("evaluation:analysis", evaluations),
    }
    return {page: urls for page, urls in pages.items() if urls}


def _programme_lists(rng: random.Random, organisation_id: int) -> list[str]:
    """The programme list as people filter it: by status, by method and status, by words, by country."""
    from django.urls import reverse

    from core.models import Organisation
    from programmes.enums import Method, ProgrammeStatus

    country = str(Organisation.objects.get(pk=organisation_id).country)
    filters = [
        {"status": ProgrammeStatus.RUNNING},
        {"status": ProgrammeStatus.PLANNED, "method": Method.TUTORING},
        {"q": rng.choice(["energy", "climate", "academy", "coaching"])},
        {"country": country, "active_from": "2026-01-01"},
    ]
    return [f"{reverse('programmes:list')}?{urlencode(query)}" for query in filters]


def _heads(role: str, rng: random.Random, per_role: int) -> list[tuple[int, int]]:
    from core.models import Membership
    from core.scale import scale_organisations

    heads = list(
        Membership.objects.filter(organisation__in=scale_organisations(), role=role)
        .order_by("user_id")
        .values_list("user_id", "organisation_id")
    )
    return rng.sample(heads, min(per_role, len(heads)))


def _coordinators(rng: random.Random, per_role: int) -> list[dict]:
    from django.urls import reverse

    from core.enums import Role
    from programmes.models import Programme

    people = []
    for user, organisation in _heads(Role.COORDINATOR, rng, per_role):
        owned = Programme.objects.filter(organisation_id=organisation).order_by("?")[:6]
        pages = {"dashboard": [reverse("core:dashboard")], "programme_list": _programme_lists(rng, organisation)}
        people.append({"user": user, "pages": pages | _programme_pages(owned)})
    return people


def _project_managers(rng: random.Random, per_role: int) -> list[dict]:
    from django.urls import reverse

    from core.enums import Role
    from programmes.models import Programme

    people = []
    for user, organisation in _heads(Role.PROJECT_MANAGER, rng, per_role):
        owned = Programme.objects.filter(organisation_id=organisation).order_by("?")[:6]
        pages = {"dashboard": [reverse("core:dashboard")], "programme_list": _programme_lists(rng, organisation)}
        programme_pages = _programme_pages(owned)
        for page in ("programme_detail", "budget", "needs_analysis", "evaluation_analysis"):
            if page in programme_pages:
                pages[page] = programme_pages[page]
        pages["evaluation_comparison"] = _urls("evaluation:programme_comparison", owned.values_list("pk", flat=True))
        people.append({"user": user, "pages": pages})
    return people


def _tutors(rng: random.Random, per_role: int) -> list[dict]:
    from django.urls import reverse

    from assessments.selectors import trainee_profiles_for_tutor
    from programmes.enums import EnrolmentRole
    from programmes.models import Enrolment, Session

    tutors = list(
        Enrolment.objects.filter(role=EnrolmentRole.TUTOR, programme__organisation__name__contains="(scale ")
        .order_by("person_id")
        .values_list("person_id", flat=True)
        .distinct()
    )
    people = []
    for user in rng.sample(tutors, min(per_role * 3, len(tutors))):
        sessions = Session.objects.filter(tutors=user).order_by("-starts_at").values_list("pk", flat=True)[:5]
        programmes = Enrolment.objects.filter(person_id=user, role=EnrolmentRole.TUTOR).values_list(
            "programme_id", flat=True
        )
        profiles = [invitation.pk for invitation in trainee_profiles_for_tutor(_user(user), limit=5)]
        if not (sessions and profiles):
            continue
        pages = {
            "dashboard": [reverse("core:dashboard")],
            "my_sessions": [reverse("programmes:my_sessions")],
            "session_detail": _urls("programmes:session_detail", sessions),
            "trainee_profile": _urls("assessments:profile", profiles),
            "programme_detail": _urls("programmes:detail", programmes[:3]),
        }
        people.append({"user": user, "pages": pages})
        if len(people) == per_role:
            break
    return people


def _employees(rng: random.Random, per_role: int) -> list[dict]:
    """Municipal staff with a needs-assessment link and an evaluation link they have not answered yet,
    those who have both first. The seed's campaigns and evaluations are mostly past their dates: the
    ones used are reopened for a month."""
    import datetime

    from django.db.models import Exists, OuterRef
    from django.urls import reverse
    from django.utils import timezone

    from assessments.enums import ResponseStatus
    from assessments.models import Campaign, Invitation, Response
    from evaluation.models import Evaluation, Invitee, Receipt
    from programmes.models import Session

    needs, evaluations = {}, {}
    submitted = Response.objects.filter(invitation=OuterRef("pk"), status=ResponseStatus.SUBMITTED)
    for person, pk in (
        Invitation.objects.filter(person__email__startswith="scale-")
        .exclude(Exists(submitted))
        .order_by("person_id", "pk")
        .values_list("person_id", "pk")
    ):
        needs.setdefault(person, pk)
    for person, pk in (
        Invitee.objects.filter(person__email__startswith="scale-")
        .exclude(Exists(Receipt.objects.filter(invitee=OuterRef("pk"))))
        .order_by("person_id", "pk")
        .values_list("person_id", "pk")
    ):
        evaluations.setdefault(person, pk)
    both = sorted(needs.keys() & evaluations.keys())
    one = sorted((needs.keys() | evaluations.keys()) - set(both))
    chosen = rng.sample(both, min(per_role, len(both)))
    chosen += rng.sample(one, min(per_role - len(chosen), len(one)))
    invitations = Invitation.objects.in_bulk([needs[p] for p in chosen if p in needs])
    invitees = Invitee.objects.in_bulk([evaluations[p] for p in chosen if p in evaluations])
    now = timezone.now()
    month = datetime.timedelta(days=30)
    Campaign.objects.filter(pk__in={i.campaign_id for i in invitations.values()}).update(
        closed_at=None, deadline=now + month
    )
    Evaluation.objects.filter(pk__in={i.evaluation_id for i in invitees.values()}).update(
        closed_at=None, opens_at=now - month, closes_at=now + month
    )
    people = []
    for person in chosen:
        sessions = Session.objects.filter(attendees=person).order_by("-starts_at").values_list("pk", flat=True)[:5]
        pages = {
            "dashboard": [reverse("core:dashboard")],
            "my_sessions": [reverse("programmes:my_sessions")],
            "session_detail": _urls("programmes:session_detail", sessions),
            "needs_form": [invitations[needs[person]].get_link()] if person in needs else [],
            "evaluation_form": [invitees[evaluations[person]].get_link()] if person in evaluations else [],
        }
        people.append({"user": person, "pages": {page: urls for page, urls in pages.items() if urls}})
    return people


def _user(pk: int):
    from core.models import User

    return User.objects.get(pk=pk)


# --- Services: the database, Redis, gunicorn --------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _postgres(url: str) -> str:
    parts = urlsplit(url)
    if parts.scheme not in {"postgres", "postgresql", "pgsql"}:
        raise SystemExit(f"needs PostgreSQL: got {parts.scheme}://..., give a postgres:// URL")
    return urlunsplit(("postgres", parts.netloc, parts.path or "/postgres", parts.query, ""))


def _wait_for(url: str, process: subprocess.Popen, what: str, logfile: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{what} exited with {process.returncode}:\n{_tail(logfile)}")
        with contextlib.suppress(OSError), urllib.request.urlopen(_request(url), timeout=2) as answer:
            if answer.status == 200:
                return
        time.sleep(0.2)
    raise RuntimeError(f"{what} did not answer within {timeout:.0f} s:\n{_tail(logfile)}")


def _request(url: str, headers: dict | None = None) -> urllib.request.Request:
    return urllib.request.Request(url, headers=PROXIED | (headers or {}))


def _stop(process: subprocess.Popen | None, grace: float = 10) -> None:
    if process is None or process.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)  # start_new_session: the group is gunicorn's workers too
    try:
        process.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=grace)


def _tail(path: Path, lines: int = 20) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except FileNotFoundError:
        return "(no log)"


def start_redis(port: int, logfile: Path) -> subprocess.Popen:
    if shutil.which("redis-server") is None:
        raise SystemExit("needs redis-server on PATH (apt-get install redis-server), or --redis-url")
    with open(logfile, "ab") as out:
        process = subprocess.Popen(
            ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
    import redis

    client = redis.Redis(host="127.0.0.1", port=port, socket_connect_timeout=1)
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"redis-server exited with {process.returncode}: {_tail(logfile)}")
        with contextlib.suppress(redis.RedisError):
            if client.ping():
                return process
        time.sleep(0.1)
    raise RuntimeError("redis-server did not answer within 15 s")


def start_gunicorn(env: dict, port: int, workers: int, logfile: Path) -> subprocess.Popen:
    with open(logfile, "ab") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "miaproject.wsgi:application", "--bind", f"127.0.0.1:{port}",
             "--workers", str(workers), "--timeout", "60", "--log-level", "warning"],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True,
        )  # fmt: skip
    _wait_for(f"http://127.0.0.1:{port}{LIVENESS}", process, "gunicorn", logfile)
    return process


# --- The run ----------------------------------------------------------------------------------------------


def warm_up(host: str, targets: dict, rounds: int) -> dict[str, list[float]]:
    """Each page in turn, one request at a time, `rounds` times before the clock starts, so every worker
    has its templates and imports loaded. Returns the times of the later rounds (ms), the pages' cost
    without load. A page that fails here stops the run with its status."""
    cookie = targets["session_cookie"]
    idle: dict[str, list[float]] = {}

    def fetch(name: str, url: str, headers: dict, round_no: int) -> None:
        began = time.perf_counter()
        try:
            with urllib.request.urlopen(_request(host + url, headers), timeout=60) as answer:
                answer.read()
        except urllib.error.HTTPError as error:
            raise RuntimeError(f"warm-up: {name} {url} answered {error.code}") from error
        if round_no > 0:
            idle.setdefault(name, []).append((time.perf_counter() - began) * 1000)

    for round_no in range(rounds):
        for role, people in targets["roles"].items():
            person = people[0]
            headers = {"Cookie": f"{cookie}={person['session']}", "X-Forwarded-For": person["address"]}
            for page, urls in person["pages"].items():
                fetch(f"{role} {page}", urls[0], headers, round_no)
        baseline = targets["baseline"]
        headers = {"Cookie": f"{cookie}={baseline['session']}", "X-Forwarded-For": baseline["address"]}
        for _ in range(5):
            fetch("baseline", baseline["url"], headers, round_no)
            fetch("liveness", LIVENESS, {}, round_no)
    return idle


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile by the nearest-rank method (the value below which q% of samples fall)."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q / 100 * len(ordered)) - 1)]


def summarise(samples: dict, idle: dict, roles: dict) -> tuple[list[str], float, int, int]:
    """Per-page lines, the heaviest page's p95 over the baseline's, the errors and the pages measured."""
    lines = []

    def unloaded(name: str) -> str:
        return f" idle={percentile(idle[name], 50):.1f}" if idle.get(name) else ""

    errors = sum(entry["errors"] for entry in samples.values())
    baseline = samples.get("baseline", {}).get("ms", [])
    if not baseline:
        raise RuntimeError("no baseline request was measured")
    base_p95 = percentile(baseline, 95)
    heaviest = 0.0
    pages = 0
    for role in ROLES:
        names = sorted({page for person in roles[role] for page in person["pages"]})
        for page in names:
            entry = samples.get(f"{role} {page}", {"ms": [], "errors": 0})
            if not entry["ms"]:
                lines.append(f"{role} {page} n=0 errors={entry['errors']}")
                continue
            p50, p95 = percentile(entry["ms"], 50), percentile(entry["ms"], 95)
            heaviest = max(heaviest, p95)
            pages += 1
            lines.append(
                f"{role} {page} n={len(entry['ms'])} p50={p50:.1f} p95={p95:.1f}{unloaded(f'{role} {page}')} "
                f"ratio={p95 / base_p95:.2f}"
            )
    lines.append(
        f"baseline {BASELINE} n={len(baseline)} p50={percentile(baseline, 50):.1f} p95={base_p95:.1f}"
        f"{unloaded('baseline')}"
    )
    liveness = samples.get("liveness", {}).get("ms", [])
    if liveness:
        live_p95 = percentile(liveness, 95)
        lines.append(
            f"liveness {LIVENESS} n={len(liveness)} p50={percentile(liveness, 50):.1f} p95={live_p95:.1f}"
            f"{unloaded('liveness')} heaviest_over_liveness={heaviest / live_p95:.2f}"
        )
    return lines, heaviest / base_p95, errors, pages


def log_out(url: str, targets: dict) -> None:
    """Delete the run's sessions from a database that is kept."""
    import psycopg2

    keys = [person["session"] for people in targets["roles"].values() for person in people]
    keys.append(targets["baseline"]["session"])
    with contextlib.closing(psycopg2.connect(url, connect_timeout=5)) as connection, connection.cursor() as cursor:
        cursor.execute("DELETE FROM django_session WHERE session_key = ANY(%s)", [keys])
        connection.commit()


def run(args: argparse.Namespace) -> int:
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # a terminated run still cleans up
    started = time.monotonic()
    workdir = Path(tempfile.mkdtemp(prefix="mia-load-"))
    if args.database:
        url, server, name = _postgres(args.database), None, None
    else:
        server = _postgres(os.environ.get("DATABASE_URL") or DEFAULT_SERVER)
        name = f"mia_load_{os.getpid()}"
        parts = urlsplit(server)
        url = urlunsplit(("postgres", parts.netloc, f"/{name}", parts.query, ""))
    redis_port = free_port()
    redis_url = args.redis_url or f"redis://127.0.0.1:{redis_port}/0"
    port = free_port()
    host = f"http://127.0.0.1:{port}"
    env = os.environ | {
        "DJANGO_SETTINGS_MODULE": "miaproject.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(40),
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": url,
        "REDIS_URL": redis_url,
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",  # no page read sends mail
        "STATIC_ROOT": str(workdir / "static"),
        "TRUSTED_PROXY_COUNT": "1",
        "LOG_LEVEL": "WARNING",
        "PYTHONUNBUFFERED": "1",
    }
    if args.conn_max_age is not None:
        env["CONN_MAX_AGE"] = str(args.conn_max_age)
    redis = gunicorn = targets = None
    created = False
    try:
        if name:
            create_database(server, name)
            created = True
        log(
            f"database {urlsplit(url).path.lstrip('/')}; redis {redis_url}; gunicorn on port {port}; files in {workdir}"
        )
        # Static files (hashed and compressed, as production serves them) while the database fills.
        with open(workdir / "collectstatic.log", "wb") as out:
            static = subprocess.Popen(
                [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
                cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
            )  # fmt: skip
        subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True)
        if not args.redis_url:
            redis = start_redis(redis_port, workdir / "redis.log")
        targets_file = workdir / "targets.json"
        subprocess.run(
            [sys.executable, __file__, "--prepare", str(targets_file), "--scale", str(args.scale),
             "--per-role", str(args.per_role)],
            cwd=ROOT, env=env, check=True, timeout=1800,
        )  # fmt: skip
        targets = json.loads(targets_file.read_text())
        log(
            "people: "
            + ", ".join(f"{role} {len(people)}" for role, people in targets["roles"].items())
            + f" (ready after {time.monotonic() - started:.0f} s)"
        )
        if static.wait(timeout=300) != 0:
            log_tail = _tail(workdir / "collectstatic.log")
            raise RuntimeError(f"collectstatic exited with {static.returncode}:\n{log_tail}")
        gunicorn = start_gunicorn(env, port, args.workers, workdir / "gunicorn.log")
        idle = warm_up(host, targets, rounds=args.workers + 1)
        samples_file = workdir / "samples.json"
        users = args.users + 2  # and the baseline's and the liveness probe's clients
        log(f"locust: {args.users} people and the baseline clients for {args.duration} s, {args.workers} workers")
        with open(workdir / "locust.log", "wb") as out:
            locust = subprocess.run(
                [sys.executable, "-m", "locust", "-f", str(LOCUSTFILE), "--headless", "--host", host,
                 "-u", str(users), "-r", f"{users / RAMP_UP_SECONDS:.3f}", "-t", f"{args.duration + RAMP_UP_SECONDS}s",
                 "--stop-timeout", "10", "--only-summary", "--loglevel", "WARNING"],
                cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, timeout=args.duration + 120,
                env=os.environ | {"LOAD_TARGETS": str(targets_file), "LOAD_SAMPLES": str(samples_file)},
            )  # fmt: skip
        if not samples_file.exists():
            raise RuntimeError(
                f"locust exited with {locust.returncode} and wrote no samples:\n{_tail(workdir / 'locust.log')}"
            )
        samples = json.loads(samples_file.read_text())
    finally:
        _stop(gunicorn)
        _stop(redis)
        if created:
            drop_database(server, name)
        elif targets:
            log_out(url, targets)
    lines, ratio, errors, pages = summarise(samples, idle, targets["roles"])
    for line in lines:
        log(line)
    requests = sum(len(entry["ms"]) + entry["errors"] for entry in samples.values())
    log(f"requests={requests} rate={requests / args.duration:.1f}/s (times in ms; idle: one request at a time)")
    for failure in sorted({f for entry in samples.values() for f in entry.get("failures", [])})[:20]:
        log(f"failure: {failure}")
    log(f"elapsed={time.monotonic() - started:.0f}s")
    if args.keep or errors:
        log(f"kept {workdir}")
    else:
        shutil.rmtree(workdir, ignore_errors=True)
    log(f"heaviest_p95_ratio={ratio:.2f} errors={errors} pages={pages}")
    return 1 if errors else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="seed_scale --scale for a new database (default 1)")
    parser.add_argument("--users", type=int, default=20, help="simulated people, all roles (default 20)")
    parser.add_argument("--duration", type=int, default=120, help="seconds of load (default 120)")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers (default 3, as docker-compose)")
    parser.add_argument("--database", help="use (and keep) this PostgreSQL database URL instead of a new one")
    parser.add_argument("--redis-url", help="use this Redis instead of a private redis-server")
    parser.add_argument("--conn-max-age", type=int, help="CONN_MAX_AGE for gunicorn (default: the settings' own)")
    parser.add_argument("--per-role", type=int, default=30, help="distinct people logged in per role (default 30)")
    parser.add_argument("--keep", action="store_true", help="keep the logs, the targets and the samples")
    parser.add_argument("--prepare", type=Path, help=argparse.SUPPRESS)  # the child that seeds and chooses
    args = parser.parse_args()
    if args.prepare:
        prepare(args.prepare, scale=args.scale, per_role=args.per_role)
        return 0
    return run(args)


if __name__ == "__main__":
    sys.exit(main())
