"""Development: debug on, console mail, SQLite and eager tasks unless the environment says otherwise."""

from .base import *  # noqa: F403 -- a settings module extends the shared one whole

DEBUG = env.bool("DEBUG", default=True)  # noqa: F405 -- env comes from base
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])  # noqa: F405
