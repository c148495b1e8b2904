"""The server-error page: a database that cannot be reached is a 503 that asks to try again soon.

Django calls ``handler500`` inside the ``except`` block of any exception a view or a middleware let
through, so the exception is at hand here, whichever layer met the database first (the session
lookup of a logged-in page usually does).
"""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader
from django.views import defaults

# Connection refused, terminated by a restart, or the server still starting: all pass within seconds.
RETRY_AFTER_SECONDS = 30


def server_error(request):
    error = sys.exc_info()[1]
    if isinstance(error, OperationalError | InterfaceError):
        body = loader.render_to_string("503.html")
        return HttpResponse(body, status=503, headers={"Retry-After": str(RETRY_AFTER_SECONDS)})
    return defaults.server_error(request)
