"""The program, goal and report pages in Chromium at phone width: the status
matrix keeps the goal column in view, the filters work without JavaScript, the
charts' labels stay legible, and axe finds nothing in any of their states."""

import io

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command

from huddinge_safety.followups.models import FollowUp
from huddinge_safety.goals.models import Goal
from huddinge_safety.programs.models import Program

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]


@pytest.fixture
def sample(transactional_db):
    """The demo and a synthetic program of a realistic size (5 areas × 8 goals, 4
    years, three of them published)."""
    call_command("load_demo", stdout=io.StringIO())
    call_command(
        "generate_sample_data",
        "--programs",
        "1",
        "--areas",
        "5",
        "--goals",
        "8",
        "--years",
        "4",
        stdout=io.StringIO(),
    )
    return Program.objects.get(title__startswith="Syntetiskt")


def box(locator):
    return locator.bounding_box()


@pytest.mark.browser
def test_on_a_phone_the_newest_year_shows_first_and_the_goal_column_stays_pinned(
    live_server, page, sample
):
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + sample.get_absolute_url())
    newest = sample.follow_ups.published().order_by("-year").first().year
    matrix = page.locator(".status-matrix")
    matrix.scroll_into_view_if_needed()
    years = page.locator(".status-matrix thead th[scope=col] a")
    assert years.first.inner_text() == str(newest)
    # The newest year is in view without scrolling sideways.
    first_year = box(years.first)
    assert first_year["x"] >= 0
    assert first_year["x"] + first_year["width"] <= PHONE["width"]
    goal = page.locator(".status-matrix tbody th.pinned").nth(1)
    before = box(goal)
    # Scrolled to its end, the matrix still shows the goal beside the oldest year.
    scroller = page.locator(".matrix-scroll")
    scroller.evaluate("element => { element.scrollLeft = element.scrollWidth; }")
    assert scroller.evaluate("element => element.scrollLeft") > 100
    after = box(goal)
    assert after["x"] == pytest.approx(before["x"], abs=1)
    assert after["x"] >= 0
    assert after["x"] + after["width"] <= PHONE["width"]
    # Nothing covers the goal's link: it is the element drawn at its place.
    link = goal.locator("a")
    link.scroll_into_view_if_needed()
    centre = box(link)
    assert page.evaluate(
        "([x, y, code]) => document.elementFromPoint(x, y).closest('th.pinned')"
        " .textContent.includes(code)",
        [centre["x"] + 5, centre["y"] + centre["height"] / 2, link.inner_text()],
    )
    oldest = box(years.last)
    assert oldest["x"] + oldest["width"] <= PHONE["width"] + 1
    # The table's caption wraps within the phone's width and stays in view too.
    caption = box(page.locator(".status-matrix caption .pinned-label"))
    assert caption["x"] >= 0
    assert caption["x"] + caption["width"] <= PHONE["width"]


@pytest.mark.browser
def test_filters_work_without_javascript(live_server, browser, sample):
    context = browser.new_context(java_script_enabled=False, viewport=PHONE)
    page = context.new_page()
    page.goto(live_server.url + sample.get_absolute_url())
    page.get_by_label("Ansvarsområde", exact=True).select_option(
        label=str(sample.areas.get(number=2))
    )
    page.get_by_label("Status i senaste uppföljningen").select_option(label="Ej i fas")
    page.get_by_role("button", name="Visa").click()
    page.wait_for_url("**?area=*&status=not_on_track*")
    rows = page.locator(".status-matrix tbody th.pinned a")
    codes = rows.all_inner_texts()
    assert codes
    assert all(code.startswith("Mål 2.") for code in codes)
    assert page.get_by_text(f"Visar {len(codes)} av 40 mål.").is_visible()
    context.close()


@pytest.mark.browser
def test_chart_labels_are_legible_on_a_phone(live_server, page, sample):
    goal = Goal.objects.filter(area__program=sample, indicators__isnull=False).first()
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + goal.get_absolute_url())
    sizes = page.eval_on_selector_all(
        ".chart svg[role=img] text",
        "texts => texts.map(text => text.closest('svg').getScreenCTM().a"
        " * parseFloat(getComputedStyle(text).fontSize))",
    )
    assert sizes
    assert min(sizes) >= 12, sizes


@pytest.mark.browser
def test_program_goal_and_report_pages_have_no_axe_violations_in_any_state(
    live_server, page, sample
):
    goal = Goal.objects.filter(area__program=sample, indicators__isnull=False).first()
    report = FollowUp.objects.published().filter(program=sample).order_by("-year").first()
    area = sample.areas.get(number=1)
    paths = {
        "program": sample.get_absolute_url(),
        "program-filtered": f"{sample.get_absolute_url()}?area={area.pk}&status=fulfilled",
        "program-no-match": f"{sample.get_absolute_url()}?area={area.pk}&status=not_assessed",
        "program-bad-filter": f"{sample.get_absolute_url()}?area=x",
        "goal": goal.get_absolute_url(),
        "report": report.get_absolute_url(),
    }
    axe = Axe()
    failures = {}
    for name, path in paths.items():
        for suffix, viewport in (("", DESKTOP), ("-phone", PHONE)):
            page.set_viewport_size(viewport)
            assert page.goto(live_server.url + path).status == 200
            # Every disclosure open, so that axe checks what it holds too.
            page.eval_on_selector_all("details", "all => all.forEach(d => { d.open = true; })")
            results = axe.run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
            if results.violations_count:
                failures[f"{name}{suffix}"] = results.generate_report()
    assert not failures, "\n\n".join(f"{name}:\n{report}" for name, report in failures.items())
