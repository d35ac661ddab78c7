"""Backup and restore (manage.py backup / restore, behind make backup / restore)."""

import datetime
import io

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, Permission, User
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from huddinge_safety.followups.models import FollowUp
from huddinge_safety.pagecache.models import ContentVersion
from huddinge_safety.protocols.models import AgendaItem
from tests.factories import UserFactory

CONTENT_APPS = ["protocols", "programs", "goals", "followups"]


def backup_file(folder):
    return folder / ("huddinge.dump" if connection.vendor == "postgresql" else "huddinge.json")


def to_milliseconds(row):
    """dumpdata's JSON keeps times to the millisecond (pg_dump keeps everything)."""
    return {
        name: value.replace(microsecond=value.microsecond // 1000 * 1000)
        if isinstance(value, datetime.datetime) else value
        for name, value in row.items()
    }


def every_record():
    """Every row of every content model (history and many-to-many tables included)
    and the users with their groups and permissions, by natural key where the
    primary keys of content types and permissions may change."""
    records = {
        model._meta.label: [to_milliseconds(row) for row in model.objects.order_by("pk").values()]
        for label in CONTENT_APPS
        for model in apps.get_app_config(label).get_models(include_auto_created=True)
    }
    records["users"] = [
        (user.pk, user.username, user.password, user.is_staff,
         sorted(user.groups.values_list("name", flat=True)),
         sorted(user.user_permissions.values_list("codename", flat=True)))
        for user in User.objects.order_by("pk")
    ]
    records["groups"] = [
        (group.name, sorted(group.permissions.values_list("codename", flat=True)))
        for group in Group.objects.order_by("name")
    ]
    return records


@pytest.mark.django_db(transaction=True)
def test_backup_restored_into_an_empty_database_has_every_record(tmp_path):
    call_command("load_demo", stdout=io.StringIO())
    # A flush by an earlier transactional test removes the groups of the data migration.
    Group.objects.get_or_create(name="Tjänsteperson")
    official = UserFactory(username="tjansteperson", groups=["Tjänsteperson"])
    official.user_permissions.add(Permission.objects.get(codename="publish_followup"))
    item = AgendaItem.objects.order_by("pk").first()
    item.decision = "Ändrat av en tjänsteperson."
    item._history_user = official
    item.save()
    before = every_record()
    assert len(before["followups.HistoricalFollowUp"]) >= 2
    assert ("tjansteperson", ["Tjänsteperson"], ["publish_followup"]) in [
        (username, groups, permissions)
        for _, username, _, _, groups, permissions in before["users"]]
    assert any(row["history_user_id"] == official.pk
               for row in before["protocols.HistoricalAgendaItem"])
    backup = backup_file(tmp_path)
    call_command("backup", output=str(backup), stdout=io.StringIO())

    call_command("flush", interactive=False, verbosity=0)
    assert not FollowUp.history.exists() and not User.objects.exists()
    version = ContentVersion.objects.current()

    out = io.StringIO()
    call_command("restore", str(backup), interactive=False, stdout=out)

    assert "återställd" in out.getvalue()
    after = every_record()
    assert after == before
    # Pages cached before the restore are never served after it.
    assert ContentVersion.objects.current().token != version.token


def test_backup_file_name_must_tell_its_format(db, tmp_path):
    with pytest.raises(CommandError, match="sluta på"):
        call_command("backup", output=str(tmp_path / "huddinge.zip"))


def test_restore_refuses_a_missing_file(db, tmp_path):
    with pytest.raises(CommandError, match="finns inte"):
        call_command("restore", str(tmp_path / "saknas.dump"), interactive=False)


def test_restore_changes_nothing_unless_confirmed(demo, tmp_path, monkeypatch):
    backup = backup_file(tmp_path)
    call_command("backup", output=str(backup), stdout=io.StringIO())
    before = every_record()
    monkeypatch.setattr("builtins.input", lambda prompt: "nej")
    with pytest.raises(CommandError, match="avbröts"):
        call_command("restore", str(backup))
    assert every_record() == before
