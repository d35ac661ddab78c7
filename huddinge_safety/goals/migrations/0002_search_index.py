"""GIN indexes over the Swedish full-text search vectors that the public search
uses (huddinge_safety/search.py), so that it stays fast on large data.

PostgreSQL only: SQLite has no GIN indexes and searches with its fallback. The
expressions must equal the search's ``SearchVector(..., config="swedish")``; the
explicit config makes them immutable, as an index requires."""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import migrations

INDEXES = [
    ("Goal", GinIndex(
        SearchVector("text", config="swedish"),
        name="goals_goal_search",
    )),
]


def add_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for model_name, index in INDEXES:
            schema_editor.add_index(apps.get_model("goals", model_name), index)


def remove_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for model_name, index in INDEXES:
            schema_editor.remove_index(apps.get_model("goals", model_name), index)


class Migration(migrations.Migration):
    dependencies = [("goals", "0001_initial")]

    operations = [migrations.RunPython(add_indexes, remove_indexes)]
