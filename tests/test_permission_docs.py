"""docs/permissions.md is the permission matrix written out for administrators and auditors.

The page is generated from tests/permission_matrix.py, which tests/test_permission_matrix.py checks
against the running application, so the document cannot drift from what the application does:
test_document_is_current fails when a row changed and the page was not regenerated. To regenerate:

    UPDATE_PERMISSION_DOCS=1 .venv/bin/pytest tests/test_permission_docs.py
"""

import os
from pathlib import Path

from .permission_matrix import MATRIX, ROLES
from .urlconf import project_routes

DOCUMENT = Path(__file__).resolve().parents[1] / "docs" / "permissions.md"

HEADINGS = {
    "anonymous": "not logged in",
    "employee": "municipal employee",
    "tutor": "tutor",
    "project_manager": "project manager",
    "other_coordinator": "other organisation's coordinator",
    "owner": "owning coordinator",
}

INTRODUCTION = """\
# Who may do what

Every page and action of the application, for six kinds of person, as the application answers
today. The table is generated from the permission matrix (`tests/permission_matrix.py`) that
`tests/test_permission_matrix.py` checks against every URL, so it is what the code does, not a
plan: a new URL or a changed answer fails the tests until the matrix and this page agree.

The people, for a programme owned by coordinator organisation A:

- **not logged in**: anybody on the internet. Personal links (needs assessment, evaluation,
  calendar feed, password reset) work without logging in, through their secret. Their rows,
  marked †, show the answer to a wrong secret (a 404, or the reset page saying the link is
  invalid); the right secret opens the page to whoever holds the link, and no role gives access
  without it.
- **municipal employee**: a member of one of A's municipalities, enrolled in A's programme.
- **tutor**, **project manager**: members of A in those roles.
- **other organisation's coordinator**: the coordinator of another agency B: an outsider to
  every object named here.
- **owning coordinator**: the coordinator of A.

What the words mean:

- **read**: the page opens (GET answers 200).
- **write**: the form or action is accepted from this person (a POST is processed: it saves and
  redirects, or shows the form again with its errors).
- **no**: refused. For an object of A this is a 404, the same answer as for an object that does
  not exist, so an outsider learns nothing about which objects exist; a page without an id answers
  403.
- **login**: sends the person to the login page first.
- **n/a**: the URL does not answer that way (a read-only page has no write, an action has no page).

Beyond these roles, the Django admin (`/admin/`) is open to staff accounts only, and
`manage.py erase_person` and `purge_closed_programmes` are for administrators (see the README).
"""

SECRET_PARAMS = {"secret", "token"}
OK_READ = {200}
OK_WRITE = {200, 302, 400}


def _verdict(get, post):
    """The words of one cell from the expected GET and POST answers."""
    if get == "login" or post == "login":
        return "login"
    words = []
    if get in OK_READ:
        words.append("read")
    if post in OK_WRITE:
        words.append("write")
    if words:
        return ", ".join(words)
    if get == 405 and post == 405:
        return "n/a"
    return "no"


def render() -> str:
    routes = {route.name: route for route in project_routes()}
    lines = [INTRODUCTION]
    by_app = {}
    for name in sorted(MATRIX):
        app = name.split(":")[0] if ":" in name else "accounts and site"
        by_app.setdefault(app, []).append(name)
    header = "| URL | name | " + " | ".join(HEADINGS[role] for role in ROLES) + " |"
    rule = "|" + " --- |" * (len(ROLES) + 2)
    for app in sorted(by_app):
        lines.append(f"## {app}\n")
        lines.append(header)
        lines.append(rule)
        for name in by_app[app]:
            row = MATRIX[name]
            cells = [_verdict(row[role]["get"], row[role]["post"]) for role in ROLES]
            path = "/" + routes[name].route if name in routes else ""
            mark = " †" if name in routes and set(routes[name].params) & SECRET_PARAMS else ""
            lines.append(f"| `{path}` | {name}{mark} | " + " | ".join(cells) + " |")
        lines.append("")
    return "\n".join(lines)


def test_document_is_current():
    text = render()
    if os.environ.get("UPDATE_PERMISSION_DOCS"):
        DOCUMENT.write_text(text)
    assert DOCUMENT.exists(), (
        "docs/permissions.md is missing: UPDATE_PERMISSION_DOCS=1 pytest tests/test_permission_docs.py"
    )
    assert DOCUMENT.read_text() == text, (
        "docs/permissions.md is out of date: UPDATE_PERMISSION_DOCS=1 pytest tests/test_permission_docs.py"
    )


def test_cells_read_the_matrix():
    assert _verdict(200, 405) == "read"
    assert _verdict(200, 400) == "read, write"
    assert _verdict(405, 302) == "write"
    assert _verdict(404, 404) == "no"
    assert _verdict(403, 403) == "no"
    assert _verdict("login", "login") == "login"
    assert _verdict(405, 405) == "n/a"
    assert _verdict(200, 200) == "read, write"
