"""Property test of every form: whatever is posted, never a 500, and a refused post saves nothing.

For every URL that takes a POST (tests/post_forms.py reads them from the URLconf, so a new form
is covered as soon as it exists), the valid body of tests/test_permission_writes.py is the
starting point; hypothesis changes one to three things in it: a field replaced by an adversarial
value (empty, huge, odd unicode, NUL bytes, negative or huge numbers, impossible dates and times,
unknown choices, ids of other organisations' objects, a file), a field left out or sent twice,
an unknown field added, the management counts of a formset wrong. Then:

- the application answers without an exception and below 500 (the test client re-raises what the
  view raised: the failure names the body);
- a refused post (4xx, a form shown with errors, or an error message) leaves every row of the
  project's tables as it was;
- an accepted post's redirect opens without an error too (the saved values are shown somewhere).

Each example runs in a rolled-back savepoint. FORM_EXAMPLES sets the examples per URL (default 12);
under CI the examples are derandomized, so every run posts the same bodies.
"""

from __future__ import annotations

import os

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.forms import ModelChoiceField
from django.urls import Resolver404, resolve
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .conftest import ON_CI
from .dbstate import changed, state
from .formdata import as_post_data
from .post_forms import context_forms, form_for, log_in, post_routes, posters, prepare, refusals, target_kwargs
from .test_permission_matrix import answer

ROUTES = sorted(route.name for route in post_routes())
EXAMPLES = int(os.environ.get("FORM_EXAMPLES", "12"))

TEXT = st.text(alphabet=st.characters(codec="utf-8"), max_size=30)
ODD_TEXT = st.sampled_from(
    [
        "",
        " ",
        "\x00",
        "a\x00b",
        "\r\n\t",
        "\u202etxt.exe",
        "😀" * 40,
        "Z̷̢a̸l̵g̶o̴",
        "<script>alert(1)</script>",
        "' OR 1=1 --",
        "{",
        "{0} {name!r} {__class__}",
        "%(name)s %s %d",
        "{{ 7|add:7 }}",
        "../../etc/passwd",
        "javascript:alert(1)",
        "ftp://example.org/",
        "a@b",
        "@",
    ]
)
HUGE = st.sampled_from([300, 5_000, 70_000]).flatmap(lambda n: st.sampled_from(["x" * n, "é" * n, "9" * n]))
NUMBERS = st.one_of(
    st.sampled_from(
        [
            "-1",
            "0",
            "-0",
            "1.5",
            "1e3",
            "1e309",
            "-1e309",
            "NaN",
            "Infinity",
            "2147483648",
            "-2147483649",
            "9223372036854775808",
            "0x10",
            "١٢",
            "1_000",
            " 7 ",
            "+5",
            "1,5",
        ]
    ),
    st.integers(-(10**20), 10**20).map(str),
)
MOMENTS = st.sampled_from(
    [
        "2024-02-30",
        "0001-01-01",
        "9999-12-31",
        "10000-01-01",
        "0000-00-00",
        "2024-13-01",
        "31/12/2024",
        "1970-01-01",
        "9999-12-31T23:59",
        "0001-01-01T00:00",
        "2027-03-28T02:30",  # skipped by the clocks in Brussels
        "2027-10-31T02:30",  # happens twice in Brussels
        "2027-01-01T25:00",
        "2027-01-01T10:00+14:00",
        "2027-01-01 10:00:99",
        "24:00",
        "23:60",
        "-1:00",
        "10:00:00.9999999",
    ]
)
COUNTS = st.sampled_from(["-1", "0", "1", "2", "1000", "1001", "100000000", "abc", "1e3", ""])
EXTRA_NAMES = st.one_of(
    st.sampled_from(
        ["id", "pk", "organisation", "programme", "author", "owner", "version", "action", "confirm", "payload", "next"]
    ),
    TEXT,
)
FILES = st.builds(
    lambda name, content: SimpleUploadedFile(name, content),
    st.sampled_from(["notes.pdf", "../../notes.pdf", "a\x00.pdf", "x" * 300 + ".pdf", "list.csv", "list.xlsx", ".pdf"]),
    st.sampled_from([b"", b"%PDF-1.4 not really", b"\x00\xff" * 100, "Naam;e-mail\n\u00e9;@\n".encode()]),
)


