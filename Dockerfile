# Production image: gunicorn (web), celery worker and beat share it.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 DJANGO_ENV=production VAR_DIR=/srv/var

# WeasyPrint needs Pango and fonts; gettext compiles translations; `manage.py backup` and
# `restore` run pg_dump / pg_restore (bookworm's client is 15, the db service's version).
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 \
    libharfbuzz-subset0 fonts-dejavu-core gettext postgresql-client \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /srv/app
COPY pyproject.toml README.md ./
COPY conocer conocer
COPY standards standards
COPY bodies bodies
COPY certification certification
RUN pip install --no-cache-dir .
COPY . .
# Production settings refuse to load without their secrets; the build needs none of them.
RUN SECRET_KEY=build-only ALLOWED_HOSTS=localhost REGISTRY_ISSUER_URL=https://build.invalid \
    python manage.py collectstatic --noinput \
 && useradd --system --home /srv registry && mkdir -p /srv/var && chown -R registry /srv/var
USER registry

EXPOSE 8000
CMD ["gunicorn", "conocer.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", \
     "--access-logfile", "-"]
