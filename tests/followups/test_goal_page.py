"""The goal page: its assessments newest first, each with its change against the
year before and what changed in its text, and its indicators."""

import re

import pytest
from django.utils.html import strip_tags

from huddinge_safety.followups.models import AssessmentStatus, FollowUp, GoalAssessment
from huddinge_safety.followups.presenters import narrative_diff

from ..factories import GoalFactory, IndicatorFactory, IndicatorValueFactory

pytestmark = pytest.mark.django_db


def goal_with_years(assessments):
    """A goal with a published follow-up per year: ``assessments`` maps each year
    to the goal's (status, narrative)."""
    goal = GoalFactory(number=1)
    for year, (status, narrative) in assessments.items():
        follow_up = FollowUp.objects.create_for_year(goal.area.program, year)
        GoalAssessment.objects.filter(follow_up=follow_up, goal=goal).update(
            status=status, narrative=narrative
        )
        follow_up.record_steps_to(FollowUp.Status.PUBLISHED)
    return goal


YEARS = {
    2019: (AssessmentStatus.NOT_STARTED, "Arbetet har inte börjat."),
    2020: (
        AssessmentStatus.PARTLY_ON_TRACK,
        "Trygghetsvandringar har genomförts i Flemingsberg.\n\nBelysningen ska ses över.",
    ),
    2021: (
        AssessmentStatus.PARTLY_ON_TRACK,
        "Trygghetsvandringar har genomförts i Flemingsberg och Skogås.\n\n"
        "Belysningen har setts över.",
    ),
}


def articles(html):
    return re.findall(r'<article class="goal-assessment".*?</article>', html, re.S)


def test_years_are_listed_newest_first_with_the_change_against_the_year_before(client):
    goal = goal_with_years(YEARS)
    found = articles(client.get(goal.get_absolute_url()).content.decode())
    assert [re.search(r"Uppföljning (\d+)", article)[1] for article in found] == [
        "2021",
        "2020",
        "2019",
    ]
    statuses = [
        " ".join(strip_tags(re.search(r'<p class="goal-status">(.*?)</p>', a, re.S)[1]).split())
        for a in found
    ]
    assert statuses == [
        "Bedömning: ◐ Delvis i fas = Oförändrad sedan 2020",
        "Bedömning: ◐ Delvis i fas ▲ Bättre än 2019",
        "Bedömning: ○ Ej påbörjat",
    ]


def test_what_has_changed_shows_the_words_added_and_removed_since_the_year_before(client):
    goal = goal_with_years(YEARS)
    newest = articles(client.get(goal.get_absolute_url()).content.decode())[0]
    assert "<summary>Vad har ändrats sedan 2020</summary>" in newest
    diff = re.search(r'<p class="narrative-diff" lang="sv">(.*?)</p>', newest, re.S)[1]
    assert (
        '<ins><span class="visually-hidden">[tillagt: </span>Flemingsberg och Skogås.'
        '<span class="visually-hidden">]</span></ins>' in diff
    )
    assert (
        '<del><span class="visually-hidden">[borttaget: </span>Flemingsberg.'
        '<span class="visually-hidden">]</span></del>' in diff
    )
    # What a screen reader reads: the new text with each change announced.
    assert " ".join(strip_tags(diff).split()) == (
        "Trygghetsvandringar har genomförts i [borttaget: Flemingsberg.] "
        "[tillagt: Flemingsberg och Skogås.] Belysningen [borttaget: ska ses] "
        "[tillagt: har setts] över."
    )
    # The paragraphs are kept (shown with white-space: pre-line).
    assert re.search(r"Skogås\.<span[^>]*>\]</span></ins> \n\n Belysningen", diff)
    # The oldest year has nothing to compare with.
    oldest = articles(client.get(goal.get_absolute_url()).content.decode())[-1]
    assert "Vad har ändrats" not in oldest


def test_an_unchanged_text_is_said_to_be_unchanged(client):
    text = "Samma text som förra året."
    goal = goal_with_years(
        {2019: (AssessmentStatus.ON_TRACK, text), 2020: (AssessmentStatus.ON_TRACK, text)}
    )
    newest = articles(client.get(goal.get_absolute_url()).content.decode())[0]
    assert "Texten är oförändrad sedan 2019." in newest
    assert "<details" not in newest


def test_a_goal_never_followed_up_says_so(client):
    goal = GoalFactory()
    response = client.get(goal.get_absolute_url())
    assert response.status_code == 200
    assert "Målet har inte följts upp i någon publicerad uppföljning ännu." in (
        response.content.decode()
    )


def test_the_diff_escapes_what_officials_typed():
    diff = narrative_diff("Före <b>fet</b> text", "Före <script>x</script> text & mer")
    assert "<script>" not in diff
    assert "<b>" not in diff
    assert "&lt;script&gt;x&lt;/script&gt;" in diff
    assert "&amp; mer" in diff


def test_the_diff_is_none_when_only_the_spacing_differs():
    assert narrative_diff("Ett  två\ntre", "Ett två tre ") is None


def test_goal_page_runs_a_fixed_number_of_queries(client, django_assert_num_queries):
    goal = goal_with_years(YEARS)
    indicator = IndicatorFactory(program=goal.area.program, target_value=80, target_year=2021)
    indicator.goals.add(goal)
    IndicatorValueFactory(indicator=indicator, year=2019)
    # The content version, the goal with its area and program, its assessments with
    # their follow-ups, its indicators and their values.
    with django_assert_num_queries(5):
        client.get(goal.get_absolute_url())
    for _ in range(2):
        other = IndicatorFactory(program=goal.area.program)
        other.goals.add(goal)
        for year in (2018, 2019, 2020):
            IndicatorValueFactory(indicator=other, year=year)
    with django_assert_num_queries(5):
        response = client.get(goal.get_absolute_url())
    assert response.content.decode().count('<section class="indicator"') == 3
