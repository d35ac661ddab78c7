"""Writing an assessment in Chromium: last year's text beside the goal, and the
button that starts from it without losing what the official typed."""

import pytest
from playwright.sync_api import expect

from huddinge_safety.followups.models import FollowUp, GoalAssessment

from ..factories import UnitFactory, UserFactory
from ..followups.test_admin import program_with_goals
from .test_followup_workflow import (  # noqa: F401 (groups is a fixture)
    assert_accessible,
    groups,
    log_in,
    screenshot_both_widths,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LAST_YEAR = "Trygghetsvandringar i Flemingsberg och Vårby.\nNattvandring med föreningar."


def test_an_official_starts_from_last_years_text(live_server, browser, groups):  # noqa: F811
    program = program_with_goals(goals_per_area=3)
    last_year = FollowUp.objects.create_for_year(program, program.start_year)
    this_year = FollowUp.objects.create_for_year(program, program.start_year + 1)
    official = UserFactory(groups=["Tjänsteperson"])
    unit = UnitFactory(name="Socialförvaltningen", officials=[official])
    program.areas.get(number=1).goals.update(responsible_unit=unit)
    GoalAssessment.objects.filter(follow_up=last_year, goal__area__number=1).update(
        status="partly_on_track", narrative=LAST_YEAR
    )

    page = log_in(browser, live_server, official)
    page.goto(f"{live_server.url}/admin/followups/followup/{this_year.pk}/change/")
    narrative = page.get_by_label("Genomfört arbete under året, mål 1.1")
    goal = page.locator("section.goal-assessment").first
    expect(goal.locator(".previous-narrative")).to_contain_text("Nattvandring med föreningar.")
    screenshot_both_widths(page, "writing", goal)
    assert_accessible(page)

    goal.get_by_role("button", name="Utgå från förra årets text").click()
    expect(narrative).to_have_value(LAST_YEAR)

    # Text already typed is replaced only when the official confirms.
    narrative.fill("Min egen text.")
    page.once("dialog", lambda dialog: dialog.dismiss())
    goal.get_by_role("button", name="Utgå från förra årets text").click()
    expect(narrative).to_have_value("Min egen text.")
    page.once("dialog", lambda dialog: dialog.accept())
    goal.get_by_role("button", name="Utgå från förra årets text").click()
    expect(narrative).to_have_value(LAST_YEAR)

    page.get_by_role("button", name="Spara och fortsätt redigera").click()
    expect(page.locator(".messagelist").first).to_contain_text("Ändrade uppföljning")
    assert this_year.goal_assessments.get(goal__area__number=1, goal__number=1).narrative == (
        LAST_YEAR.replace("\n", "\r\n")
    )
