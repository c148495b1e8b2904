"""Writes in the permission matrix: every URL that takes a POST, with a valid body.

tests/test_permission_matrix.py posts an empty body; here each person the matrix lets post fills
the form as a browser would (tests/post_forms.py) and the post must do what it says (302, or the
answer FORMS documents, without a form error or an error message). Every other role then posts
the same valid body and must get the matrix's refusal with nothing saved; personal links are
refused by their wrong secret. Each post runs in its own rolled-back savepoint.

A new POST URL is tested as soon as it exists; when its form cannot be found or filled without
help, test_valid_post_succeeds fails and says what to add to tests/post_forms.py.
"""

import pytest
from django.db import transaction
from django.urls import reverse

from .dbstate import changed, state
from .formdata import as_post_data
from .permission_matrix import MATRIX, ROLES
from .post_forms import VALID_SECRETS, form_for, log_in, post_routes, posters, prepare, refusals, target_kwargs
from .test_permission_matrix import answer

ROUTES = sorted(route.name for route in post_routes())


def test_post_routes_are_found():
    """The URLconf walk finds the forms (a guard against post_routes() silently finding none)."""
    assert {"login", "programmes:create", "risks:delete", "set_language"} <= set(ROUTES)


@pytest.mark.parametrize("name", ROUTES)
def test_valid_post_succeeds(client, world, name):
    allowed = posters(name)
    assert allowed, f"{name}: the matrix lets nobody post; say who may in tests/post_forms.py FORMS"
    kwargs = target_kwargs(name, world)
    for role in allowed:
        with transaction.atomic():
            prepared = prepare(client, world, name, role, kwargs)

            response = client.post(prepared.url, as_post_data(prepared.body))

            outcome = (answer(response), refusals(response))
            assert outcome == (form_for(name).success, []), f"{name}: the {role} posted {prepared.body}"
            transaction.set_rollback(True)


@pytest.mark.parametrize("name", ROUTES)
def test_refused_roles_post_a_valid_body_and_nothing_changes(client, world, name):
    allowed = posters(name)
    kwargs = target_kwargs(name, world)
    with transaction.atomic():
        body = as_post_data(prepare(client, world, name, allowed[0], kwargs).body)
        transaction.set_rollback(True)
    if name in VALID_SECRETS:
        url, refused = reverse(name, kwargs=target_kwargs(name, world, valid=False)), ROLES
    else:
        url, refused = reverse(name, kwargs=kwargs), [role for role in ROLES if role not in allowed]
    for role in refused:
        with transaction.atomic():
            log_in(client, world, role)
            before = state()

            response = client.post(url, body)

            expected = MATRIX[name][role]["post"]
            assert (answer(response), changed(before, state())) == (expected, []), f"{name}: {role}"
            transaction.set_rollback(True)
