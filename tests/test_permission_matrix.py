"""The permission matrix: every URL of the project, every method, every kind of person.

For each named route (tests/urlconf.py, admin left out) and each of six roles, the matrix in
tests/permission_matrix.py says which status code a GET and a POST with an empty body answer:

- anonymous: not logged in;
- employee: a municipal employee of organisation A's municipality;
- tutor, project_manager: members of coordinator organisation A;
- other_coordinator: the coordinator of organisation B, an outsider to every object named;
- owner: the coordinator of organisation A, which owns every object a URL names.

URLs with ids name side-A objects through OBJECT_URLS of tests/test_access.py; URLs whose
parameters are secrets get wrong secrets. "login" stands for a 302 to the login page. Each role
runs in its own rolled-back savepoint, so a POST that changes data does not affect the next role.

A new URL fails test_every_route_is_in_the_matrix until it has a row; a changed answer fails
test_matrix with the role, method and both codes.
"""

import uuid

import pytest
from django.core.cache import cache
from django.db import transaction
from django.urls import reverse

from .permission_matrix import ROLES, expected_statuses
from .test_access import OBJECT_URLS
from .urlconf import project_routes

SECRET_URLS = {
    "password_reset_confirm": lambda w: {"uidb64": "MQ", "token": "wrong-token"},
    "notifications:feed": lambda w: {"token": "wrong"},
    "assessments:respond": lambda w: {"public_id": uuid.uuid4(), "secret": "wrong"},
    "evaluation:respond": lambda w: {"public_id": uuid.uuid4(), "secret": "wrong"},
}

ROUTES = {route.name: route for route in project_routes()}


def _kwargs(name, world):
    route = ROUTES[name]
    if not route.params:
        return {}
    if name in SECRET_URLS:
        return SECRET_URLS[name](world)
    return OBJECT_URLS[name](world)


def person_for(role, world):
    return {
        "anonymous": None,
        "employee": world.a.employee,
        "tutor": world.a.tutor,
        "project_manager": world.a.project_manager,
        "other_coordinator": world.b.coordinator,
        "owner": world.a.coordinator,
    }[role]


def answer(response):
    """The status code, or "login" for a redirect to the login page."""
    if response.status_code == 302 and response.url.split("?")[0] == reverse("login"):
        return "login"
    return response.status_code


def observe(client, world, name):
    """{role: {"get": code, "post": code}}, each role in its own rolled-back savepoint."""
    observed = {}
    for role in ROLES:
        with transaction.atomic():
            cache.clear()
            client.logout()
            person = person_for(role, world)
            if person is not None:
                client.force_login(person)
            url = reverse(name, kwargs=_kwargs(name, world))
            observed[role] = {
                "get": answer(client.get(url)),
                "post": answer(client.post(url)),
            }
            transaction.set_rollback(True)
    return observed


def test_every_route_is_in_the_matrix():
    missing = sorted(name for name in ROUTES if expected_statuses(name) is None)
    assert missing == [], f"add these URLs to tests/permission_matrix.py: {missing}"


def test_no_stale_rows():
    from .permission_matrix import MATRIX

    stale = sorted(set(MATRIX) - set(ROUTES))
    assert stale == [], f"these rows of tests/permission_matrix.py name no URL: {stale}"


@pytest.mark.parametrize("name", sorted(ROUTES))
def test_matrix(client, world, name):
    expected = expected_statuses(name)
    assert expected is not None, f"{name} is missing from tests/permission_matrix.py"

    observed = observe(client, world, name)

    differences = [
        f"{role} {method.upper()}: expected {expected[role][method]}, got {observed[role][method]}"
        for role in ROLES
        for method in ("get", "post")
        if observed[role][method] != expected[role][method]
    ]
    assert differences == [], f"{name}: " + "; ".join(differences)
