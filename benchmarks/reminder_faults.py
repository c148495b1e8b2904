"""Reminders survive a killed worker and a Redis restart: every one is sent, none twice.

What it proves: the notification outbox (notifications/services.py, notifications/tasks.py)
delivers every due reminder exactly once while the machinery around it fails. It seeds N
enrolment invitations due now, runs two Celery beats (both dispatching every second, so the
SKIP LOCKED claim is contended) and two workers, then, mid-run,

* SIGKILLs the whole process group of worker 1 once ~15% of the mail has gone out (its running
  and prefetched tasks vanish, rows may be left "sending") and starts a replacement worker 3;
* restarts Redis (no persistence) once ~40% has gone out, so every queued and unacknowledged
  task is lost.

The outbox must recover on its own: lost tasks are re-queued after REMINDER_CLAIM_TIMEOUT (5 s
here) and rows left "sending" return to pending after REMINDER_SENDING_LEASE (8 s here). Mail goes
to notifications.backends.JsonlSinkBackend, which appends one JSON line per message to a file;
the Message-ID header names the notification, so the file shows what was lost and what doubled.

Run: `.venv/bin/python benchmarks/reminder_faults.py [--reminders 1000] [--timeout 240]`.
Needs PostgreSQL at DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres; a fresh
database mia_faults_<pid> is created there and dropped at the end) and `redis-server` on PATH
(its own instance on a free port, 6391 when free; the system Redis is never touched). Prints
progress, then last `reminders=N delivered=D lost=L duplicates=U`; exits 0 only when nothing was
lost or doubled. Takes about a minute on two cores.
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.databases import create_database, drop_database  # noqa: E402 - after the path is set

DEFAULT_SERVER = "postgres://postgres@127.0.0.1:5432/postgres"
CELERY = [sys.executable, "-m", "celery", "-A", "miaproject"]
KILL_AT, RESTART_AT = 0.15, 0.40


def log(message: str) -> None:
    print(message, flush=True)


# --- Seeding: runs in a child process with the benchmark's environment -----------------------------


def seed(n: int) -> None:
    import django

    sys.path.insert(0, str(ROOT))
    django.setup()
    import datetime

    from django.db import transaction
    from django.utils import timezone

    from core.enums import OrganisationKind
    from core.models import Organisation, User
    from notifications.services import notification_schedule
    from programmes.enums import EnrolmentRole, Method
    from programmes.models import Enrolment, Programme

    with transaction.atomic():
        coordinator = Organisation.objects.create(
            name="Fault-test coordinator", kind=OrganisationKind.COORDINATOR, country="BE"
        )
        today = timezone.localdate()
        programme = Programme.objects.create(
            title="Fault-test programme",
            organisation=coordinator,
            method=Method.PEER,
            start_date=today,
            end_date=today + datetime.timedelta(days=90),
        )
        people = []
        for i in range(n):
            person = User(email=f"person{i:05d}@faults.example.org", full_name=f"Person {i}")
            person.set_unusable_password()  # invited people: the mail carries a set-password link
            people.append(person)
        people = User.objects.bulk_create(people)
        enrolments = Enrolment.objects.bulk_create(
            Enrolment(programme=programme, person=person, organisation=coordinator, role=EnrolmentRole.PEER)
            for person in people
        )
        now = timezone.now()
        for person, enrolment in zip(people, enrolments, strict=True):
            notification_schedule(
                kind="enrolment_invitation", recipient=person, target=enrolment, due_at=now, programme=programme
            )


# --- Services: PostgreSQL database, Redis, Celery processes ----------------------------------------


def free_port(preferred: int) -> int:
    for port in (preferred, 0):
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return probe.getsockname()[1]
    raise RuntimeError("no free port")


class Redis:
    """A private redis-server: no persistence, so a restart loses every queued task."""

    def __init__(self, port: int, logfile: Path):
        self.port, self.logfile, self.process = port, logfile, None

    def start(self) -> None:
        import redis

        with open(self.logfile, "ab") as out:
            self.process = subprocess.Popen(
                ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
                 "--appendonly", "no", "--daemonize", "no"],
                stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
            )  # fmt: skip
        client = redis.Redis(host="127.0.0.1", port=self.port, socket_connect_timeout=1, socket_timeout=1)
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"redis-server exited with {self.process.returncode}; see {self.logfile}")
            try:
                if client.ping():
                    return
            except redis.RedisError:
                time.sleep(0.1)
        raise RuntimeError(f"redis-server on port {self.port} did not answer within 15 s")

    def queued(self) -> str:
        """What the broker holds now: tasks waiting in the mail queue and tasks delivered, not acked."""
        import redis

        try:
            client = redis.Redis(host="127.0.0.1", port=self.port, socket_connect_timeout=1, socket_timeout=1)
            return f"mail_queue={client.llen('mail')} unacked={client.hlen('unacked')}"
        except redis.RedisError as error:
            return f"unknown ({error})"

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)


class Processes:
    """Celery beats and workers, each in its own process group so a kill takes its pool children too."""

    def __init__(self, env: dict[str, str], logdir: Path):
        self.env, self.logdir, self.running = env, logdir, {}

    def start(self, name: str, args: list[str]) -> None:
        with open(self.logdir / f"{name}.log", "ab") as out:
            self.running[name] = subprocess.Popen(
                [*CELERY, *args], cwd=ROOT, env=self.env, stdout=out, stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL, start_new_session=True,
            )  # fmt: skip

    def beat(self, name: str) -> None:
        self.start(name, ["beat", "-l", "warning", "-s", str(self.logdir / f"{name}.schedule")])

    def worker(self, name: str) -> None:
        self.start(name, ["worker", "-Q", "mail,default", "-l", "warning", "-n", f"{name}@%h", "--concurrency", "2",
                          "--without-gossip", "--without-mingle"])  # fmt: skip

    def kill(self, name: str) -> None:
        process = self.running.pop(name)
        _signal_group(process, signal.SIGKILL)
        process.wait(timeout=10)

    def stop_all(self, grace: float = 10.0) -> None:
        for process in self.running.values():
            _signal_group(process, signal.SIGTERM)
        deadline = time.monotonic() + grace
        for process in self.running.values():
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(timeout=max(deadline - time.monotonic(), 0.1))
        for process in self.running.values():
            _signal_group(process, signal.SIGKILL)  # also pool children left behind by a leader that exited
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(timeout=10)
        self.running.clear()

    def dead(self) -> list[str]:
        return [name for name, process in self.running.items() if process.poll() is not None]

    def restart(self, name: str) -> None:
        """Start an exited process again under the same name, as docker-compose's restart policy does."""
        args = self.running.pop(name).args[len(CELERY) :]
        self.start(name, list(args))


