"""PostgreSQL restarted under load: the application recovers by itself, without a restart.

What it proves: a web process keeps its database connections between requests (CONN_MAX_AGE), and
with CONN_HEALTH_CHECKS a connection broken by a database restart is noticed and replaced before a
request uses it. The benchmark starts its own PostgreSQL cluster (initdb in a temporary directory,
trust authentication, a free port; never the machine's server), creates a database there (tables
straight from the models, without running every migration), seeds a coordinator with a programme
and starts gunicorn (2 workers x 4 threads, CONN_MAX_AGE=300). Client threads log in through the
login form and request five pages in a loop: the login page, /health/, the dashboard, the
programme list and the programme's page. Then:

1. under load, PostgreSQL is stopped (`pg_ctl stop -m fast`), kept down for --outage seconds and
   started again. Every request begun during the outage must answer within the client timeout with
   200 or with the 503 "try again in a minute" page (no hang, no reset connection, no bare 500);
   every request begun after the server is back must answer 200;
2. with the clients paused, so every kept connection is stale and none is replaced on the way,
   PostgreSQL is restarted (`pg_ctl restart -m fast`); every request afterwards must answer 200;
3. gunicorn's master and workers must be the same processes (same PIDs) as before the faults.

With --compare, step 2 is repeated against a gunicorn whose settings turn CONN_HEALTH_CHECKS off:
then the first request on each stale connection fails, which shows what the setting is for.

Run: `.venv/bin/python benchmarks/postgres_restart.py [--outage 2] [--clients 4] [--compare]`.
Needs PostgreSQL's server programs (initdb, pg_ctl: /usr/lib/postgresql/<version>/bin, or PG_BIN);
run as root it starts the cluster as the user `postgres`. Prints each step, then last
`outage_requests=N outage_503=F errors_after=E idle_restart_errors=I same_pids=yes|no`, followed by
` idle_restart_errors_without_checks=W` with --compare; exits 0 only when nothing hung or failed
uncleanly, E and I are 0 and the PIDs are the same. Takes about 30 s on two cores.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import os
import pwd
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
EMAIL, PASSWORD = "coordinator@restart.example", "restart-2030!"
CLIENT_TIMEOUT = 10.0  # seconds: a request still unanswered after this counts as hung
WORKERS, THREADS = 2, 4


# Tables straight from the models, as pytest-django's --nomigrations makes them: what is measured here
# is the web process, not the migrations, and running all of them would take most of the run.
SETTINGS_WITHOUT_MIGRATIONS = """from miaproject.settings.local import *  # noqa: F403


class NoMigrations(dict):
    def __contains__(self, app):
        return True

    def __getitem__(self, app):
        return None


MIGRATION_MODULES = NoMigrations()
"""
SETTINGS_WITHOUT_HEALTH_CHECKS = """from miaproject.settings.local import *  # noqa: F403

