"""The evaluation pages for sending questionnaires, in the shared test registries (merged by
tests/pages.py, tests/test_access.py and tests/test_query_counts.py through registry.py).

PAGES: (label, url name, viewer key of Side.people(), kwargs(world), add_rows(world, n), small, large)
OBJECT_URLS: url name -> kwargs(world) naming an object of side A
OWNER: url name -> the side-A person who may open it (default the coordinator)
NOT_LIST_OR_DETAIL: url names that neither list nor show rows (forms, POST-only)
NOT_OBJECT_URLS: url names whose parameters are secrets, not object ids
"""

from . import rows


def _programme(world):
    return {"pk": world.a.programme.pk}


def _evaluation(world):
    return {"pk": rows.evaluation(world).pk}


def _evaluations(world, n):
    for i in range(n):
        made = rows.evaluation(world)
        made.pk = None
        made.title = f"Evaluation {i}"
        made.save()


def _sessions(world, n):
    from ..factories import SessionFactory

    for _ in range(n):
        SessionFactory(programme=world.a.programme)


PAGES: list[tuple] = [
    ("programme evaluations", "evaluation:programme", "project_manager", _programme, _evaluations, 1, 200),
    ("new evaluation", "evaluation:create", "coordinator", _programme, _sessions, 1, 200),
    ("evaluation invitees", "evaluation:detail", "project_manager", _evaluation, rows.respondents, 1, 200),
    ("evaluation edit", "evaluation:edit", "coordinator", _evaluation, _sessions, 1, 200),
]
OBJECT_URLS: dict = {
    "evaluation:programme": _programme,
    "evaluation:create": _programme,
    "evaluation:detail": _evaluation,
    "evaluation:edit": _evaluation,
    "evaluation:close": _evaluation,
    "evaluation:newcomers": _evaluation,
}
OWNER: dict = {}
NOT_LIST_OR_DETAIL: set[str] = {"evaluation:close", "evaluation:newcomers"}
NOT_OBJECT_URLS: set[str] = set()
