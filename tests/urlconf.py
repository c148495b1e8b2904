"""The URLconf as data: every named pattern, with the keyword arguments its route takes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.urls import URLPattern, URLResolver, get_resolver


@dataclass(frozen=True)
class Route:
    name: str  # namespaced, e.g. "programmes:detail"
    route: str
    params: tuple[str, ...]
    view: Callable | None = field(default=None, compare=False)  # the view function the route calls


def _walk(patterns, prefix: str, namespace: str):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = namespace
            if entry.namespace:
                ns = f"{namespace}{entry.namespace}:"
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern) and entry.name:
            route = prefix + str(entry.pattern)
            converters = getattr(entry.pattern, "converters", {}) or {}
            params = tuple(converters) or tuple(entry.pattern.regex.groupindex)
            yield Route(f"{namespace}{entry.name}", route, params, entry.callback)


def all_routes() -> list[Route]:
    resolver = get_resolver()
    return list(_walk(resolver.url_patterns, "", ""))


def project_routes() -> list[Route]:
    """Our own pages: the Django admin is left out, it has its own staff-only checks."""
    return [route for route in all_routes() if not route.name.startswith("admin:")]