DATABASES["default"]["CONN_HEALTH_CHECKS"] = False  # noqa: F405
"""


def log(message: str) -> None:
    print(message, flush=True)


# --- Seeding: runs in a child process with the benchmark's environment -----------------------------


def seed() -> None:
    import django

    sys.path.insert(0, str(ROOT))
    django.setup()
    import datetime

    from django.utils import timezone

    from core.enums import OrganisationKind, Role
    from core.models import Membership, Organisation, User
    from programmes.enums import Method
    from programmes.models import Programme

    agency = Organisation.objects.create(name="Restart agency", kind=OrganisationKind.COORDINATOR, country="BE")
    coordinator = User.objects.create_user(email=EMAIL, password=PASSWORD, full_name="Restart Coordinator")
    Membership.objects.create(user=coordinator, organisation=agency, role=Role.COORDINATOR)
    today = timezone.localdate()
    programme = Programme.objects.create(
        title="Restart programme",
        organisation=agency,
        method=Method.PEER,
        start_date=today,
        end_date=today + datetime.timedelta(days=90),
    )
    print(json.dumps({"programme": programme.pk}))


# --- A private PostgreSQL cluster ---------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def postgres_bin() -> Path | None:
    if os.environ.get("PG_BIN"):
        return Path(os.environ["PG_BIN"])
    versions = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"), key=lambda p: int(p.parts[-3]))
    if versions:
        return versions[-1].parent
    found = shutil.which("pg_ctl")
    return Path(found).parent if found else None


class Postgres:
    """A throw-away cluster: trust authentication, loopback only, no fsync (its data dies with it)."""

    def __init__(self, bindir: Path, workdir: Path):
        self.bindir, self.port = bindir, free_port()
        self.datadir, self.logfile = workdir / "pgdata", workdir / "postgres.log"
        # The server refuses to run as root; it runs as `postgres`, who must own its files.
        self.user = "postgres" if os.geteuid() == 0 else None
        if self.user:
            owner = pwd.getpwnam(self.user)
            os.chown(workdir, owner.pw_uid, owner.pw_gid)
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/mia"

    def _run(self, program: str, *args: str, timeout: float = 60) -> None:
        argv = [str(self.bindir / program), *args]
        if self.user:
            argv = ["runuser", "-u", self.user, "--", *argv]
        subprocess.run(
            argv, cwd=self.datadir.parent, check=True, timeout=timeout, stdout=subprocess.DEVNULL,
            stderr=subprocess.STDOUT,
        )  # fmt: skip

    def _pg_ctl(self, action: str, *args: str) -> None:
        self._run("pg_ctl", action, "-D", str(self.datadir), "-l", str(self.logfile), "-w", "-t", "30", *args)

    def init(self) -> None:
        self._run("initdb", "-D", str(self.datadir), "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync")
        # In the configuration file, not on pg_ctl's command line, so every later start keeps them
        # (a start without them would try the machine server's port and socket).
        with open(self.datadir / "postgresql.conf", "a") as conf:
            conf.write(
                f"port = {self.port}\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '{self.datadir}'\n"
                "fsync = off\nsynchronous_commit = off\nfull_page_writes = off\n"
            )
        self.start()
        import psycopg2

        connection = psycopg2.connect(f"postgres://postgres@127.0.0.1:{self.port}/postgres", connect_timeout=5)
        connection.autocommit = True
        with connection.cursor() as cursor:
            cursor.execute("CREATE DATABASE mia")
        connection.close()

    def stop(self) -> None:
        self._pg_ctl("stop", "-m", "fast")

    def start(self) -> None:
        self._pg_ctl("start")

    def restart(self) -> None:
        self._pg_ctl("restart", "-m", "fast")

    def destroy(self) -> None:
        with contextlib.suppress(subprocess.SubprocessError, OSError):
            self._pg_ctl("stop", "-m", "immediate")


# --- gunicorn ---------------------------------------------------------------------------------------------


class Gunicorn:
    def __init__(self, env: dict[str, str], logfile: Path):
        self.port, self.env, self.logfile, self.process = free_port(), env, logfile, None

    def launch(self) -> None:
        with open(self.logfile, "ab") as out:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "gunicorn", "miaproject.wsgi:application", "--bind", f"127.0.0.1:{self.port}",
                 "--workers", str(WORKERS), "--threads", str(THREADS), "--timeout", "30"],
                cwd=ROOT, env=self.env, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                start_new_session=True,
            )  # fmt: skip

    def wait_ready(self) -> None:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {self.process.returncode}; see {self.logfile}")
            with contextlib.suppress(OSError):
                if request("127.0.0.1", self.port, "GET", "/health/live/").status == 200:
                    return
            time.sleep(0.2)
        raise RuntimeError(f"gunicorn did not answer within 30 s; see {self.logfile}")

    def pids(self) -> tuple[int, frozenset[int]]:
        """The master's PID and its workers' PIDs, read from /proc."""
        workers = set()
        for stat in Path("/proc").glob("[0-9]*/stat"):
            with contextlib.suppress(OSError):
                fields = stat.read_text().rsplit(")", 1)[1].split()
                if int(fields[1]) == self.process.pid:
                    workers.add(int(stat.parent.name))
        return self.process.pid, frozenset(workers)

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGINT)  # gunicorn's quick shutdown: nothing left to finish
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)


# --- The clients ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Answer:
    status: int | None  # None: no answer (timeout, reset connection)
    body: bytes
    cookies: dict[str, str]
    location: str = ""


def request(host: str, port: int, method: str, path: str, *, cookies=None, form=None) -> Answer:
    connection = http.client.HTTPConnection(host, port, timeout=CLIENT_TIMEOUT)
    try:
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in (cookies or {}).items())}
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        set_cookies = {}
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                set_cookies[name.strip()] = rest.split(";", 1)[0]
        return Answer(response.status, response.read(), set_cookies, response.getheader("Location", ""))
    finally:
        connection.close()


def log_in(port: int) -> dict[str, str]:
    page = request("127.0.0.1", port, "GET", "/accounts/login/")
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page.body).group(1).decode()
    cookies = {"csrftoken": page.cookies["csrftoken"]}
    form = {"csrfmiddlewaretoken": token, "username": EMAIL, "password": PASSWORD}
    answer = request("127.0.0.1", port, "POST", "/accounts/login/", cookies=cookies, form=form)
    if answer.status != 302 or "sessionid" not in answer.cookies:
        raise RuntimeError(f"login failed: {answer.status} {answer.body[:300]!r}")
    return {"sessionid": answer.cookies["sessionid"]}


def _says_unavailable(body: bytes) -> bool:
    """The 503 page of a page, or the JSON 503 of /health/: the database is away, try again soon."""
    return b"briefly unavailable" in body or b'"database": "unavailable"' in body


@dataclass(frozen=True)
class Outcome:
    page: str
    began: float
    seconds: float
    status: int | None  # None: no answer
    unavailable_page: bool  # the 503 page, not some other error


class Load:
    """Client threads requesting the pages in turn until stopped; every outcome is kept."""

    def __init__(self, port: int, session: dict[str, str], programme: int, clients: int):
        self.port, self.session, self.clients = port, session, clients
        self.pages = [
            ("login page", "/accounts/login/", False),
            ("health", "/health/", False),
            ("dashboard", "/", True),
            ("programme list", "/programmes/", True),
            ("programme page", f"/programmes/{programme}/", True),
        ]
        self.outcomes: list[Outcome] = []
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []

    def _client(self, offset: int) -> None:
        turn = offset
        while not self._stop.is_set():
            label, path, logged_in = self.pages[turn % len(self.pages)]
            turn += 1
            began = time.monotonic()
            try:
                answer = request("127.0.0.1", self.port, "GET", path, cookies=self.session if logged_in else None)
                status, unavailable = answer.status, answer.status == 503 and _says_unavailable(answer.body)
            except OSError:
                status, unavailable = None, False
            with self._lock:
                self.outcomes.append(Outcome(label, began, time.monotonic() - began, status, unavailable))

    def start(self) -> None:
        self._stop.clear()
        self._threads = [threading.Thread(target=self._client, args=(i,), daemon=True) for i in range(self.clients)]
        for thread in self._threads:
            thread.start()

    def stop(self) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout=CLIENT_TIMEOUT + 5)

    def between(self, start: float, end: float = float("inf")) -> list[Outcome]:
        with self._lock:
            return [o for o in self.outcomes if start <= o.began < end]


def summary(outcomes: list[Outcome]) -> str:
    by_status: dict[str, int] = {}
    for outcome in outcomes:
        key = str(outcome.status) if outcome.status else "no-answer"
        by_status[key] = by_status.get(key, 0) + 1
    slowest = max((o.seconds for o in outcomes), default=0.0)
    return (
        f"requests={len(outcomes)} "
        + " ".join(f"{k}:{v}" for k, v in sorted(by_status.items()))
        + (f" slowest={slowest:.2f}s")
    )


def failed(outcomes: list[Outcome]) -> list[Outcome]:
    return [o for o in outcomes if o.status != 200]


# --- The run ---------------------------------------------------------------------------------------------------


def idle_restart(postgres: Postgres, loads: list[Load], seconds: float) -> list[list[Outcome]]:
    """Warm every kept connection, pause the clients, restart PostgreSQL, resume: what each load got after."""
    for load in loads:
        load.start()
    time.sleep(seconds)
    for load in loads:
        load.stop()
    postgres.restart()
    resumed = time.monotonic()
    for load in loads:
        load.start()
    time.sleep(seconds)
    for load in loads:
        load.stop()
    return [load.between(resumed) for load in loads]


def outage_under_load(postgres: Postgres, load: Load, outage: float) -> tuple[list[Outcome], ...]:
    """Requests finished before the stop, begun (or still running) from the stop until the server is
    back, and begun after."""
    load.start()
    time.sleep(2)
    stopped = time.monotonic()
    postgres.stop()
    time.sleep(outage)
    postgres.start()
    back = time.monotonic()
    time.sleep(2.5)
    load.stop()
    before = [o for o in load.between(0, stopped) if o.began + o.seconds < stopped]
    during = [o for o in load.between(0, back) if o.began + o.seconds >= stopped]
    log(f"before the outage: {summary(before)}")
    log(f"during the outage ({back - stopped:.1f} s): {summary(during)}")
    return before, during, load.between(back)


def run(outage: float, clients: int, compare: bool, keep: bool) -> int:
    bindir = postgres_bin()
    if bindir is None or not (bindir / "initdb").exists():
        raise SystemExit("needs PostgreSQL's server programs (initdb, pg_ctl): set PG_BIN or install postgresql")
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # a terminated driver still cleans up
    started = time.monotonic()
    workdir = Path(tempfile.mkdtemp(prefix="mia-pg-restart-"))
    postgres = Postgres(bindir, workdir)
    env = os.environ | {
        "DJANGO_SETTINGS_MODULE": "miaproject.settings.local",
        "DATABASE_URL": postgres.url,
        "CONN_MAX_AGE": "300",
        "REDIS_URL": "",
        "DEBUG": "false",
        "LOG_LEVEL": "CRITICAL",  # the outage logs a traceback per failed request
        "PYTHONUNBUFFERED": "1",
    }
    settings_dir = workdir / "settings"
    settings_dir.mkdir()
    (settings_dir / "without_migrations.py").write_text(SETTINGS_WITHOUT_MIGRATIONS)
    (settings_dir / "without_health_checks.py").write_text(SETTINGS_WITHOUT_HEALTH_CHECKS)
    web = Gunicorn(env, workdir / "gunicorn.log")
    servers = [web]
    if compare:
        plain_env = env | {"DJANGO_SETTINGS_MODULE": "without_health_checks", "PYTHONPATH": str(settings_dir)}
        servers.append(Gunicorn(plain_env, workdir / "gunicorn-without-checks.log"))
    ok = False
    try:
        postgres.init()
        log(f"postgres {bindir} on port {postgres.port}; files in {workdir} ({time.monotonic() - started:.1f} s)")
        subprocess.run(
            [sys.executable, "manage.py", "migrate", "--run-syncdb", "--noinput", "-v", "0"], cwd=ROOT, check=True,
            env=env | {"DJANGO_SETTINGS_MODULE": "without_migrations", "PYTHONPATH": str(settings_dir)}, timeout=300,
        )  # fmt: skip
        log(f"tables created ({time.monotonic() - started:.1f} s)")
        for server in servers:
            server.launch()  # they boot while the seeding runs
        seeded = subprocess.run(
            [sys.executable, __file__, "--seed-only"], cwd=ROOT, env=env, check=True, timeout=120,
            capture_output=True, text=True,
        )  # fmt: skip
        programme = json.loads(seeded.stdout.strip().splitlines()[-1])["programme"]
        for server in servers:
            server.wait_ready()
        log(f"seeded, gunicorn up ({time.monotonic() - started:.1f} s)")
        pids_before = web.pids()
        loads = [Load(server.port, log_in(server.port), programme, clients) for server in servers]

        before, during, after = outage_under_load(postgres, loads[0], outage)
        log(f"after PostgreSQL is back: {summary(after)}")
        unclean = [o for o in during if o.status != 200 and not o.unavailable_page]
        for outcome in unclean[:10]:
            log(f"unclean failure during the outage: {outcome}")

        idle = idle_restart(postgres, loads, 1.5)
        log(f"idle restart, health checks on: {summary(idle[0])}")
        pids_after = web.pids()
        same_pids = pids_after == pids_before and len(pids_before[1]) == WORKERS
        log(f"gunicorn master {pids_before[0]} workers {sorted(pids_before[1])} -> {sorted(pids_after[1])}")

        line = (
            f"outage_requests={len(during)} outage_503={sum(o.unavailable_page for o in during)} "
            f"errors_after={len(failed(after))} idle_restart_errors={len(failed(idle[0]))} "
            f"same_pids={'yes' if same_pids else 'no'}"
        )
        ok = not unclean and not failed(before) and not failed(after) and not failed(idle[0]) and same_pids
        if compare:
            log(f"idle restart, health checks off: {summary(idle[1])}")
            line += f" idle_restart_errors_without_checks={len(failed(idle[1]))}"
        log(f"elapsed={time.monotonic() - started:.1f}s")
        log(line)
    finally:
        for server in servers:
            server.stop()
        postgres.destroy()
        if keep:
            log(f"kept {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    return 0 if ok else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--outage", type=float, default=2.0, help="seconds PostgreSQL stays down under load")
    parser.add_argument("--clients", type=int, default=4, help="client threads sending requests")
    parser.add_argument("--compare", action="store_true", help="also restart under CONN_HEALTH_CHECKS off")
    parser.add_argument("--keep", action="store_true", help="keep the cluster's log and gunicorn's")
    parser.add_argument("--seed-only", action="store_true", help=argparse.SUPPRESS)  # the seeding child
    args = parser.parse_args()
    if args.seed_only:
        seed()
        return 0
    return run(args.outage, args.clients, args.compare, args.keep)


if __name__ == "__main__":
    sys.exit(main())
