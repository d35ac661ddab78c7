"""Officials and publishers add, change, view and delete attachments (the
database still refuses changing or deleting a decided one)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUPS = ["Tjänsteperson", "Publicerare"]
CODENAMES = ["add_attachment", "change_attachment", "view_attachment", "delete_attachment"]


def grant(apps, schema_editor):
    app_config = apps.get_app_config("documents")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(
        content_type__app_label="documents", codename__in=CODENAMES
    )
    for group in Group.objects.filter(name__in=GROUPS):
        group.permissions.add(*permissions)


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    for group in apps.get_model("auth", "Group").objects.filter(name__in=GROUPS):
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label="documents")
        )


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0001_attachments_and_their_pages"),
        ("followups", "0002_groups"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
