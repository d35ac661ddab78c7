"""GIN indexes over the Swedish full-text search vectors that the public search
uses (huddinge_safety/search.py), so that it stays fast on large data."""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import migrations

from huddinge_safety.search import postgres_search_indexes

INDEXES = [
    ("AgendaItem", GinIndex(
        SearchVector("title", "decision", "summary", config="swedish"),
        name="protocols_agendaitem_search",
    )),
    ("ProtocolNote", GinIndex(
        SearchVector("body", config="swedish"),
        name="protocols_protocolnote_search",
    )),
]


class Migration(migrations.Migration):
    dependencies = [("protocols", "0001_initial")]

    operations = [postgres_search_indexes("protocols", INDEXES)]
