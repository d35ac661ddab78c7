# The same Debian release as CI, so PDFs get the same Pango and fonts as in the tests.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_ROOT_USER_ACTION=ignore

# Pango and HarfBuzz for WeasyPrint; the fonts the PDFs embed (Liberation Sans,
# DejaVu Sans for the status symbols).
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-liberation2 fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*

RUN useradd --create-home --shell /usr/sbin/nologin django

WORKDIR /app
# Exactly the locked versions and files; the code itself runs from /app.
COPY requirements/base.txt requirements/base.txt
RUN pip install --require-hashes -r requirements/base.txt

COPY . .
# DATABASE_URL only so that the settings never look for a database while building.
RUN SECRET_KEY=collectstatic-only DATABASE_URL=postgres://build@127.0.0.1:1/none \
    python manage.py collectstatic --noinput --verbosity 0
# The attachments' folder (a volume in docker-compose.yml), writable by the app.
RUN mkdir -p /app/media && chown django /app/media

USER django
EXPOSE 8000
# /healthz, asked for under the site's own name (the first of ALLOWED_HOSTS).
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-m", "huddinge_safety.healthcheck"]
# A worker that takes longer than --timeout (a huge PDF) is killed and restarted by
# gunicorn, and its PDF child with it; the client's connection is then closed
# without an answer, which a proxy in front reports as 502.
CMD ["sh", "-c", "python manage.py migrate --noinput && exec gunicorn huddinge_safety.wsgi --bind 0.0.0.0:8000 --workers 2 --timeout 60"]
