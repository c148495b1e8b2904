"""All evaluation parts of the shared test registries, in one place."""

from . import registry_analysis, registry_builder, registry_distribution, registry_respond

PARTS = (registry_distribution, registry_builder, registry_respond, registry_analysis)
PAGES = [row for part in PARTS for row in part.PAGES]
OBJECT_URLS = {name: kwargs for part in PARTS for name, kwargs in part.OBJECT_URLS.items()}
OWNER = {name: viewer for part in PARTS for name, viewer in part.OWNER.items()}
NOT_LIST_OR_DETAIL = set().union(*(part.NOT_LIST_OR_DETAIL for part in PARTS))
NOT_OBJECT_URLS = set().union(*(part.NOT_OBJECT_URLS for part in PARTS))
