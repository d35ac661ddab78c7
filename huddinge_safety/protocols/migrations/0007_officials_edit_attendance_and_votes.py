"""Officials and approvers edit the new parts of the minutes as they edit the
rest: add, change and view, and delete the rows they correct inline (see
followups/migrations/0002_groups.py, which made the groups)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

NEW_MODELS = ["adjuster", "attendance", "recusal", "extractrecipient", "vote", "ballot"]
ACTIONS = ["add", "change", "view", "delete"]
GROUPS = ["Tjänsteperson", "Publicerare"]


def new_permissions(apps):
    return apps.get_model("auth", "Permission").objects.filter(
        content_type__app_label="protocols",
        codename__in=[f"{action}_{model}" for model in NEW_MODELS for action in ACTIONS],
    )


def grant(apps, schema_editor):
    # Permissions are normally created after the last migration; on a fresh
    # database those of these models do not exist yet.
    app_config = apps.get_app_config("protocols")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    permissions = new_permissions(apps)
    for group in apps.get_model("auth", "Group").objects.filter(name__in=GROUPS):
        group.permissions.add(*permissions)


def revoke(apps, schema_editor):
    permissions = new_permissions(apps)
    for group in apps.get_model("auth", "Group").objects.filter(name__in=GROUPS):
        group.permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("protocols", "0006_minutes_as_swedish_protocols_record_them"),
        ("followups", "0002_groups"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
