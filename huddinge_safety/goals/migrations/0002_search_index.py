"""Stored Swedish search vectors with GIN indexes for the public search
(huddinge_safety/search.py); PostgreSQL only."""

from django.db import migrations

from huddinge_safety.search import add_search_vector


class Migration(migrations.Migration):
    dependencies = [("goals", "0001_initial")]

    operations = [
        add_search_vector("goals.Goal", ('text',)),
    ]
