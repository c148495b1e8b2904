"""Reminders survive a killed worker and a Redis restart: benchmarks/reminder_faults.py, run whole.

The benchmark makes its own PostgreSQL database and its own Redis, so this test needs no Django
test database; it needs a reachable PostgreSQL server and the redis-server program.
"""

import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import postgres_server_answers, require

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "benchmarks" / "reminder_faults.py"
DEFAULT_SERVER = "postgres://postgres@127.0.0.1:5432/postgres"  # the benchmark's own default


@pytest.mark.worker
def test_reminders_survive_killed_worker_and_redis_restart():
    require(
        "PostgreSQL",
        postgres_server_answers(DEFAULT_SERVER),
        f"set DATABASE_URL=postgres://... (default {DEFAULT_SERVER})",
    )
    require("redis-server", shutil.which("redis-server") is not None, "apt-get install redis-server")
    benchmark = subprocess.Popen(
        [sys.executable, str(SCRIPT), "--reminders", "1000"],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    try:
        output, _ = benchmark.communicate(timeout=330)
    except subprocess.TimeoutExpired:
        benchmark.send_signal(signal.SIGTERM)  # the benchmark stops its processes and drops its database
        output, _ = benchmark.communicate(timeout=60)
    lines = output.strip().splitlines()
    assert lines and lines[-1] == "reminders=1000 delivered=1000 lost=0 duplicates=0", output
    assert benchmark.returncode == 0, output
