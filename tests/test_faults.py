"""Faults of a real deployment: PostgreSQL restarted under load, Redis down.

The PostgreSQL restart runs benchmarks/postgres_restart.py whole (its own cluster and gunicorn).
"""

import os
import signal
import subprocess
import sys
from pathlib import Path

from django.db import OperationalError
from django.utils import translation

from benchmarks.postgres_restart import postgres_bin
from core.errors import server_error

from .conftest import require

ROOT = Path(__file__).resolve().parents[1]
POSTGRES_RESTART = ROOT / "benchmarks" / "postgres_restart.py"


# --- The database out of reach --------------------------------------------------------------------------


def test_database_out_of_reach_is_a_503_page_in_the_persons_language(rf):
    request = rf.get("/programmes/")
    with translation.override("nl"):
        try:
            raise OperationalError('connection to server at "127.0.0.1", port 5432 failed: Connection refused')
        except OperationalError:
            response = server_error(request)

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
