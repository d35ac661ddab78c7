"""A year's follow-up from the first click to the public site, in Chromium.

The coordinator creates the 2020 follow-up of the demo program; two officials
of two units fill in their own goals; the coordinator writes the overall
assessment and submits it; an approver finds the agenda item that decided it
by typing and approves it, and publishes it; then anyone can read it."""

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
from huddinge_safety.organisation.models import Unit
from huddinge_safety.programs.models import Program
from huddinge_safety.protocols.models import AgendaItem, Meeting

from ..factories import UserFactory

ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts"
PASSWORD = "hemligt-losen-123"
PROGRAM = "Program för trygghet och säkerhet 2018–2021"
ITEM_TITLE = "Uppföljning av Program för trygghet och säkerhet 2018–2021 avseende 2020"
SOCIAL, CULTURE = "Socialförvaltningen", "Kultur- och fritidsförvaltningen"
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def groups():
    """Flushing after another transactional test empties the groups the data
    migration made; make them again with that migration's own code."""
    importlib.import_module("huddinge_safety.followups.migrations.0002_groups").define_groups(apps)
    importlib.import_module(
        "huddinge_safety.followups.migrations.0012_coordinators_group"
    ).define_coordinators(apps)


@pytest.fixture
def demo_with_goals():
    """The demo program (its seed states no goal texts) with two goals per area,
    those of areas 1–2 Socialförvaltningen's and of areas 3–5 Kultur- och
    fritidsförvaltningen's, and the 2020 meeting item that decides the follow-up."""
    call_command("load_demo", stdout=io.StringIO())
    program = Program.objects.get(title=PROGRAM)
    social, culture = Unit.objects.create(name=SOCIAL), Unit.objects.create(name=CULTURE)
    for area in program.areas.all():
        for number in (1, 2):
            Goal.objects.create(
                area=area,
                number=number,
                text=f"Mål {number} för {area.title}.",
                responsible_unit=social if area.number <= 2 else culture,
            )
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


def screenshot(page, name, full_page=True):
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"followup-workflow-{name}.png", full_page=full_page)


def screenshot_both_widths(page, name, scroll_to=None):
    """The window as the official sees it (the sticky bar at its foot), at 1366
    and at 390 px, scrolled to ``scroll_to`` if given."""
    for width, size in [(1366, {"width": 1366, "height": 900}), (390, PHONE)]:
        page.set_viewport_size(size)
        if scroll_to is not None:
            scroll_to.evaluate("element => element.scrollIntoView()")
        screenshot(page, f"{name}-{width}", full_page=False)
    page.set_viewport_size({"width": 1280, "height": 900})


def fill_in_own_goals(page, live_server, follow_up, unit, codes):
    """An official of ``unit`` fills in the goals ``codes`` among the goals of
    their units and saves."""
    page.goto(f"{live_server.url}/admin/followups/followup/{follow_up.pk}/change/")
    page.get_by_role("link", name="Visa bara mina mål").click()
    expect(page.locator("section.goal-assessment", has=page.locator("h4"))).to_have_count(
        len(codes)
    )
    for code in codes:
        page.get_by_label(f"Status, mål {code}").select_option("on_track")
        page.get_by_label(f"Genomfört arbete under året, mål {code}").fill(
            f"{unit} har arbetat med mål {code}."
        )
    page.get_by_role("button", name="Spara och fortsätt redigera").click()
    expect(page.locator(".messagelist").first).to_contain_text("Ändrade uppföljning")


