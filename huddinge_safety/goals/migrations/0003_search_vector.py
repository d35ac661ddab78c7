"""The search vectors, declared on the models. Databases migrated before this
migration have hand-made columns of the same name (made by an earlier version
of 0002_search_index), which are dropped first, with their indexes."""

import django.contrib.postgres.indexes
import django.contrib.postgres.search
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('goals', '0002_search_index'),
    ]

    operations = [
        migrations.RunSQL(
            'ALTER TABLE goals_goal DROP COLUMN IF EXISTS search_vector',
            reverse_sql=migrations.RunSQL.noop,
        ),
        migrations.AddField(
            model_name='goal',
            name='search_vector',
            field=models.GeneratedField(db_persist=True, expression=django.contrib.postgres.search.SearchVector('text', config='swedish'), output_field=django.contrib.postgres.search.SearchVectorField()),
        ),
        migrations.AddIndex(
            model_name='goal',
            index=django.contrib.postgres.indexes.GinIndex(fields=['search_vector'], name='goal_search'),
        ),
    ]