def _signal_group(process: subprocess.Popen, sig: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, sig)  # start_new_session: the group id is the leader's pid


def database_urls() -> tuple[str, str, str]:
    """(server URL to connect to for CREATE/DROP, the new database's name, the new database's URL)."""
    server = os.environ.get("DATABASE_URL") or DEFAULT_SERVER
    parts = urlsplit(server)
    if parts.scheme not in {"postgres", "postgresql", "pgsql"}:
        raise SystemExit(f"needs PostgreSQL: DATABASE_URL is {parts.scheme}://..., set it to postgres://...")
    name = f"mia_faults_{os.getpid()}"
    server = urlunsplit(("postgres", parts.netloc, parts.path or "/postgres", parts.query, ""))
    return server, name, urlunsplit(("postgres", parts.netloc, f"/{name}", parts.query, ""))


# --- Observation -------------------------------------------------------------------------------------


def sink_lines(path: Path) -> int:
    try:
        with open(path, "rb") as sink:
            return sink.read().count(b"\n")
    except FileNotFoundError:
        return 0


def sink_ids(path: Path) -> collections.Counter:
    ids: collections.Counter = collections.Counter()
    if path.exists():
        for line in path.read_text().splitlines():
            if line.strip():
                ids[json.loads(line)["message_id"]] += 1
    return ids


def states(cursor) -> dict[str, int]:
    cursor.execute("SELECT state, count(*) FROM notifications_notification GROUP BY state")
    return dict(cursor.fetchall())


def tail(path: Path, lines: int = 30) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except FileNotFoundError:
        return "(no log)"


# --- The run -------------------------------------------------------------------------------------------


def inject_and_wait(n: int, timeout: float, sink: Path, cursor, redis: Redis, processes: Processes) -> list[str]:
    """Start the beats and workers, inject the two faults on the way, wait until nothing is pending or sending."""
    faults: list[str] = []
    redis.start()
    processes.beat("beat1")
    processes.beat("beat2")
    processes.worker("w1")
    processes.worker("w2")
    begun = time.monotonic()
    deadline = begun + timeout
    killed = restarted = False
    last_report = 0.0
    while True:
        now = time.monotonic()
        delivered, counts = sink_lines(sink), states(cursor)
        if not killed and delivered >= KILL_AT * n:
            processes.kill("w1")
            processes.worker("w3")
            killed = True
            faults.append(f"worker w1 SIGKILLed at sink={delivered} states={counts}")
            log(f"t={now - begun:.1f}s {faults[-1]}; started w3")
        if killed and not restarted and delivered >= RESTART_AT * n:
            held = redis.queued()
            redis.stop()
            redis.start()
            restarted = True
            faults.append(f"redis restarted at sink={delivered} (dropped {held})")
            log(f"t={now - begun:.1f}s {faults[-1]}")
        if counts.get("pending", 0) + counts.get("sending", 0) == 0:
            log(f"t={now - begun:.1f}s done: sink={delivered} states={counts}")
            return faults
        if now >= deadline:
            log(f"t={now - begun:.1f}s TIMEOUT after {timeout:.0f} s: sink={delivered} states={counts}")
            return faults
        if now - last_report >= 2:
            last_report = now
            log(f"t={now - begun:.1f}s sink={delivered} states={counts}")
        for dead in processes.dead():
            # A worker can die on its own when Redis goes away under it (kombu loses its connection
            # while acknowledging); in production the container restart policy brings it back.
            log(f"t={now - begun:.1f}s {dead} exited; restarting it:\n{tail(processes.logdir / f'{dead}.log', 5)}")
            processes.restart(dead)
        time.sleep(0.2)


