"""The example program's pages in Chromium: the notice is seen first, and axe
finds nothing, at desktop and phone width."""

import io

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command
from django.urls import reverse

from huddinge_safety.goals.models import Goal
from huddinge_safety.programs.models import Program

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_example_pages_show_the_notice_first_and_have_no_axe_violations(
    live_server, page, settings
):
    settings.DEBUG = True
    call_command("load_example_program", stdout=io.StringIO())
    settings.DEBUG = False
    program = Program.objects.get(is_example=True)
    goal = Goal.objects.filter(area__program=program, indicators__isnull=False).first()
    paths = [
        program.get_absolute_url(),
        goal.get_absolute_url(),
        reverse("followups:report", args=[program.pk, 2021]),
    ]
    axe = Axe()
    failures = {}
    for path in paths:
        for viewport in (DESKTOP, PHONE):
            page.set_viewport_size(viewport)
            assert page.goto(live_server.url + path).status == 200
            notice = page.locator(".example-notice")
            assert notice.is_visible()
            assert notice.bounding_box()["y"] < viewport["height"], "seen without scrolling"
            assert "inte Huddinge kommuns uppgifter" in notice.inner_text()
            results = axe.run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
            if results.violations_count:
                failures[path, viewport["width"]] = [
                    v["id"] for v in results.response["violations"]
                ]
    assert failures == {}
