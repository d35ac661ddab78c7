"""axe-core in Chromium over every public page type, with screenshots kept as artefacts."""

import io
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

from huddinge_safety.followups.models import FollowUp
from huddinge_safety.goals.models import Goal
from huddinge_safety.programs.models import Program
from huddinge_safety.protocols.models import AgendaItem, Party, Person

ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts"
PHONE = {"width": 390, "height": 844}


def page_paths():
    """One path per public page type, on the demo data plus a small synthetic program
    (the demo has no goals or indicator values)."""
    program = Program.objects.get(title="Program för trygghet och säkerhet 2018–2021")
    sample_goal = Goal.objects.filter(indicators__isnull=False).order_by("pk").first()
    item = AgendaItem.objects.get(follow_ups__year=2019)
    note_item = AgendaItem.objects.get(item_number="Ärende 11")
    return {
        "home": reverse("home"),
        "program": program.get_absolute_url(),
        "sample-program": sample_goal.area.program.get_absolute_url(),
        "goal": sample_goal.get_absolute_url(),
        "report": FollowUp.objects.get(program=program, year=2019).get_absolute_url(),
        "sample-report": FollowUp.objects.published()
        .filter(program=sample_goal.area.program)
        .first()
        .get_absolute_url(),
        "meetings": reverse("protocols:meetings"),
        "meeting": note_item.meeting.get_absolute_url(),
        "body": item.meeting.body.get_absolute_url(),
        "agenda-item": item.get_absolute_url(),
        "agenda-item-note": note_item.get_absolute_url(),
        "person": Person.objects.get(name="Pran Malhotra").get_absolute_url(),
        "party": Party.objects.get(abbreviation="S").get_absolute_url(),
        "search": reverse("search") + "?q=trygghet",
        "search-empty": reverse("search") + "?q=zzzz",
    }


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_every_page_type_has_no_axe_violations(live_server, page):
    call_command("load_demo", stdout=io.StringIO())
    call_command(
        "generate_sample_data",
        "--programs",
        "1",
        "--areas",
        "2",
        "--goals",
        "2",
        "--years",
        "3",
        stdout=io.StringIO(),
    )
    ARTIFACTS.mkdir(exist_ok=True)
    axe = Axe()
    failures = {}
    for name, path in page_paths().items():
        for suffix, viewport in (("", {"width": 1280, "height": 900}), ("-phone", PHONE)):
            page.set_viewport_size(viewport)
            response = page.goto(live_server.url + path)
            assert response.status == 200, path
            page.screenshot(path=ARTIFACTS / f"{name}{suffix}.png", full_page=True)
            results = axe.run(
                page,
                options={
                    "runOnly": {
                        "type": "tag",
                        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"],
                    }
                },
            )
            if results.violations_count:
                failures[f"{name}{suffix}"] = results.generate_report()
    assert not failures, "\n\n".join(f"{name}:\n{report}" for name, report in failures.items())


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_skip_link_is_first_and_moves_focus_to_main(live_server, page):
    call_command("load_demo", stdout=io.StringIO())
    page.goto(live_server.url + reverse("home"))
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    assert skip.evaluate("element => element === document.activeElement")
    assert skip.is_visible()
    page.keyboard.press("Enter")
    # Following the link updates the address a moment after the key press.
    page.wait_for_url("**#innehall")
    assert page.url.endswith("#innehall")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_keyboard_focus_is_visible(live_server, page):
    call_command("load_demo", stdout=io.StringIO())
    page.goto(live_server.url + reverse("home"))
    for _ in range(3):
        page.keyboard.press("Tab")
        outline = page.evaluate(
            "() => { const style = getComputedStyle(document.activeElement);"
            " return [style.outlineStyle, parseFloat(style.outlineWidth)]; }"
        )
        assert outline[0] == "solid", outline
        assert outline[1] >= 2, outline


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_search_works_from_the_header_without_javascript(live_server, browser):
    call_command("load_demo", stdout=io.StringIO())
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + reverse("home"))
    page.get_by_label("Sök", exact=True).fill("trygghetsfond")
    page.get_by_role("button", name="Sök").click()
    page.wait_for_url("**/sok/?q=trygghetsfond")
    assert page.get_by_role("heading", name="Protokollsanteckningar (1)").is_visible()
    context.close()
