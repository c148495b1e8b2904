"""The deployment files agree with the code: docker-compose.yml, the Dockerfile and the README.

Every command a container runs must name a module, a Celery app, a queue or a management command
that exists, so a rename in the code fails here rather than in production. No database is needed.
"""

import importlib
import json
import os
import re
import shlex
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
COMPOSE = ROOT / "docker-compose.yml"
DOCKERFILE = ROOT / "Dockerfile"
README = ROOT / "README.md"

SERVICES = {"web", "worker", "beat", "postgres", "redis"}
APP_SERVICES = ("web", "worker", "beat")


def compose() -> dict:
    return yaml.safe_load(COMPOSE.read_text())


def service(name: str) -> dict:
    return compose()["services"][name]


def argvs(command: str | list[str]) -> list[list[str]]:
    """The programs a compose `command:` runs, one argv each; `sh -c "a && exec b"` gives a and b."""
    argv = shlex.split(command) if isinstance(command, str) else list(command)
    if argv[:2] != ["sh", "-c"]:
        return [argv]
    programs = []
    for part in re.split(r"&&|;", argv[2]):
        words = shlex.split(part)
        if words and words[0] == "exec":
            words = words[1:]
        if words:
            programs.append(words)
    return programs


def option(argv: list[str], *names: str) -> str:
    for i, word in enumerate(argv):
        if word in names:
            return argv[i + 1]
        for name in names:
            if name.startswith("--") and word.startswith(name + "="):
                return word.split("=", 1)[1]
    raise AssertionError(f"{argv} has no {'/'.join(names)} option")


def gunicorn_app(argv: list[str]) -> str:
    """The positional `module:attribute` argument of a gunicorn command line."""
    with_values = {"-b", "--bind", "-w", "--workers", "-c", "--config", "-k", "--worker-class", "-t", "--timeout"}
    positional = [w for i, w in enumerate(argv[1:], 1) if not w.startswith("-") and argv[i - 1] not in with_values]
    assert len(positional) == 1, f"gunicorn needs exactly one application, got {positional}"
    return positional[0]


def django_ready() -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "miaproject.settings.test"
    import django

    django.setup()


def app_programs() -> list[tuple[str, list[str]]]:
    return [(name, argv) for name in APP_SERVICES for argv in argvs(service(name)["command"])]


def dockerfile_cmd() -> list[str]:
    lines = [line for line in DOCKERFILE.read_text().splitlines() if line.startswith("CMD ")]
    assert len(lines) == 1, "the Dockerfile needs exactly one CMD"
    return json.loads(lines[0].removeprefix("CMD "))


def production_section(markdown: str) -> str:
    """The text under a `Production` heading, subsections included, up to the next heading as high."""
    match = re.search(r"^(#+)[ \t]+Production\b.*$", markdown, re.MULTILINE)
    assert match, "no 'Production' heading"
    level = len(match.group(1))
    rest = markdown[match.end() :]
    end = re.search(rf"^#{{1,{level}}}[ \t]", rest, re.MULTILINE)
    return rest[: end.start()] if end else rest


def test_compose_defines_exactly_the_five_services():
    assert set(compose()["services"]) == SERVICES


def test_every_service_but_beat_has_a_healthcheck():
    services = compose()["services"]
    for name in SERVICES - {"beat"}:
        assert services[name].get("healthcheck", {}).get("test"), f"{name} has no healthcheck"
    assert "healthcheck" not in services["beat"]


def test_app_services_wait_for_healthy_postgres_and_redis():
    for name in APP_SERVICES:
        depends_on = service(name)["depends_on"]
        for dependency in ("postgres", "redis"):
            assert depends_on[dependency]["condition"] == "service_healthy", f"{name} -> {dependency}"


