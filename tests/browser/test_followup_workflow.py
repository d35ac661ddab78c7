"""A year's follow-up from the first click to the public site, in Chromium.

An official creates the 2020 follow-up of the demo program, fills in the goals'
statuses and submits it; an approver approves it with the agenda item that
decided it and publishes it; then anyone can read it."""

import importlib
import io
import re
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from playwright.sync_api import expect

from huddinge_safety.followups.models import FollowUp
from huddinge_safety.goals.models import Goal
from huddinge_safety.programs.models import Program
from huddinge_safety.protocols.models import AgendaItem, Meeting

from ..factories import UserFactory

ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts"
PASSWORD = "hemligt-losen-123"
PROGRAM = "Program för trygghet och säkerhet 2018–2021"
ITEM_TITLE = "Uppföljning av Program för trygghet och säkerhet 2018–2021 avseende 2020"


@pytest.fixture
def groups():
    """Flushing after another transactional test empties the groups the data
    migration made; make them again with that migration's own code."""
    migration = importlib.import_module("huddinge_safety.followups.migrations.0002_groups")
    migration.define_groups(apps)


@pytest.fixture
def demo_with_goals():
    """The demo program (its seed states no goal texts) with two goals per area,
    and the 2020 meeting item that decides the follow-up."""
    call_command("load_demo", stdout=io.StringIO())
    program = Program.objects.get(title=PROGRAM)
    for area in program.areas.all():
        for number in (1, 2):
            Goal.objects.create(area=area, number=number, text=f"Mål {number} för {area.title}.")
    meeting = Meeting.objects.filter(agenda_items__follow_ups__program=program).first()
    AgendaItem.objects.create(meeting=meeting, paragraph="§ 3", title=ITEM_TITLE)
    return program


def log_in(browser, live_server, user):
    """A fresh browser session logged in through the admin's login form."""
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    page.goto(f"{live_server.url}/admin/login/")
    page.get_by_label("Användarnamn").fill(user.get_username())
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    expect(page.get_by_text("Välkommen,")).to_be_visible()
    return page


def screenshot(page, name):
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"followup-workflow-{name}.png", full_page=True)


def assert_accessible(page):
    result = Axe().run(page)
    assert result.violations_count == 0, result.generate_report()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_official_and_approver_take_the_2020_follow_up_to_the_public_site(
    live_server, browser, groups, demo_with_goals
):
    program = demo_with_goals
    official = UserFactory(groups=["Samordnare"], first_name="Olle", last_name="Tjänsteman")
    approver = UserFactory(groups=["Publicerare"], first_name="Siv", last_name="Säkerhetschef")

    # The official creates the year's follow-up: every goal is there to fill in.
    page = log_in(browser, live_server, official)
    page.goto(f"{live_server.url}/admin/followups/followup/")
    page.get_by_role("link", name="Lägg till uppföljning").click()
    page.get_by_label("Program").select_option(label=PROGRAM)
    page.get_by_label("Avser år").fill("2020")
    page.get_by_role("button", name="Spara", exact=True).click()
    expect(page.locator(".messagelist").first).to_contain_text(
        "avseende 2020 är skapad med 10 mål och 2 riktlinjer att följa upp."
    )
    expect(page.locator("tr.area-heading")).to_have_count(5)
    assert_accessible(page)

    # ... fills in a status for every goal and the overall assessment, and saves.
    statuses = page.locator("select[name^='goal_assessments-'][name$='-status']")
    expect(statuses).to_have_count(10)
    for index in range(10):
        statuses.nth(index).select_option("on_track" if index % 3 else "partly_on_track")
    page.get_by_label("Genomfört arbete under året, mål 1.1").fill(
        "Trygghetsvandringar i alla kommundelar."
    )
    page.get_by_label("Samlad bedömning:", exact=True).select_option(label="● I fas")
    page.get_by_label("Motivering till samlad bedömning").fill("Arbetet ligger i fas.")
    screenshot(page, "1-filled-in")
    page.get_by_role("button", name="Spara och fortsätt redigera").click()
    expect(page.locator(".messagelist").first).to_contain_text("Ändrade uppföljning")

    # ... and hands it in.
    page.get_by_role("button", name="Lämna in…").click()
    page.get_by_role("button", name="Lämna in").click()
    expect(page.locator(".messagelist").first).to_contain_text("avseende 2020 är nu inlämnad.")
    expect(page.get_by_text("Godkänn…")).to_have_count(0)

    # The approver approves it with the agenda item that decided it ...
    page = log_in(browser, live_server, approver)
    page.goto(f"{live_server.url}/admin/followups/followup/?status=submitted")
    page.get_by_role("link", name=re.compile("avseende 2020")).click()
    page.get_by_role("button", name="Godkänn…").click()
    assert_accessible(page)
    page.get_by_role("button", name="Godkänn").click()
    expect(page.locator(".errornote, .errorlist")).to_contain_text(
        "Ange ärendet där uppföljningen godkändes."
    )
    agenda_items = page.get_by_label("Beslutat i ärende")
    expect(agenda_items).to_contain_text(ITEM_TITLE)
    agenda_items.select_option(str(AgendaItem.objects.get(title=ITEM_TITLE).pk))
    page.get_by_role("button", name="Godkänn").click()
    expect(page.locator(".messagelist").first).to_contain_text("är nu godkänd.")
    expect(page.get_by_text("Uppföljningen är godkänd och därför låst.")).to_be_visible()
    expect(page.locator("select[name$='-status']")).to_have_count(0)

    # ... and publishes it.
    page.get_by_role("link", name="Publicera…").click()
    page.get_by_role("button", name="Publicera").click()
    expect(page.locator(".messagelist").first).to_contain_text("är nu publicerad.")
    screenshot(page, "2-published")
    assert_accessible(page)

    follow_up = FollowUp.objects.get(program=program, year=2020)
    assert follow_up.status == FollowUp.Status.PUBLISHED
    assert follow_up.submitted_by == official
    assert follow_up.approved_by == follow_up.published_by == approver
    assert follow_up.agenda_item.title == ITEM_TITLE

    # Anyone can now read it on the public site.
    public = browser.new_context().new_page()
    response = public.goto(live_server.url + follow_up.get_absolute_url())
    assert response.status == 200
    expect(public.locator("main")).to_contain_text("2020")
    expect(public.locator("main")).to_contain_text("Trygghetsvandringar i alla kommundelar.")
    expect(public.locator("main")).to_contain_text("Arbetet ligger i fas.")
    screenshot(public, "3-public")
