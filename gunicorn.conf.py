"""gunicorn settings read from the working directory (the Dockerfile's, docker-compose's and
benchmarks/load.py's): command-line options still win.

Garbage collection. A worker holds about 200,000 long-lived objects once Django, the URLconf and
the templates are loaded; every full collection walked them all, 30-70 ms in the middle of some
request (benchmarks/load.py: the slowest requests of every page). Each worker moves what it holds
after loading, and again after its first requests have filled the template and translation caches,
to the permanent generation (gc.freeze), which collections skip.
"""

import gc

# Requests after which the lazily filled caches (compiled templates, translations, resolved URLs)
# are in place and the worker freezes again.
FREEZE_AFTER_REQUESTS = 200


def post_worker_init(worker):
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 -- imports every app's views before the freeze
    gc.collect()
    gc.freeze()
    worker.requests_served = 0


def post_request(worker, req, environ, resp):
    worker.requests_served = getattr(worker, "requests_served", 0) + 1
    if worker.requests_served == FREEZE_AFTER_REQUESTS:
        gc.collect()
        gc.freeze()
