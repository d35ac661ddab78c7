"""An official attaches a tjänsteutlåtande to an agenda item in the admin, and a
reader finds a sentence from it through search, in Chromium."""

import importlib

import pytest
import weasyprint
from axe_playwright_python.sync_playwright import Axe
from django.apps import apps
from django.conf import settings
from django.urls import reverse
from playwright.sync_api import expect

from huddinge_safety.documents.models import Attachment
from tests.factories import AgendaItemFactory, UserFactory

from .test_accessibility import ARTIFACTS, PHONE
from .test_followup_workflow import groups, log_in  # noqa: F401 (groups is a fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESKTOP = {"width": 1366, "height": 900}
SENTENCE = "Förvaltningen föreslår att belysningen i gångtunneln vid Flemingsbergs station byts ut."


@pytest.fixture
def officials(groups):  # noqa: F811
    """The groups as their migrations leave them, attachments included."""
    migration = importlib.import_module(
        "huddinge_safety.documents.migrations.0002_groups_edit_attachments"
    )
    migration.grant(apps, None)


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def report_pdf(tmp_path):
    """A real two-page tjänsteutlåtande, the sentence on its second page."""
    path = tmp_path / "Tjänsteutlåtande trygghetsprogrammet.pdf"
    weasyprint.HTML(
        string='<html lang="sv"><body><h1>Tjänsteutlåtande</h1><p>Uppföljning av programmet.</p>'
        f'<p style="page-break-before: always">{SENTENCE}</p></body></html>'
    ).write_pdf(path)
    return path


def screenshots(page, name):
    ARTIFACTS.mkdir(exist_ok=True)
    for suffix, viewport in (("", DESKTOP), ("-phone", PHONE)):
        page.set_viewport_size(viewport)
        page.screenshot(path=ARTIFACTS / f"attachments-{name}{suffix}.png", full_page=True)


def no_axe_violations(page):
    results = Axe().run(
        page,
        options={
            "runOnly": {
                "type": "tag",
                "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"],
            }
        },
    )
    assert not results.violations_count, results.generate_report()


def test_an_official_attaches_a_report_and_a_reader_finds_a_sentence_from_it(
    live_server, browser, officials, media_root, report_pdf
):
    item = AgendaItemFactory(title="Uppföljning av trygghetsprogrammet")
    official = UserFactory(groups=["Tjänsteperson"])
    admin = log_in(browser, live_server, official)
    admin.set_viewport_size(DESKTOP)
    admin.goto(live_server.url + reverse("admin:protocols_agendaitem_change", args=[item.pk]))

    admin.locator("#attachments-group .add-row a").click()
    admin.locator('[name="attachments-0-title"]').fill("Tjänsteutlåtande om trygghetsprogrammet")
    admin.locator('[name="attachments-0-kind"]').select_option("official_report")
    admin.locator('[name="attachments-0-date"]').fill("2020-02-06")
    admin.locator('[name="attachments-0-file"]').set_input_files(report_pdf)
    admin.get_by_role("button", name="Spara och fortsätt redigera").click()
    expect(admin.locator(".messagelist")).to_contain_text("Ändrade ärende")
    attachment = Attachment.objects.get()
    expect(admin.locator("#attachments-group")).to_contain_text(attachment.sha256)
    admin.locator("#attachments-group").scroll_into_view_if_needed()
    screenshots(admin, "admin-inline")
    assert attachment.added_by == official
    assert attachment.file_name == "Tjänsteutlåtande_trygghetsprogrammet.pdf"

    reader = browser.new_context(viewport=DESKTOP).new_page()
    reader.goto(live_server.url + reverse("search"))
    reader.get_by_label("Sök i program").fill("belysningen i gångtunneln")
    reader.get_by_role("search", name="Sökformulär").get_by_role("button", name="Sök").click()
    hit = reader.get_by_role("link", name="Tjänsteutlåtande om trygghetsprogrammet")
    expect(hit).to_contain_text("sida 2")
    expect(reader.locator(".snippet mark").first).to_have_text("belysningen")
    assert hit.get_attribute("href") == f"{attachment.get_absolute_url()}#page=2"
    screenshots(reader, "search-result")
    no_axe_violations(reader)

    served = reader.request.get(live_server.url + attachment.get_absolute_url())
    assert served.status == 200
    assert served.headers["content-type"] == "application/pdf"
    assert served.body() == report_pdf.read_bytes()

    reader.goto(live_server.url + item.get_absolute_url())
    listing = reader.locator(".attachments")
    expect(listing).to_contain_text("Tjänsteutlåtande om trygghetsprogrammet")
    expect(listing).to_contain_text(attachment.sha256)
    listing.scroll_into_view_if_needed()
    screenshots(reader, "public-listing")
    no_axe_violations(reader)
    assert settings.MEDIA_ROOT.exists()
