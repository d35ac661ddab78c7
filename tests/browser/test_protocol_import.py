"""An official imports a protocol in the admin, in Chromium: uploads the file, reads
the preview, fixes a heading in the text, previews again and saves."""

import importlib
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.apps import apps
from django.conf import settings
from playwright.sync_api import expect

from huddinge_safety.protocols.models import AgendaItem, Meeting

from ..factories import PersonFactory, UserFactory

ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts"
PASSWORD = "hemligt-losen-123"
PROTOCOL = Path(__file__).parents[1] / "protocols" / "fixtures" / "kf-2020-06-15.txt"


@pytest.fixture
def official():
    """Flushing after another transactional test empties the groups the data
    migration made; make them again with that migration's own code."""
    migration = importlib.import_module("huddinge_safety.followups.migrations.0002_groups")
    migration.define_groups(apps)
    return UserFactory(groups=["Tjänsteperson"], password=PASSWORD)


def log_in(browser, live_server, user, width):
    page = browser.new_context(viewport={"width": width, "height": 900}).new_page()
    page.goto(f"{live_server.url}/admin/login/")
    page.get_by_label("Användarnamn").fill(user.get_username())
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    expect(page.get_by_text("Välkommen,")).to_be_visible()
    return page


def assert_accessible(page):
    result = Axe().run(page)
    assert result.violations_count == 0, result.generate_report()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("width", [1366, 390])
def test_official_previews_fixes_and_saves_a_protocol(live_server, browser, official, width):
    PersonFactory(name="Bo Berg")
    page = log_in(browser, live_server, official, width)

    page.goto(f"{live_server.url}/admin/protocols/meeting/")
    page.get_by_role("link", name="Importera protokoll").click()
    expect(page.get_by_role("heading", name="Importera protokoll")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Protokollfil").set_input_files(PROTOCOL)
    page.get_by_role("button", name="Förhandsgranska").click()

    expect(page.get_by_role("status")).to_have_text("5 av 5 paragrafer skapas.")
    expect(
        page.get_by_role("heading", name="Kf 71 Motion om trygghetsvandringar i Centrum")
    ).to_be_visible()
    expect(page.get_by_text("Ja 41, nej 36, avstår 4.")).to_be_visible()
    people = page.locator(".import-new-people")
    expect(people).to_contain_text("Anna Andersson")
    expect(people).not_to_contain_text("Bo Berg")
    assert Meeting.objects.count() == 0
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"protocol-import-preview-{width}.png", full_page=True)
    assert_accessible(page)

    text = page.get_by_label("Protokollets text")
    text.fill(text.input_value().replace("Val av justerare", "Val av två justerare"))
    page.get_by_role("button", name="Spara").click()
    expect(page.locator(".errornote")).to_contain_text(
        "Texten har ändrats sedan förhandsgranskningen"
    )
    expect(page.get_by_role("heading", name="Kf 70 Val av två justerare")).to_be_visible()
    assert AgendaItem.objects.count() == 0

    page.get_by_role("button", name="Spara").click()

    expect(page.locator(".messagelist")).to_contain_text("5 paragrafer sparades, 0 fanns redan.")
    meeting = Meeting.objects.get(body__name="Kommunfullmäktige")
    assert meeting.agenda_items.get(paragraph="Kf 70").title == "Val av två justerare"
    assert meeting.attendances.count() == 6
    assert meeting.agenda_items.get(paragraph="Kf 71").votes.get().yes_count == 41
