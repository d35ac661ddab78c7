"""The content version: one row that every write to the published data bumps.

Public pages are cached whole under a key that contains this version (see
``middleware.py``), so a bump makes every cached page stale at once, in every
gunicorn worker, because each request reads the version from the database.

The bump is done by database triggers on every table of the content apps
(``settings.PAGE_CACHE_CONTENT_APPS``), not by Django signals: signals miss
``QuerySet.update()``, ``bulk_create()``/``bulk_update()`` (and so simple-history's
``bulk_*_with_history`` helpers) and raw SQL, and a missed bump would serve an
old page until the next edit. A trigger also runs inside the writing
transaction, so a request that sees the new version sees the new data too.
"""

from django.apps import apps as global_apps
from django.conf import settings
from django.db import connections, models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalChanges

TRIGGER = "pagecache_bump_content_version"


class ContentVersionQuerySet(models.QuerySet):
    def current(self):
        """The current version, created on first use.

        Every anonymous request asks, so it is one primary-key lookup in plain
        SQL (through ``raw()``, so that Django still converts the values):
        composing it with the ORM takes longer than the database needs to answer,
        and longer than serving a cached page."""
        table = connections[self.db].ops.quote_name(self.model._meta.db_table)
        rows = self.raw(
            # The table name is our own, quoted; the id is a parameter.
            f"SELECT id, version, changed_at FROM {table} WHERE id = %s",  # noqa: S608
            [ContentVersion.ROW_ID],
        )
        for version in rows:
            return version
        return self.get_or_create(pk=ContentVersion.ROW_ID)[0]

    def bump(self):
        """Mark the content as changed. The triggers do this for every write to a
        content table; this is for changes they cannot see, such as new templates."""
        bumped = self.filter(pk=ContentVersion.ROW_ID).update(
            version=F("version") + 1, changed_at=timezone.now()
        )
        if not bumped:
            self.get_or_create(pk=ContentVersion.ROW_ID)


class ContentVersion(models.Model):
    """The version of everything the public pages show; a single row."""

    ROW_ID = 1

    version = models.PositiveBigIntegerField(_("version"), default=1)
    changed_at = models.DateTimeField(_("changed"), default=timezone.now)

    objects = ContentVersionQuerySet.as_manager()

    class Meta:
        verbose_name = _("content version")
        verbose_name_plural = _("content versions")
        constraints = [
            models.CheckConstraint(condition=Q(id=1), name="content_version_is_one_row"),
        ]

    def __str__(self):
        return f"Version {self.version} ({self.changed_at.isoformat()})"

    @property
    def token(self):
        """Distinct for every committed state of the content. The time is part of it
        because restoring a backup brings back an old version number."""
        return f"{self.version}-{self.changed_at.timestamp():.6f}"


def content_tables():
    """The tables whose rows public pages show: every model of the content apps,
    many-to-many tables included, history tables left out (a history row is only
    ever written together with a change to its content table)."""
    for label in settings.PAGE_CACHE_CONTENT_APPS:
        for model in global_apps.get_app_config(label).get_models(include_auto_created=True):
            if model._meta.managed and not issubclass(model, HistoricalChanges):
                yield model._meta.db_table


def postgresql_trigger_sql(quote, tables):
    # Only our own table names, quoted, go into these statements.
    yield f"""
        CREATE OR REPLACE FUNCTION {TRIGGER}() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            UPDATE {quote(ContentVersion._meta.db_table)}
               SET version = version + 1, changed_at = clock_timestamp()
             WHERE id = {ContentVersion.ROW_ID};
            RETURN NULL;
        END;
        $$"""  # noqa: S608
    for table in tables:
        yield (
            f"CREATE OR REPLACE TRIGGER {TRIGGER} "
            f"AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {quote(table)} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {TRIGGER}()"
        )


def install_content_triggers(using="default", **kwargs):
    """Install the triggers that bump the content version on every content table
    (idempotent), then bump it. Connected to ``post_migrate``."""
    connection = connections[using]
    existing = set(connection.introspection.table_names())
    if ContentVersion._meta.db_table not in existing:
        return
    tables = [table for table in content_tables() if table in existing]
    with connection.cursor() as cursor:
        for statement in postgresql_trigger_sql(connection.ops.quote_name, tables):
            cursor.execute(statement)
    ContentVersion.objects.using(using).bump()