def assert_accessible(page):
    result = Axe().run(page)
    assert result.violations_count == 0, result.generate_report()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_two_units_fill_in_their_goals_the_coordinator_submits_and_the_approver_publishes(
    live_server, browser, groups, demo_with_goals, mailoutbox
):
    program = demo_with_goals
    coordinator = UserFactory(
        groups=["Samordnare"], first_name="Sam", last_name="Samordnare", email="sam@huddinge.se"
    )
    olle = UserFactory(groups=["Tjänsteperson"], first_name="Olle", last_name="Tjänsteman")
    karin = UserFactory(groups=["Tjänsteperson"], first_name="Karin", last_name="Kultur")
    Unit.objects.get(name=SOCIAL).officials.add(olle)
    Unit.objects.get(name=CULTURE).officials.add(karin)
    approver = UserFactory(
        groups=["Publicerare"], first_name="Siv", last_name="Säkerhetschef", email="siv@huddinge.se"
    )

    # The coordinator creates the year's follow-up: every goal is there to fill in.
    page = log_in(browser, live_server, coordinator)
    page.goto(f"{live_server.url}/admin/followups/followup/")
    page.get_by_role("link", name="Lägg till uppföljning").click()
    expect(page.get_by_role("button", name="Spara och lägg till ny")).to_have_count(0)
    page.get_by_label("Program").select_option(label=PROGRAM)
    page.get_by_label("Avser år").fill("2020")
    page.get_by_role("button", name="Spara", exact=True).click()
    expect(page.locator(".messagelist").first).to_contain_text(
        "avseende 2020 är skapad med 10 mål och 2 riktlinjer att följa upp."
    )
    expect(page.locator("h3.area-heading")).to_have_count(5)
    expect(page.locator(".unit-progress")).to_contain_text(f"{SOCIAL}: 0 av 4 bedömda")
    expect(page.locator(".unit-progress")).to_contain_text(f"{CULTURE}: 0 av 6 bedömda")
    follow_up = FollowUp.objects.get(program=program, year=2020)

    # Each official fills in their own unit's goals; the other unit's are read-only.
    olle_page = log_in(browser, live_server, olle)
    olle_page.goto(f"{live_server.url}/admin/followups/followup/{follow_up.pk}/change/")
    expect(olle_page.locator("section.goal-assessment.locked")).to_have_count(6 + 2)
    expect(olle_page.get_by_role("button", name="Lämna in…")).to_have_count(0)
    assert_accessible(olle_page)
    screenshot_both_widths(olle_page, "1-official")
    screenshot_both_widths(
        olle_page, "1-official-goals", olle_page.locator("h3.area-heading").nth(1)
    )
    fill_in_own_goals(olle_page, live_server, follow_up, SOCIAL, ["1.1", "1.2", "2.1", "2.2"])
    karin_page = log_in(browser, live_server, karin)
    codes = ["3.1", "3.2", "4.1", "4.2", "5.1", "5.2"]
    fill_in_own_goals(karin_page, live_server, follow_up, CULTURE, codes)

    # The coordinator is told by email of each unit done, and sees it on the page.
    assert sorted(mail.subject.split(" har ")[0] for mail in mailoutbox) == [CULTURE, SOCIAL]
    assert {tuple(mail.to) for mail in mailoutbox} == {("sam@huddinge.se",)}
    page.reload()
    expect(page.locator(".unit-progress")).to_contain_text(f"{SOCIAL}: 4 av 4 bedömda")
    expect(page.locator(".unit-progress")).to_contain_text(f"{CULTURE}: 6 av 6 bedömda")
    expect(page.locator(".sticky-actions")).to_contain_text("10 av 10 mål bedömda")
    expect(page.get_by_label("Genomfört arbete under året, mål 3.1")).to_have_value(
        f"{CULTURE} har arbetat med mål 3.1."
    )
    page.get_by_label("Samlad bedömning:", exact=True).select_option(label="● I fas")
    page.get_by_label("Motivering till samlad bedömning").fill("Arbetet ligger i fas.")
    # The sticky bar keeps the buttons in the window, far from the form's end.
    expect(page.get_by_role("button", name="Lämna in…")).to_be_in_viewport()
    page.get_by_role("button", name="Lämna in…").click()
    page.get_by_role("button", name="Lämna in").click()
    expect(page.locator(".messagelist").first).to_contain_text("avseende 2020 är nu inlämnad.")
    assert mailoutbox[-1].to == ["siv@huddinge.se"]
    assert mailoutbox[-1].subject.startswith("Inlämnad för godkännande")

    # The approver finds the agenda item by typing and approves ...
    page = log_in(browser, live_server, approver)
    page.goto(f"{live_server.url}/admin/followups/followup/?status=submitted")
    page.get_by_role("link", name=re.compile("avseende 2020")).click()
    page.get_by_role("button", name="Godkänn…").click()
    agenda_items = page.get_by_label("Beslutat i ärende")
    page.get_by_label("Sök bland beredningens ärenden").press_sequentially("avseende 2020")
    expect(page.locator("#agenda-item-search-status")).to_have_text("1 ärende hittades.")
    expect(agenda_items.locator("option")).to_have_count(2)
    expect(agenda_items.locator("option").nth(1)).to_contain_text(ITEM_TITLE)
    agenda_items.select_option(str(AgendaItem.objects.get(title=ITEM_TITLE).pk))
    assert_accessible(page)
    screenshot_both_widths(page, "2-approve")
    page.get_by_role("button", name="Godkänn").click()
    expect(page.locator(".messagelist").first).to_contain_text("är nu godkänd.")
    expect(page.get_by_text("Uppföljningen är godkänd och därför låst.")).to_be_visible()
    expect(page.locator("select[name$='-status']")).to_have_count(0)

    # ... and publishes it.
    page.get_by_role("link", name="Publicera…").click()
    page.get_by_role("button", name="Publicera").click()
    expect(page.locator(".messagelist").first).to_contain_text("är nu publicerad.")
    assert [mail.subject.split(":")[0] for mail in mailoutbox[-2:]] == ["Godkänd", "Publicerad"]
    screenshot(page, "3-published")
    assert_accessible(page)

    follow_up.refresh_from_db()
    assert follow_up.status == FollowUp.Status.PUBLISHED
    assert follow_up.submitted_by == coordinator
    assert follow_up.approved_by == follow_up.published_by == approver
    assert follow_up.agenda_item.title == ITEM_TITLE
    assert {
        (row.goal.responsible_unit.name, row.history.first().history_user)
        for row in follow_up.goal_assessments.select_related("goal__responsible_unit")
    } == {(SOCIAL, olle), (CULTURE, karin)}

    # Anyone can now read it on the public site, with the goal's responsible unit.
    public = browser.new_context().new_page()
    response = public.goto(live_server.url + follow_up.get_absolute_url())
    assert response.status == 200
    expect(public.locator("main")).to_contain_text(f"{SOCIAL} har arbetat med mål 1.1.")
    expect(public.locator("main")).to_contain_text("Arbetet ligger i fas.")
    public.goto(live_server.url + Goal.objects.get(area__number=3, number=1).get_absolute_url())
    expect(public.locator("main")).to_contain_text(f"Ansvarig: {CULTURE}")
    screenshot(public, "4-public-goal")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_what_the_approver_typed_before_the_script_ran_is_searched_for(
    live_server, browser, groups, demo_with_goals
):
    approver = UserFactory(groups=["Publicerare", "Samordnare"])
    follow_up = FollowUp.objects.create(program=demo_with_goals, year=2020)
    follow_up.submit(approver, confirm_unassessed=True)
    page = log_in(browser, live_server, approver)
    held_back = []
    page.route("**/agenda-item-search.js", lambda route: held_back.append(route))

    page.goto(
        f"{live_server.url}/admin/followups/followup/{follow_up.pk}/steg/approve/",
        wait_until="commit",
    )
    page.get_by_label("Sök bland beredningens ärenden").press_sequentially("avseende 2020")
    expect(page.locator("#agenda-item-search-status")).not_to_have_text("1 ärende hittades.")
    held_back[0].continue_()

    expect(page.locator("#agenda-item-search-status")).to_have_text("1 ärende hittades.")
    expect(page.get_by_label("Beslutat i ärende").locator("option").nth(1)).to_contain_text(
        ITEM_TITLE
    )
