"""benchmarks/load.py, run small: every role's pages answer under load, and the report has its shape.

No timing is asserted: the figures depend on the machine. The benchmark makes its own PostgreSQL
database and its own Redis, so this test needs no Django test database; it needs a reachable
PostgreSQL server, the redis-server program and locust (requirements-dev.txt).
"""

import importlib.util
import re
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import postgres_server_answers, require

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "benchmarks" / "load.py"
DEFAULT_SERVER = "postgres://postgres@127.0.0.1:5432/postgres"  # the benchmark's own default
ROLES = {"coordinator", "project_manager", "tutor", "employee"}
PAGE = re.compile(r"^(?P<role>[a-z_]+) (?P<page>[a-z_]+) n=(?P<n>\d+) ")
MEASURED = re.compile(r" p50=(?P<p50>[\d.]+) p95=(?P<p95>[\d.]+) idle=[\d.]+ ratio=[\d.]+$")
LAST = re.compile(r"^heaviest_p95_ratio=(?P<ratio>[\d.]+) errors=(?P<errors>\d+) pages=(?P<pages>\d+)$")


@pytest.mark.load
def test_every_role_pages_answer_under_load_and_the_report_has_its_shape():
    require(
        "PostgreSQL",
        postgres_server_answers(DEFAULT_SERVER),
        f"set DATABASE_URL=postgres://... (default {DEFAULT_SERVER})",
    )
    require("redis-server", shutil.which("redis-server") is not None, "apt-get install redis-server")
    require("locust", importlib.util.find_spec("locust") is not None, "pip install -r requirements-dev.txt")
    benchmark = subprocess.Popen(
        [sys.executable, str(SCRIPT), "--scale", "0.005", "--users", "8", "--duration", "10", "--workers", "2"],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    try:
        output, _ = benchmark.communicate(timeout=240)
    except subprocess.TimeoutExpired:
        benchmark.send_signal(signal.SIGTERM)  # the benchmark stops gunicorn and Redis and drops its database
        output, _ = benchmark.communicate(timeout=60)
    lines = output.strip().splitlines()
    pages = [(match, line) for line in lines if (match := PAGE.match(line)) and match["role"] in ROLES]
    measured = [MEASURED.search(line) for match, line in pages if int(match["n"])]
    last = LAST.match(lines[-1]) if lines else None

    assert benchmark.returncode == 0, output
    assert last is not None, output
    assert (last["errors"], int(last["pages"])) == ("0", len(measured)), output
    assert {match["role"] for match, _line in pages} == ROLES, output
    assert all(m is not None and float(m["p50"]) <= float(m["p95"]) for m in measured), output
    assert any(re.match(r"^baseline /accounts/password_change/ n=[1-9]\d* ", line) for line in lines), output
    assert any(re.match(r"^liveness /health/live/ n=[1-9]\d* .* heaviest_over_liveness=", line) for line in lines), (
        output
    )
