"""Reads that several parts of one page ask of the same object, made once.

The programme page asks the budget summary for its budget card and for the funding-gap readiness
check, and the checklist progress for its logistics section and the overdue-items check. Decorating
such a read with `per_object` keeps its result on the object it was asked of, so the second part
gets the first one's answer. An object lives as long as the request that fetched it: a view that
writes and then reads again in the same request must fetch the object anew, or call
`function.uncached(obj)`.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")


def per_object(function: Callable[[T], R]) -> Callable[[T], R]:
    """Cache the result of `function(obj)` on `obj` itself (in its `__dict__`)."""
    attribute = f"_memo_{function.__module__}.{function.__qualname__}"

    @functools.wraps(function)
    def read(obj: T) -> R:
        try:
            return obj.__dict__[attribute]
        except KeyError:
            result = obj.__dict__[attribute] = function(obj)
            return result

    read.uncached = function  # type: ignore[attr-defined]
    return read