def _values(kind: str, name: str, foreign: list[str]) -> st.SearchStrategy:
    """Adversarial values for a field, most of them suited to its kind."""
    anything = st.one_of(TEXT, ODD_TEXT, HUGE, NUMBERS, MOMENTS)
    if name.endswith(("TOTAL_FORMS", "INITIAL_FORMS", "MIN_NUM_FORMS", "MAX_NUM_FORMS")):
        return COUNTS
    ids = st.sampled_from([*foreign, "999999999", "-1", "0"])
    if kind in {"select", "select-multiple", "radio", "checkbox"}:
        return st.one_of(ids, ids, st.just("not-a-choice"), anything)
    if kind == "number":
        return st.one_of(NUMBERS, NUMBERS, anything)
    if kind in {"date", "datetime-local", "time"}:
        return st.one_of(MOMENTS, MOMENTS, anything)
    if kind == "hidden":
        return st.one_of(ids, anything)
    return st.one_of(ODD_TEXT, TEXT, HUGE, anything)


@st.composite
def variations(draw, body: dict, kinds: dict[str, str], foreign: dict[str, list[str]]) -> dict:
    """The valid body with one to three things changed."""
    body = {name: list(values) for name, values in body.items()}
    names = sorted(kinds)
    for _ in range(draw(st.integers(1, 3))):
        change = draw(st.sampled_from(["replace", "replace", "replace", "leave out", "twice", "unknown field"]))
        name = draw(st.sampled_from(names))
        value = draw(_values(kinds[name], name, foreign.get(name, [])))
        if change == "replace":
            body[name] = [draw(FILES) if kinds[name] == "file" else value]
        elif change == "leave out":
            body.pop(name, None)
        elif change == "twice":
            body[name] = [*body.get(name, [])[:1], value]
        else:
            body[draw(EXTRA_NAMES)] = [value]
    return body


def _foreign_ids(prepared, world) -> dict[str, list[str]]:
    """For each choice of an object, ids of objects it does not offer (other organisations' ones)."""
    others = [
        str(obj.pk)
        for obj in (world.b.programme, world.b.session, world.b.enrolment, world.b.campaign, world.b.invitation)
    ]
    others += [str(person.pk) for person in world.b.people().values()]
    found = {}
    for form in context_forms(prepared.page):
        for field_name, form_field in getattr(form, "fields", {}).items():
            if isinstance(form_field, ModelChoiceField) and form_field.queryset is not None:
                model = form_field.queryset.model
                outside = model._default_manager.exclude(pk__in=form_field.queryset.values("pk"))
                found[form.add_prefix(field_name)] = [str(pk) for pk in outside.values_list("pk", flat=True)[:5]]
    return {item.name: found.get(item.name, []) + others for item in prepared.form.fields}


def _local(url: str) -> bool:
    try:
        resolve(url.split("?")[0])
    except Resolver404:
        return False
    return url.startswith("/")


def _request(client, method: str, url: str, body: dict):
    """The response; what the view raised becomes a failure that names the body."""
    try:
        return getattr(client, method)(url, as_post_data(body) if method == "post" else None)
    except Exception as error:
        raise AssertionError(f"{method.upper()} {url} after posting {body!r} raised {error!r}") from error


@pytest.mark.parametrize("name", ROUTES)
def test_any_post_is_answered_without_error_and_a_refused_one_saves_nothing(client, world, name):
    role = posters(name)[0]
    prepared = prepare(client, world, name, role, target_kwargs(name, world))
    kinds = dict.fromkeys(prepared.body, "hidden") | {item.name: item.kind for item in prepared.form.fields}
    foreign = _foreign_ids(prepared, world)

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=ON_CI,
        database=None if ON_CI else settings.default.database,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.large_base_example, HealthCheck.data_too_large],
    )
    @given(body=variations(prepared.body, kinds, foreign))
    def post_answers_without_error(body):
        with transaction.atomic():
            log_in(client, world, role)
            before = state()

            response = _request(client, "post", prepared.url, body)

            assert response.status_code < 500, f"{name}: {body!r} answered {response.status_code}"
            reasons = refusals(response)
            if response.status_code >= 400 or reasons:
                assert changed(before, state()) == [], f"{name}: refused ({reasons}) but saved: {body!r}"
            elif answer(response) == 302 and _local(response.url) and form_for(name).follow:
                shown = _request(client, "get", response.url, body)
                assert shown.status_code < 500, f"{name}: after {body!r}, {response.url} answered {shown.status_code}"
            transaction.set_rollback(True)

    post_answers_without_error()
