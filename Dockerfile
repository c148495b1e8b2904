# The MIA application image: one image for the web (gunicorn), worker and beat (Celery) containers.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# WeasyPrint's runtime libraries and a font for the PDF reports; gettext for compilemessages.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 \
        libpangoft2-1.0-0 \
        libharfbuzz-subset0 \
        fonts-dejavu-core \
        gettext \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app

COPY requirements.txt .
RUN pip install -r requirements.txt

COPY . .

# Build output: compiled message catalogues and the collected, compressed static files.
# The production settings refuse to load without these variables; the values exist only for this RUN.
# (locale/ holds no tracked file when there are no catalogues yet, so make sure it exists.)
RUN mkdir -p locale \
    && DJANGO_SETTINGS_MODULE=miaproject.settings.production \
       SECRET_KEY=build-only-not-secret \
       ALLOWED_HOSTS=localhost \
       DATABASE_URL=sqlite:////tmp/build.sqlite3 \
       sh -c 'python manage.py compilemessages -v0 && python manage.py collectstatic --no-input -v0'

# The code stays owned by root and read-only to the app user; only the media directory is writable.
# A named volume mounted on /app/media starts from this directory, so it inherits the ownership.
RUN groupadd --system app \
    && useradd --system --gid app --create-home --home-dir /home/app app \
    && mkdir -p /app/media \
    && chown app:app /app/media
USER app

EXPOSE 8000

CMD ["gunicorn", "miaproject.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3"]
