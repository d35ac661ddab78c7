"""The search vectors, declared on the models. Databases migrated before this
migration have hand-made columns of the same name (made by an earlier version
of 0002_search_indexes), which are dropped first, with their indexes."""

import django.contrib.postgres.indexes
import django.contrib.postgres.search
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('protocols', '0002_search_indexes'),
    ]

    operations = [
        migrations.RunSQL(
            'ALTER TABLE protocols_agendaitem DROP COLUMN IF EXISTS search_vector',
            reverse_sql=migrations.RunSQL.noop,
        ),
        migrations.RunSQL(
            'ALTER TABLE protocols_protocolnote DROP COLUMN IF EXISTS search_vector',
            reverse_sql=migrations.RunSQL.noop,
        ),
        migrations.AddField(
            model_name='agendaitem',
            name='search_vector',
            field=models.GeneratedField(db_persist=True, expression=django.contrib.postgres.search.SearchVector('title', 'decision', 'summary', config='swedish'), output_field=django.contrib.postgres.search.SearchVectorField()),
        ),
        migrations.AddField(
            model_name='protocolnote',
            name='search_vector',
            field=models.GeneratedField(db_persist=True, expression=django.contrib.postgres.search.SearchVector('body', config='swedish'), output_field=django.contrib.postgres.search.SearchVectorField()),
        ),
        migrations.AddIndex(
            model_name='agendaitem',
            index=django.contrib.postgres.indexes.GinIndex(fields=['search_vector'], name='agendaitem_search'),
        ),
        migrations.AddIndex(
            model_name='protocolnote',
            index=django.contrib.postgres.indexes.GinIndex(fields=['search_vector'], name='protocolnote_search'),
        ),
    ]
