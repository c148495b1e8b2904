"""The registry of PDF documents: each kind says what it shows, for whom, and how long it is.

A document kind is registered with `register(Document(...))`:

* ``code``: a short name used in URLs and the cache ("programme", "attendance", ...);
* ``get_object(user, pk)``: the object, fetched through the user's scope (404 otherwise): the
  owning organisation's coordinators and project managers;
* ``load(pk)``: the same object without a user, for the worker;
* ``fingerprint(obj)``: a string that changes whenever the data the document shows changes
  (one or two aggregate queries: counts and latest change times of the rows involved);
* ``context(obj, progress)``: the template context; may call ``progress(percent)``;
* ``template``: the print template; ``filename(obj)``: the download name without ".pdf";
* ``estimate_pages(obj)``: a cheap estimate; above ``LONG_PAGES`` the document renders in a worker;
* ``allowed_uploads(obj)``: MEDIA_ROOT-relative paths the document may embed (a logo).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

LONG_PAGES = 10


@dataclass(frozen=True)
class Document:
    code: str
    template: str
    get_object: Callable
    load: Callable
    fingerprint: Callable
    context: Callable
    filename: Callable
    estimate_pages: Callable
    allowed_uploads: Callable = field(default=lambda obj: ())


DOCUMENTS: dict[str, Document] = {}


def register(document: Document) -> Document:
    DOCUMENTS[document.code] = document
    return document
