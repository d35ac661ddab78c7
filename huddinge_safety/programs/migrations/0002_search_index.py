"""GIN indexes over the Swedish full-text search vectors that the public search
uses (huddinge_safety/search.py), so that it stays fast on large data."""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import migrations

from huddinge_safety.search import postgres_search_indexes

INDEXES = [
    ("Program", GinIndex(
        SearchVector("title", "overall_goal", "description", config="swedish"),
        name="programs_program_search",
    )),
]


class Migration(migrations.Migration):
    dependencies = [("programs", "0001_initial")]

    operations = [postgres_search_indexes("programs", INDEXES)]
