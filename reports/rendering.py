"""HTML to PDF with WeasyPrint, safely: the one way the project makes a PDF.

WeasyPrint fetches every URL a document names (images, style sheets, fonts). Documents contain text
people typed, so the fetcher here serves only two things and refuses everything else:

* ``static:<path>`` — a file of the project's static files (styles, fonts, icons), found by the
  static-files finders, never outside them;
* ``upload:<path>`` — a file under MEDIA_ROOT, and only when the document's caller allowed that
  path (for example the programme's organisation's logo).

``http:``, ``https:``, ``file:``, ``data:`` and anything else raise ``FetchRefused``; WeasyPrint
then leaves the image out (or the rule ignored) and goes on. Templates escape user text as
always, so a ``<img src=...>`` typed into a goal is shown as text, not fetched.

A render has a time limit (``REPORT_RENDER_SECONDS``): in the request it is enforced with
``SIGALRM`` when running in the main thread; in a worker the Celery task's time limit applies too.
"""

from __future__ import annotations

import contextlib
import mimetypes
import os
import signal
import threading
from collections.abc import Iterable, Iterator
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import translation

STATIC_PREFIX = "static:"
UPLOAD_PREFIX = "upload:"
DEFAULT_SECONDS = 120


class FetchRefused(ValueError):
    """A document asked for a resource that is not the project's static files or an allowed upload."""


class RenderTimeout(RuntimeError):
    """A render took longer than its time limit."""


def make_fetcher(allowed_uploads: Iterable[str] = ()):
    """A WeasyPrint URL fetcher serving static files and the listed uploads only."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    allowed = {os.path.normpath(name) for name in allowed_uploads}
    media_root = Path(settings.MEDIA_ROOT).resolve()

    def respond(url: str, path: Path) -> URLFetcherResponse:
        mime, _ = mimetypes.guess_type(path.name)
        return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": mime or "application/octet-stream"})

    class SafeFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            if url.startswith(STATIC_PREFIX):
                relative = url[len(STATIC_PREFIX) :].lstrip("/")
                found = finders.find(os.path.normpath(relative)) if ".." not in Path(relative).parts else None
                if not found:
                    raise FetchRefused(f"no static file {relative!r}")
                return respond(url, Path(found))
            if url.startswith(UPLOAD_PREFIX):
                relative = os.path.normpath(url[len(UPLOAD_PREFIX) :].lstrip("/"))
                path = (media_root / relative).resolve()
                if relative not in allowed or media_root not in path.parents or not path.is_file():
                    raise FetchRefused(f"upload {relative!r} is not part of this document")
                return respond(url, path)
            raise FetchRefused(f"refused to fetch {url[:80]!r}")

    return SafeFetcher(allowed_protocols=())


@contextlib.contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise RenderTimeout after `seconds` (main thread only; elsewhere the caller's own limit applies)."""
    if seconds <= 0 or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(signum, frame):
        raise RenderTimeout(f"render took longer than {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def html_to_pdf(html: str, *, allowed_uploads: Iterable[str] = (), seconds: float | None = None) -> bytes:
    """The PDF of `html`, fetching only what the fetcher allows, within the time limit."""
    from weasyprint import HTML

    limit = getattr(settings, "REPORT_RENDER_SECONDS", DEFAULT_SECONDS) if seconds is None else seconds
    with time_limit(limit):
        document = HTML(string=html, url_fetcher=make_fetcher(allowed_uploads), base_url=STATIC_PREFIX)
        return document.write_pdf()


def render_pdf(
    template: str,
    context: dict,
    *,
    language: str | None = None,
    allowed_uploads: Iterable[str] = (),
    seconds: float | None = None,
) -> bytes:
    """Render a template to HTML in `language` and that HTML to PDF."""
    with translation.override(language or translation.get_language()):
        html = render_to_string(template, context)
    return html_to_pdf(html, allowed_uploads=allowed_uploads, seconds=seconds)
