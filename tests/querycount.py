"""Render a page at one row and at many, and compare the number of queries.

A page whose query count grows with its rows has an N+1 somewhere; this finds it. The page's
size is recorded too, to prove the added rows reached the page at all.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db import connection
from django.test.utils import CaptureQueriesContext


@dataclass(frozen=True)
class Measure:
    rows_small: int
    queries_small: int
    bytes_small: int
    rows_large: int
    queries_large: int
    bytes_large: int

    @property
    def constant(self) -> bool:
        return self.queries_small == self.queries_large

    @property
    def rows_shown(self) -> bool:
        return self.bytes_large > self.bytes_small


def render_counted(client, url: str) -> tuple[int, int]:
    """The number of queries and the size in bytes of one GET of a page."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    if response.status_code != 200:
        raise AssertionError(f"{url} answered {response.status_code}, expected 200")
    return len(captured), len(response.content)


def measure_page(client, url: str, add_rows: Callable[[int], object], *, small: int = 1, large: int = 200) -> Measure:
    """Count queries with `small` added rows, add rows up to `large`, and count again."""
    client.get(url)  # warm per-process caches (content types, translations) before counting
    add_rows(small)
    queries_small, bytes_small = render_counted(client, url)
    add_rows(large - small)
    queries_large, bytes_large = render_counted(client, url)
    return Measure(small, queries_small, bytes_small, large, queries_large, bytes_large)
