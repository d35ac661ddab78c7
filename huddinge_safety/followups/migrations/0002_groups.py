"""The two groups officials and approvers are put in.

Tjänsteperson edits programs, goals, follow-ups and minutes; Publicerare may
also approve and publish follow-ups. Deleting is left to superusers, except for
the rows of minutes and indicators that officials correct inline.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITED_APPS = ["programs", "goals", "followups", "protocols"]
EDIT_ACTIONS = ["add", "change", "view"]
DELETABLE_MODELS = {
    "goals": ["indicatorvalue"],
    "protocols": ["documentreference", "speaker", "protocolnote", "signatory"],
}
OFFICIALS = "Tjänsteperson"
PUBLISHERS = "Publicerare"


def create_permissions_now(apps):
    """Permissions are normally created after the last migration (post_migrate);
    on a fresh database they do not exist yet, so create them here."""
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None


def define_groups(apps):
    """Create both groups (or reset their permissions). Safe to run again."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    codenames = {
        (app_label, f"{action}_{model._meta.model_name}")
        for app_label in EDITED_APPS
        for model in apps.get_app_config(app_label).get_models()
        # The historical models of django-simple-history are read through the
        # history pages of the models themselves.
        if not model._meta.model_name.startswith("historical")
        for action in EDIT_ACTIONS
    }
    codenames |= {
        (app_label, f"delete_{model_name}")
        for app_label, model_names in DELETABLE_MODELS.items()
        for model_name in model_names
    }
    edit_permissions = [
        Permission.objects.get(content_type__app_label=app_label, codename=codename)
        for app_label, codename in sorted(codenames)
    ]
    publish = Permission.objects.get(
        content_type__app_label="followups", codename="publish_followup"
    )
    officials, _ = Group.objects.get_or_create(name=OFFICIALS)
    officials.permissions.set(edit_permissions)
    publishers, _ = Group.objects.get_or_create(name=PUBLISHERS)
    publishers.permissions.set([*edit_permissions, publish])


def create_groups(apps, schema_editor):
    create_permissions_now(apps)
    define_groups(apps)


def delete_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=[OFFICIALS, PUBLISHERS]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("programs", "0001_initial"),
        ("goals", "0001_initial"),
        ("protocols", "0001_initial"),
        ("followups", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_groups, delete_groups)]