def report(n: int, sink: Path, cursor, faults: list[str], started: float, workdir: Path) -> bool:
    """Compare the sink with the seeded rows; print the details and, last, the one-line verdict."""
    ids = sink_ids(sink)
    total, distinct = sum(ids.values()), len(ids)
    final = states(cursor)
    cursor.execute("SELECT count(*) FROM notifications_notification WHERE attempts > 1")
    resent = cursor.fetchone()[0]
    doubled = sorted(message_id for message_id, times in ids.items() if times > 1)
    for message_id in doubled[:20]:
        pk = int(message_id.split("-", 1)[1].split("@", 1)[0])
        cursor.execute(
            "SELECT state, attempts, claimed_at, sending_at, sent_at, last_error "
            "FROM notifications_notification WHERE id = %s",
            [pk],
        )
        log(f"duplicate {message_id} x{ids[message_id]}: {cursor.fetchone()}")
    lost, duplicates = n - distinct, total - distinct
    ok = lost == 0 and duplicates == 0 and len(faults) == 2
    log(f"faults: {'; '.join(faults) or 'none injected'}")
    log(
        f"failed={final.get('failed', 0)} cancelled={final.get('cancelled', 0)} sent={final.get('sent', 0)} "
        f"attempted_more_than_once={resent} elapsed={time.monotonic() - started:.1f}s"
    )
    if not ok:
        for logfile in sorted(workdir.glob("*.log")):
            log(f"--- {logfile.name} (last lines)\n{tail(logfile)}")
    log(f"reminders={n} delivered={distinct} lost={lost} duplicates={duplicates}")
    return ok


def run(n: int, timeout: float, keep: bool) -> int:
    import psycopg2

    if shutil.which("redis-server") is None:
        raise SystemExit("needs redis-server on PATH (apt-get install redis-server)")
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # a terminated driver still cleans up
    started = time.monotonic()
    server, name, url = database_urls()
    workdir = Path(tempfile.mkdtemp(prefix="mia-faults-"))
    sink = workdir / "sink.jsonl"
    port = free_port(6391)
    env = os.environ | {
        "DJANGO_SETTINGS_MODULE": "miaproject.settings.local",
        "DATABASE_URL": url,
        "REDIS_URL": f"redis://127.0.0.1:{port}/0",
        "EMAIL_BACKEND": "notifications.backends.JsonlSinkBackend",
        "EMAIL_SINK_PATH": str(sink),
        "REMINDER_DISPATCH_EVERY": "1",
        "REMINDER_CLAIM_TIMEOUT": "5",
        "REMINDER_SENDING_LEASE": "8",
        "REMINDER_BATCH": "100",
        "DEBUG": "false",
        "LOG_LEVEL": "WARNING",
        "PYTHONUNBUFFERED": "1",
    }
    redis = Redis(port, workdir / "redis.log")
    processes = Processes(env, workdir)
    db = None
    created = False
    try:
        try:
            create_database(server, name)
            created = True
            log(f"database {name} on {urlsplit(server).hostname}; redis on port {port}; files in {workdir}")
            subprocess.run(
                [sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"],
                cwd=ROOT, env=env, check=True, timeout=240,
            )  # fmt: skip
            subprocess.run(
                [sys.executable, __file__, "--seed-only", "--reminders", str(n)],
                cwd=ROOT, env=env, check=True, timeout=240,
            )  # fmt: skip
            db = psycopg2.connect(url, connect_timeout=5)
            db.autocommit = True
            cursor = db.cursor()
            log(f"seeded: {states(cursor)} ({time.monotonic() - started:.1f} s)")
            faults = inject_and_wait(n, timeout, sink, cursor, redis, processes)
        finally:
            processes.stop_all()
            redis.stop()
        ok = report(n, sink, cursor, faults, started, workdir)
    finally:
        if db is not None:
            db.close()
        if created:
            drop_database(server, name)
        if keep:
            log(f"kept {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    return 0 if ok else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reminders", type=int, default=1000, help="notifications to send (default 1000)")
    parser.add_argument("--timeout", type=float, default=240, help="seconds to wait for the outbox to drain")
    parser.add_argument("--keep", action="store_true", help="keep the sink and the process logs")
    parser.add_argument("--seed-only", action="store_true", help=argparse.SUPPRESS)  # the seeding child
    args = parser.parse_args()
    if args.seed_only:
        seed(args.reminders)
        return 0
    return run(args.reminders, args.timeout, args.keep)


if __name__ == "__main__":
    sys.exit(main())
