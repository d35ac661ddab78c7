"""The minutes' lists and the English site in Chromium: axe finds nothing on the
new pages in Swedish and English (and on every page type in English) at desktop
and phone width, nothing is wider than a phone, and the filters, pages and the
language switch work without JavaScript. Screenshots are kept in test-artifacts/."""

import datetime
import io
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import expect

from huddinge_safety.followups.models import FollowUp
from huddinge_safety.protocols.models import AgendaItem, Body, Meeting, Party, Person

from .test_accessibility import page_paths

ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts"
VIEWPORTS = {"": {"width": 1366, "height": 900}, "-phone": {"width": 390, "height": 844}}
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]


def load_site():
    """The demo, a small synthetic program and enough meetings for three pages."""
    call_command("load_demo", stdout=io.StringIO())
    call_command(
        "generate_sample_data",
        *("--programs", "1", "--areas", "2", "--goals", "2", "--years", "3"),
        stdout=io.StringIO(),
    )
    board = Body.objects.create(name="Kommunstyrelsen")
    for day in range(45):
        meeting = Meeting.objects.create(
            body=board, date=datetime.date(2023, 1, 2) + datetime.timedelta(days=day)
        )
        AgendaItem.objects.create(
            meeting=meeting, paragraph=f"§ {day + 1}", title=f"Trygghetsläget i centrum, del {day}"
        )


def new_pages():
    """The pages this change adds or changes, in each of their states."""
    body = Body.objects.get(name="Trygghets- och delaktighetsberedningen")
    unpublished = FollowUp.objects.exclude(status=FollowUp.Status.PUBLISHED).first()
    meetings = reverse("protocols:meetings")
    return {
        "meetings": (meetings, 200),
        "meetings-filtered": (f"{meetings}?body={body.pk}&year=2022", 200),
        "meetings-invalid-filter": (f"{meetings}?body=x&year=1850", 200),
        "meetings-page-2": (f"{meetings}?page=2", 200),
        "bodies": (reverse("protocols:bodies"), 200),
        "people": (reverse("protocols:people"), 200),
        "parties": (reverse("protocols:parties"), 200),
        "body": (body.get_absolute_url(), 200),
        "person": (Person.objects.get(name="Pran Malhotra").get_absolute_url(), 200),
        "party": (Party.objects.get(abbreviation="S").get_absolute_url(), 200),
        "agenda-item-decided": (
            AgendaItem.objects.get(follow_ups__year=2019).get_absolute_url(),
            200,
        ),
        "not-published": (unpublished.get_absolute_url(), 404),
    }


def check(page, live_server, name, path, status, axe):
    """Load ``path`` at each width: its status, a screenshot, axe's findings and
    whether anything is wider than the viewport."""
    failures = {}
    for suffix, viewport in VIEWPORTS.items():
        page.set_viewport_size(viewport)
        response = page.goto(live_server.url + path)
        assert response.status == status, path
        page.screenshot(path=ARTIFACTS / f"{name}{suffix}.png", full_page=True)
        results = axe.run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
        if results.violations_count:
            failures[f"{name}{suffix}"] = results.generate_report()
        width = page.evaluate("() => document.documentElement.scrollWidth")
        if width > viewport["width"]:
            failures[f"{name}{suffix}"] = f"{width} px wide in a {viewport['width']} px viewport"
    return failures


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_new_pages_in_both_languages_and_every_page_in_english_pass_axe(live_server, page):
    load_site()
    ARTIFACTS.mkdir(exist_ok=True)
    axe = Axe()
    failures = {}
    for name, (path, status) in new_pages().items():
        failures |= check(page, live_server, f"minutes-{name}", path, status, axe)
        failures |= check(page, live_server, f"minutes-{name}-en", "/en" + path, status, axe)
        assert page.locator("html").get_attribute("lang") == "en"
    for name, path in page_paths().items():
        failures |= check(page, live_server, f"{name}-en", "/en" + path, 200, axe)
        assert page.locator("html").get_attribute("lang") == "en"
    assert not failures, "\n\n".join(f"{name}:\n{report}" for name, report in failures.items())


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_filters_pages_and_language_switch_work_without_javascript(live_server, browser):
    load_site()
    context = browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(live_server.url + reverse("protocols:meetings"))
    page.get_by_label("Organ").select_option(label="Kommunstyrelsen")
    page.get_by_label("År").select_option("2023")
    page.get_by_role("button", name="Visa", exact=True).click()
    page.wait_for_url("**/sammantraden/?body=*&year=2023")
    expect(page.get_by_text("45 sammanträden, det senaste först. Visar 1–20.")).to_be_visible()
    pages = page.get_by_role("navigation", name="Sidor")
    pages.get_by_role("link", name="Nästa sida").click()
    page.wait_for_url("**/sammantraden/?body=*&year=2023&page=2")
    expect(pages.get_by_role("link", name="Sida 2")).to_have_attribute("aria-current", "page")
    expect(page.get_by_role("link", name="§ 25: Trygghetsläget i centrum, del 24")).to_be_visible()

    page.get_by_role("link", name="English").click()
    page.wait_for_url("**/en/sammantraden/?body=*&year=2023&page=2")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("Meetings")
    expect(page.get_by_label("Body")).to_have_value(
        str(Body.objects.get(name="Kommunstyrelsen").pk)
    )
    page.get_by_role("navigation", name="Minutes").get_by_role("link", name="People").click()
    page.wait_for_url("**/en/personer/")
    page.get_by_role("link", name="Pran Malhotra").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Pran Malhotra")
    page.get_by_role("link", name="Svenska").click()
    expect(page.locator("html")).to_have_attribute("lang", "sv")
    expect(page.get_by_role("heading", name="Yttranden")).to_be_visible()
    context.close()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_from_the_decision_to_its_report_and_back(live_server, page):
    call_command("load_demo", stdout=io.StringIO())
    item = AgendaItem.objects.get(follow_ups__year=2019)
    page.goto(live_server.url + reverse("protocols:meetings"))
    page.get_by_role("link", name=item.title).click()
    page.get_by_role("link", name="Läs uppföljningen av").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("avseende 2019")
    page.get_by_role("region", name="Beslut om uppföljningen").get_by_role(
        "link", name=item.title
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(item.title)
