"""GIN indexes over the Swedish full-text search vectors of follow-up texts that
the public search uses (huddinge_safety/search.py)."""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import migrations

from huddinge_safety.search import postgres_search_indexes

INDEXES = [
    ("FollowUp", GinIndex(
        SearchVector("summary", "overall_narrative", config="swedish"),
        name="followups_followup_search",
    )),
    ("GoalAssessment", GinIndex(
        SearchVector("narrative", config="swedish"),
        name="followups_goalassessment_search",
    )),
    ("GuidelineAssessment", GinIndex(
        SearchVector("narrative", config="swedish"),
        name="followups_guidelineassess_search",
    )),
]


class Migration(migrations.Migration):
    dependencies = [("followups", "0002_groups")]

    operations = [postgres_search_indexes("followups", INDEXES)]
