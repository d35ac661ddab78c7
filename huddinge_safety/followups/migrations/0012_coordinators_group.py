"""The coordinator (Samordnare) collects the follow-up from the units: may do
all an official may, assess every goal and guideline, submit, and keep the
organisational units and their officials. Publishers may coordinate too, so
they can still correct a submitted draft before approving it; officials see
the units."""

import importlib

from django.db import migrations

groups = importlib.import_module("huddinge_safety.followups.migrations.0002_groups")

COORDINATORS = "Samordnare"
UNIT_PERMISSIONS = ["add_unit", "change_unit", "view_unit"]


def define_coordinators(apps):
    """Create the group (or reset its permissions) after 0002's groups. Safe to run again."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    coordinate = Permission.objects.get(
        content_type__app_label="followups", codename="coordinate_followup"
    )
    units = {
        permission.codename: permission
        for permission in Permission.objects.filter(
            content_type__app_label="organisation", codename__in=UNIT_PERMISSIONS
        )
    }
    officials, _ = Group.objects.get_or_create(name=groups.OFFICIALS)
    officials.permissions.add(units["view_unit"])
    coordinators, _ = Group.objects.get_or_create(name=COORDINATORS)
    coordinators.permissions.set([*officials.permissions.all(), coordinate, *units.values()])
    publishers, _ = Group.objects.get_or_create(name=groups.PUBLISHERS)
    publishers.permissions.add(coordinate, *units.values())


def create_group(apps, schema_editor):
    groups.create_permissions_now(apps)
    define_coordinators(apps)


def delete_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=COORDINATORS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("organisation", "0001_units"),
        ("followups", "0011_coordinate_permission"),
    ]

    operations = [migrations.RunPython(create_group, delete_group)]
