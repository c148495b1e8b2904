"""Reads that several parts of one page ask of the same object, made once per request.

The programme page asks the budget summary for its budget card and for the funding-gap readiness
check, the checklist progress for its logistics section and the overdue-items check, the scored risks
for its risk card and two checks. A read decorated with `per_object` is made once per object inside
a `shared_reads()` block and every later call in the block gets the first one's answer.

`SharedReadsMiddleware` opens that block around every GET and HEAD request, which change nothing, so
no part of a page can see a result older than something the same request wrote. Outside a block
(a POST, a test, a task) every call reads anew.
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")

_reads: ContextVar[dict | None] = ContextVar("shared_reads", default=None)

SAFE_METHODS = ("GET", "HEAD")


@contextlib.contextmanager
def shared_reads() -> Iterator[None]:
    """Within the block, each `per_object` read is made once per object (by type and primary key)."""
    token = _reads.set({})
    try:
        yield
    finally:
        _reads.reset(token)


def per_object(function: Callable[[T], R]) -> Callable[[T], R]:
    """Share the result of `function(obj)` within a `shared_reads()` block."""
    name = f"{function.__module__}.{function.__qualname__}"

    @functools.wraps(function)
    def read(obj: T) -> R:
        reads = _reads.get()
        if reads is None:
            return function(obj)
        key = (name, type(obj), obj.pk)
        try:
            return reads[key]
        except KeyError:
            result = reads[key] = function(obj)
            return result

    return read


class SharedReadsMiddleware:
    """Share `per_object` reads within each GET and HEAD request, the page and its templates."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in SAFE_METHODS:
            return self.get_response(request)
        with shared_reads():
            return self.get_response(request)
