"""The coordinators may do all an official may: the permissions that later
migrations gave the officials (attendance, votes and the rest of the minutes;
attachments) are theirs too. The coordinators' group is reset as 0012 made it."""

import importlib

from django.db import migrations

coordinators = importlib.import_module(
    "huddinge_safety.followups.migrations.0012_coordinators_group"
)


def reset_coordinators(apps, schema_editor):
    coordinators.define_coordinators(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("followups", "0013_follow_up_deadline"),
        ("protocols", "0007_officials_edit_attendance_and_votes"),
        ("documents", "0002_groups_edit_attachments"),
    ]

    operations = [migrations.RunPython(reset_coordinators, migrations.RunPython.noop)]
