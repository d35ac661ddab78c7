"""The search vectors, declared on the models. Databases migrated before this
migration have hand-made columns of the same name (made by an earlier version
of 0003_search_indexes), which are dropped first, with their indexes."""

import django.contrib.postgres.indexes
import django.contrib.postgres.search
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('followups', '0003_search_indexes'),
    ]

    operations = [
        migrations.RunSQL(
            'ALTER TABLE followups_followup DROP COLUMN IF EXISTS search_vector',
            reverse_sql=migrations.RunSQL.noop,
        ),
        migrations.RunSQL(
            'ALTER TABLE followups_goalassessment DROP COLUMN IF EXISTS search_vector',
            reverse_sql=migrations.RunSQL.noop,
        ),
        migrations.RunSQL(
            'ALTER TABLE followups_guidelineassessment DROP COLUMN IF EXISTS search_vector',
            reverse_sql=migrations.RunSQL.noop,
        ),
        migrations.AddField(
            model_name='followup',
            name='search_vector',
            field=models.GeneratedField(db_persist=True, expression=django.contrib.postgres.search.SearchVector('summary', 'overall_narrative', config='swedish'), output_field=django.contrib.postgres.search.SearchVectorField()),
        ),
        migrations.AddField(
            model_name='goalassessment',
            name='search_vector',
            field=models.GeneratedField(db_persist=True, expression=django.contrib.postgres.search.SearchVector('narrative', config='swedish'), output_field=django.contrib.postgres.search.SearchVectorField()),
        ),
        migrations.AddField(
            model_name='guidelineassessment',
            name='search_vector',
            field=models.GeneratedField(db_persist=True, expression=django.contrib.postgres.search.SearchVector('narrative', config='swedish'), output_field=django.contrib.postgres.search.SearchVectorField()),
        ),
        migrations.AddIndex(
            model_name='followup',
            index=django.contrib.postgres.indexes.GinIndex(fields=['search_vector'], name='followup_search'),
        ),
        migrations.AddIndex(
            model_name='goalassessment',
            index=django.contrib.postgres.indexes.GinIndex(fields=['search_vector'], name='goalassessment_search'),
        ),
        migrations.AddIndex(
            model_name='guidelineassessment',
            index=django.contrib.postgres.indexes.GinIndex(fields=['search_vector'], name='guidelineassessment_search'),
        ),
    ]
