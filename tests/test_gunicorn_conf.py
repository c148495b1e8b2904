"""gunicorn.conf.py: the workers freeze what they hold after loading and after their first requests."""

import gc
import importlib.util
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def conf():
    spec = importlib.util.spec_from_file_location("gunicorn_conf", ROOT / "gunicorn.conf.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    yield module
    gc.unfreeze()


def test_gunicorn_reads_the_hooks_from_the_working_directory():
    printed = subprocess.run(
        [sys.executable, "-m", "gunicorn", "--print-config", "miaproject.wsgi:application"],
        cwd=ROOT, capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip

    assert {line.split("=")[0].strip() for line in printed.splitlines() if "=" in line} >= {
        "post_worker_init",
        "post_request",
    }
    assert "./gunicorn.conf.py" in printed


def test_a_loaded_worker_freezes_what_it_holds(conf):
    gc.unfreeze()
    worker = SimpleNamespace()

    conf.post_worker_init(worker)

    assert (gc.get_freeze_count() > 10_000, worker.requests_served) == (True, 0)


def test_the_worker_freezes_again_after_its_first_requests_only(conf):
    worker = SimpleNamespace(requests_served=0)
    counts = []
    for _ in range(conf.FREEZE_AFTER_REQUESTS + 1):
        gc.unfreeze()
        conf.post_request(worker, None, {}, None)
        counts.append(gc.get_freeze_count() > 0)

    assert counts.index(True) == conf.FREEZE_AFTER_REQUESTS - 1 and counts.count(True) == 1
