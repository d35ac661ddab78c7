"""Stored Swedish search vectors with GIN indexes for the public search
(huddinge_safety/search.py); PostgreSQL only."""

from django.db import migrations

from huddinge_safety.search import add_search_vector


class Migration(migrations.Migration):
    dependencies = [("followups", "0002_groups")]

    operations = [
        add_search_vector("followups.FollowUp", ('summary', 'overall_narrative')),
        add_search_vector("followups.GoalAssessment", ('narrative',)),
        add_search_vector("followups.GuidelineAssessment", ('narrative',)),
    ]
