import django.contrib.postgres.indexes
import django.contrib.postgres.search
import pgtrigger
from django.db import migrations, models

def searched_text(content):
    """A frozen copy of followups.models.searched_text as of this migration."""
    return " ".join(text for text in (content["summary"], content["overall_narrative"]) if text)


def fill_searched_text(apps, schema_editor):
    """The versions frozen before this migration get their searched text; the
    trigger that refuses any change of a version lets this one through."""
    ReportVersion = apps.get_model("followups", "ReportVersion")
    with pgtrigger.ignore("followups.ReportVersion:protect_report_version"):
        for version in ReportVersion.objects.only("content"):
            version.text = searched_text(version.content)
            version.save(update_fields=["text"])


class Migration(migrations.Migration):
    dependencies = [
        ("followups", "0009_assessments_of_decided_follow_ups_keep_their_goals"),
    ]

    operations = [
        migrations.AddField(
            model_name="reportversion",
            name="text",
            field=models.TextField(blank=True, editable=False, verbose_name="searched text"),
        ),
        migrations.AddField(
            model_name="reportversion",
            name="search_vector",
            field=models.GeneratedField(
                db_persist=True,
                expression=django.contrib.postgres.search.SearchVector("text", config="swedish"),
                output_field=django.contrib.postgres.search.SearchVectorField(),
            ),
        ),
        migrations.AddIndex(
            model_name="reportversion",
            index=django.contrib.postgres.indexes.GinIndex(
                fields=["search_vector"], name="reportversion_search"
            ),
        ),
        migrations.RunPython(fill_searched_text, migrations.RunPython.noop),
    ]