def test_app_services_share_the_production_environment():
    for name in APP_SERVICES:
        environment = service(name)["environment"]
        assert environment["DJANGO_SETTINGS_MODULE"] == "miaproject.settings.production"
        assert environment["DATABASE_URL"].startswith("postgres://") and "@postgres:" in environment["DATABASE_URL"]
        assert environment["REDIS_URL"].startswith("redis://redis:")
        assert environment["SECRET_KEY"].startswith("${SECRET_KEY:?")
        assert environment["ALLOWED_HOSTS"].startswith("${ALLOWED_HOSTS:?")


def test_only_web_publishes_a_port():
    services = compose()["services"]
    assert services["web"]["ports"] == ["8000:8000"]
    assert [name for name in SERVICES if services[name].get("ports")] == ["web"]


def test_compose_commands_name_real_modules():
    django_ready()
    from celery import Celery
    from celery.app.utils import find_app
    from django.core.management import get_commands

    from miaproject.celery import app

    programs = app_programs()
    assert {argv[0] for _, argv in programs} == {"gunicorn", "celery", "python"}
    for name, argv in programs:
        if argv[0] == "gunicorn":
            module_name, attribute = gunicorn_app(argv).split(":")
            module = importlib.import_module(module_name)
            assert callable(getattr(module, attribute)), f"{name}: {module_name}.{attribute} is not a WSGI callable"
        elif argv[0] == "celery":
            assert isinstance(app, Celery)
            assert find_app(option(argv, "-A", "--app")) is app, f"{name}: -A does not name miaproject.celery.app"
            if "-Q" in argv or any(word.startswith("--queues") for word in argv):
                configured = {queue.name for queue in app.conf.task_queues}
                requested = set(option(argv, "-Q", "--queues").split(","))
                assert requested <= configured, f"{name}: queues not configured on the app: {requested - configured}"
        elif argv[0] == "python":
            assert argv[1] == "manage.py", f"{name}: {argv}"
            assert argv[2] in get_commands(), f"{name}: no management command {argv[2]!r}"
        else:
            pytest.fail(f"{name} runs an unknown program: {argv}")


def test_worker_queues_are_configured_on_the_celery_app():
    from miaproject.celery import app

    configured = {queue.name for queue in app.conf.task_queues}
    (argv,) = argvs(service("worker")["command"])
    assert argv[:4] == ["celery", "-A", "miaproject", "worker"]
    requested = set(option(argv, "-Q", "--queues").split(","))
    assert requested == {"default", "mail", "reports"}
    assert requested <= configured, f"queues not configured on the app: {requested - configured}"


def test_beat_runs_the_celery_beat_of_the_app():
    (argv,) = argvs(service("beat")["command"])
    assert argv[:4] == ["celery", "-A", "miaproject", "beat"]


def test_web_migrates_before_gunicorn():
    programs = [argv[0] if argv[0] != "python" else argv[2] for argv in argvs(service("web")["command"])]
    assert programs == ["migrate", "gunicorn"]


def test_dockerfile_cmd_names_the_same_wsgi_module_as_compose():
    django_ready()
    from django.conf import settings

    (web_gunicorn,) = [argv for argv in argvs(service("web")["command"]) if argv[0] == "gunicorn"]
    cmd = dockerfile_cmd()
    assert cmd[0] == "gunicorn"
    assert gunicorn_app(cmd) == gunicorn_app(web_gunicorn) == "miaproject.wsgi:application"
    assert settings.WSGI_APPLICATION == "miaproject.wsgi.application"
    assert option(cmd, "--bind", "-b") == "0.0.0.0:8000"


def test_readme_production_section_names_every_service_and_setting():
    text = README.read_text()
    section = production_section(text)
    for name in compose()["services"]:
        assert re.search(rf"\b{name}\b", section), f"README.md's Production section does not mention {name}"
    settings_dir = ROOT / "miaproject" / "settings"
    source = (settings_dir / "base.py").read_text() + (settings_dir / "production.py").read_text()
    variables = set(re.findall(r"\benv(?:\.\w+)?\(\s*\"([A-Z_]+)\"", source))
    assert "SECRET_KEY" in variables
    undocumented = sorted(v for v in variables if f"`{v}`" not in section)
    assert undocumented == [], f"README.md's Production section does not document {undocumented}"
