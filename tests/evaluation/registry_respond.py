"""The evaluation respond pages in the shared test registries (merged by tests/pages.py,
tests/test_access.py and tests/test_query_counts.py).

PAGES: (label, url name, viewer key of Side.people(), kwargs(world), add_rows(world, n), small, large)
OBJECT_URLS: url name -> kwargs(world) naming an object of side A
OWNER: url name -> the side-A person who may open it (default the coordinator)
NOT_LIST_OR_DETAIL: url names that neither list nor show rows (forms, POST-only)
NOT_OBJECT_URLS: url names whose parameters are secrets, not object ids
"""

PAGES: list[tuple] = []
OBJECT_URLS: dict = {}
OWNER: dict = {}
# The respond page is opened without an account through a personal link: no logged-in viewer to
# measure it with. tests/evaluation/test_respond.py proves its query count does not grow instead.
NOT_LIST_OR_DETAIL: set[str] = {"evaluation:respond"}
NOT_OBJECT_URLS: set[str] = {"evaluation:respond"}
