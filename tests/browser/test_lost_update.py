"""No lost update and no lost input, in Chromium: two officials in two browsers
save the same follow-up; the second is told who changed it and keeps her text.
Leaving a form with unsaved edits asks first."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from huddinge_safety.followups.models import FollowUp

from ..factories import UserFactory
from ..followups.test_admin import program_with_goals
from .test_followup_workflow import groups, log_in  # noqa: F401 (groups is a fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def follow_up(groups):  # noqa: F811
    return FollowUp.objects.create_for_year(program_with_goals(), 2020)


def official(first_name):
    # Coordinators: both may change every assessment of the follow-up.
    return UserFactory(groups=["Samordnare"], first_name=first_name, last_name="Andersson")


def test_the_second_of_two_officials_sees_the_first_ones_change(live_server, browser, follow_up):
    url = live_server.url + reverse("admin:followups_followup_change", args=[follow_up.pk])
    anna = log_in(browser, live_server, official("Anna"))
    berit = log_in(browser, live_server, official("Berit"))
    anna.goto(url)
    berit.goto(url)

    anna.get_by_label("Sammanfattning").fill("Annas sammanfattning.")
    anna.get_by_role("button", name="Spara och fortsätt redigera").click()
    expect(anna.locator(".messagelist").first).to_contain_text("Ändrade uppföljning")
    berit.get_by_label("Sammanfattning").fill("Berits sammanfattning.")
    berit.get_by_label("Genomfört arbete under året, mål 1.1").fill("Berits mål.")
    berit.get_by_role("button", name="Spara och fortsätt redigera").click()

    expect(berit.locator(".errornote, .errorlist").first).to_be_visible()
    expect(berit.locator(".errorlist.nonfield")).to_contain_text(
        "Någon annan har sparat efter att du öppnade sidan: Anna Andersson ändrade uppföljning"
    )
    expect(berit.get_by_label("Sammanfattning")).to_have_value("Berits sammanfattning.")
    expect(berit.get_by_label("Genomfört arbete under året, mål 1.1")).to_have_value("Berits mål.")
    assert FollowUp.objects.get().summary == "Annas sammanfattning."


def test_leaving_a_form_with_unsaved_edits_asks_first(live_server, browser, follow_up):
    page = log_in(browser, live_server, official("Anna"))
    page.goto(live_server.url + reverse("admin:followups_followup_change", args=[follow_up.pk]))
    page.get_by_label("Sammanfattning").click()
    page.keyboard.type("Inte sparad.")

    with page.expect_event("dialog") as dialog:
        page.close(run_before_unload=True)
    assert dialog.value.type == "beforeunload"
    dialog.value.dismiss()  # stay on the page
    expect(page.get_by_label("Sammanfattning")).to_have_value("Inte sparad.")
