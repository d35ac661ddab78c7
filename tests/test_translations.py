"""The catalogs: `make messages` leaves no string untranslated, the committed catalogs
are what it makes, and each language reads as itself (the English catalog and the
Swedish one of the third-party admin pages included)."""

import gettext
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation

from huddinge_safety.views import home

from .factories import ProgramFactory

ROOT = settings.BASE_DIR
CATALOGS = [
    "locale/sv/LC_MESSAGES/django",
    "locale/en/LC_MESSAGES/django",
    "locale_third_party/sv/LC_MESSAGES/django",
]


# Folders of the checkout that hold no source (only at its top: huddinge_safety/backups
# is an app).
LOCAL_STATE = {".venv", ".git", ".pgdata", "staticfiles", "backups", "test-artifacts"}


def ignore_local_state(folder, names):
    top = Path(folder) == ROOT
    return [
        name
        for name in names
        if (top and name in LOCAL_STATE) or name in {"__pycache__", ".ruff_cache"}
    ]


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory):
    """A copy of the project's source after `make messages`, run with this Python."""
    copy = tmp_path_factory.mktemp("messages") / "project"
    shutil.copytree(ROOT, copy, ignore=ignore_local_state)
    # -o install: the copy uses this interpreter's packages instead of making a .venv.
    subprocess.run(
        [
            "make",
            "--no-print-directory",
            "-o",
            "install",
            "messages",
            f"BIN={Path(sys.executable).parent}",
        ],
        cwd=copy,
        check=True,
        capture_output=True,
    )
    return copy


def msgattrib(*options, catalog):
    return subprocess.run(
        ["msgattrib", "--no-wrap", *options, f"{catalog}.po"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def messages(mo_file):
    """Every msgid of a compiled catalog with its translation, without the header."""
    with open(mo_file, "rb") as file:
        catalog = gettext.GNUTranslations(file)._catalog
    return {msgid: text for msgid, text in catalog.items() if msgid != ""}


def entries(po_file):
    """The entries of a catalog as text, without its header, which makemessages dates."""
    return Path(po_file).read_text().split("\n\n", 1)[1]


@pytest.mark.parametrize("catalog", CATALOGS[:2])
def test_make_messages_leaves_nothing_untranslated_or_fuzzy(regenerated, catalog):
    assert msgattrib("--untranslated", catalog=regenerated / catalog) == ""
    assert msgattrib("--only-fuzzy", catalog=regenerated / catalog) == ""


@pytest.mark.parametrize("catalog", CATALOGS)
def test_the_committed_catalogs_are_those_make_messages_makes(regenerated, catalog):
    assert entries(ROOT / f"{catalog}.po") == entries(regenerated / f"{catalog}.po"), (
        "Run make messages and commit locale/."
    )
    shipped = messages(ROOT / f"{catalog}.mo")
    assert shipped == messages(regenerated / f"{catalog}.mo")
    assert shipped, "an empty catalog"


def render_home(language):
    request = RequestFactory().get("/")
    with translation.override(language):
        return home(request).content.decode()


def test_the_home_page_reads_english_when_english_is_active(db):
    english = render_home("en")
    assert '<html lang="en">' in english
    for word in ("Meetings", "Search", "Skip to content", "Safety and security"):
        assert word in english
    for word in ("Sammanträden", "Sök", "Hoppa till innehållet"):
        assert word not in english
    swedish = render_home("sv")
    assert '<html lang="sv">' in swedish
    assert "Sammanträden" in swedish
    assert "Hoppa till innehållet" in swedish


def test_the_login_attempts_in_the_admin_read_swedish(admin_client):
    AccessAttempt.objects.create(
        username="okand",
        ip_address="192.0.2.1",
        user_agent="Firefox",
        http_accept="*/*",
        path_info="/admin/login/",
        get_data="",
        post_data="",
        failures_since_start=2,
    )
    html = admin_client.get("/admin/axes/accessattempt/").content.decode()
    for heading in (
        "Inloggningsförsök",
        "IP-adress",
        "Användarnamn",
        "Tidpunkt för försöket",
        "Webbläsare",
    ):
        assert heading in html
    for english in ("Access attempt", "IP Address", "Attempt Time", "User Agent"):
        assert english not in html


def test_the_change_history_in_the_admin_reads_swedish(admin_client):
    program = ProgramFactory()
    url = reverse("admin:programs_program_history", args=[program.pk])
    html = admin_client.get(url).content.decode()
    assert f"Ändringshistorik: {program}" in html
    for heading in ("Ändrad av", "Händelse", "Skapad"):
        assert heading in html
    for english in ("Change history", "Changed by", "Comment"):
        assert english not in html
