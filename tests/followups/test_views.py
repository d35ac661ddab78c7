import io
import re

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import strip_tags

from huddinge_safety.followups.models import AssessmentStatus, FollowUp, GoalAssessment
from huddinge_safety.goals.models import IndicatorValue
from huddinge_safety.programs.models import Program
from tests.factories import (
    FollowUpFactory,
    GoalFactory,
    IndicatorFactory,
    IndicatorValueFactory,
    ResponsibilityAreaFactory,
)

PROGRAM_TITLE = "Program för trygghet och säkerhet 2018–2021"


def report_url(follow_up):
    return reverse("followups:report", args=[follow_up.program_id, follow_up.year])


@pytest.fixture
def program(demo):
    return Program.objects.get(title=PROGRAM_TITLE)


def publish(follow_up):
    """Mark a filled-in follow-up published, as records loaded without the
    workflow are; once it is, the database refuses any edit of it."""
    follow_up.record_steps_to(FollowUp.Status.PUBLISHED)


def text_of(response):
    return response.content.decode()


def test_report_shows_summary_assessment_areas_guidelines_and_decision(client, program):
    response = client.get(reverse("followups:report", args=[program.pk, 2019]))
    assert response.status_code == 200
    html = text_of(response)
    assert "Uppföljning av Program för trygghet och säkerhet 2018–2021 avseende 2019" in html
    assert "genomfört under 2019" in html
    assert "Den samlade bedömningen är att arbetet utifrån programmet ligger i fas" in html
    assert '<span class="status-symbol" aria-hidden="true">●</span> I fas' in html
    for area in (
        "1) Trygghetsskapande och brottsförebyggande arbete",
        "2) Skydd mot olyckor",
        "3) Krisberedskap",
        "4) Civilt försvar",
        "5) Internt skydds- och säkerhetsarbete",
    ):
        assert area in html
    assert "Klotterrelaterad skadegörelse" in html
    assert "Förebygga och förhindra våldsbejakande extremism" in html
    # The deciding agenda item: body, unknown meeting date, decision and its notes.
    assert "Trygghets- och delaktighetsberedningen" in html
    assert "Datum okänt" in html
    assert (
        "enligt bilaga 1 till kommunstyrelsens tjänsteutlåtande daterat den 6 februari "
        "2020, godkänns." in html
    )
    assert "Protokollsanteckning, bilaga 8.1" in html
    assert "Protokollsanteckning, bilaga 8.2" in html
    assert "Frida Andersson</a> (MP)" in html
    assert "Nujin Alacabek</a> (V)" in html


def test_report_links_to_its_pdf(client, program):
    html = text_of(client.get(reverse("followups:report", args=[program.pk, 2019])))
    assert f'href="{reverse("followups:report_pdf", args=[program.pk, 2019])}"' in html


def test_report_lists_each_goal_with_status_and_narrative_and_indicator_table(client, db):
    area = ResponsibilityAreaFactory(number=1, title="Trygghetsskapande arbete")
    goal = GoalFactory(area=area, number=2, text="Fler ska känna sig trygga i centrum.")
    indicator = IndicatorFactory(program=area.program, name="Andel som känner sig trygga")
    IndicatorValueFactory(indicator=indicator, year=2019, value="61.5")
    IndicatorValueFactory(
        indicator=indicator, year=2019, geography=IndicatorValue.Geography.SWEDEN, value=72
    )
    follow_up = FollowUp.objects.create_for_year(area.program, 2019)
    GoalAssessment.objects.filter(goal=goal).update(
        status=AssessmentStatus.PARTLY_ON_TRACK, narrative="Trygghetsvandringar genomfördes."
    )
    publish(follow_up)
    html = text_of(client.get(report_url(follow_up)))
    assert "Mål 1.2" in html
    assert "Fler ska känna sig trygga i centrum." in html
    assert "◐</span> Delvis i fas" in html
    assert "Trygghetsvandringar genomfördes." in html
    assert '>Huddinge</th><th scope="col" class="number">Riket</th>' in html
    assert '<td class="number">61,5</td><td class="number">72</td>' in html
    assert 'role="img"' in html


@pytest.mark.parametrize(
    "status", [FollowUp.Status.DRAFT, FollowUp.Status.SUBMITTED, FollowUp.Status.APPROVED]
)
def test_unpublished_report_is_not_found(client, db, status):
    follow_up = FollowUpFactory(status=status)
    assert client.get(report_url(follow_up)).status_code == 404


def test_report_of_an_out_of_range_program_id_is_not_found(client, db):
    assert client.get(reverse("followups:report", args=[2**63, 2019])).status_code == 404


def test_demo_2021_follow_up_is_submitted_so_its_report_is_hidden(client, program):
    assert client.get(reverse("followups:report", args=[program.pk, 2021])).status_code == 404


def test_program_page_shows_goal_period_areas_and_overall_assessment_per_year(client, program):
    html = text_of(client.get(program.get_absolute_url()))
    assert "Huddinge ska vara en trygg och säker kommun för alla som bor" in html
    assert "2018–2021" in html
    assert "5) Internt skydds- och säkerhetsarbete" in html
    # Only the published 2019 follow-up is a column; its overall assessment is I fas.
    assert f'<a href="{reverse("followups:report", args=[program.pk, 2019])}">2019</a>' in html
    assert reverse("followups:report", args=[program.pk, 2021]) not in html
    matrix = html[html.index('class="data-table status-matrix"') : html.index("</table>")]
    assert "Samlad bedömning" in matrix
    assert "●</span> I fas" in matrix


def test_status_matrix_has_a_cell_per_goal_and_published_year(client, db):
    area = ResponsibilityAreaFactory(number=1)
    goals = [GoalFactory(area=area, number=n) for n in (1, 2)]
    for year, status in ((2018, AssessmentStatus.NOT_STARTED), (2019, AssessmentStatus.FULFILLED)):
        follow_up = FollowUp.objects.create_for_year(area.program, year)
        GoalAssessment.objects.filter(follow_up=follow_up, goal=goals[1]).update(status=status)
        publish(follow_up)
    draft = FollowUp.objects.create_for_year(area.program, 2020)
    GoalAssessment.objects.filter(follow_up=draft).update(
        status=AssessmentStatus.NOT_ON_TRACK, narrative="Hemligt utkast."
    )
    html = text_of(client.get(area.program.get_absolute_url()))
    matrix = html[html.index('class="data-table status-matrix"') : html.index("</table>")]
    assert matrix.count('<th scope="row" class="pinned"><a href=') == 2
    assert "○</span> Ej påbörjat" in matrix
    assert "✓</span> Uppfyllt" in matrix
    assert "✗</span> Ej i fas" not in html
    assert ">2020<" not in matrix


def test_status_matrix_says_when_a_goal_has_no_assessment_in_a_year(client, db):
    area = ResponsibilityAreaFactory(number=1)
    GoalFactory(area=area, number=1)
    publish(FollowUp.objects.create_for_year(area.program, 2018))
    GoalFactory(area=area, number=2)  # added after the 2018 follow-up was made
    html = text_of(client.get(area.program.get_absolute_url()))
    matrix = html[html.index('class="data-table status-matrix"') : html.index("</table>")]
    rows = matrix.split('<th scope="row" class="pinned">')[2:]
    assert '<td><span class="status status-not_assessed">' in rows[0]
    assert "–</span> Ej bedömt</span></td>" in rows[0]
    assert '<td><span class="muted">Ingen bedömning</span></td>' in rows[1]


def test_goal_page_shows_published_years_and_indicator_chart_never_drafts(client, db):
    area = ResponsibilityAreaFactory(number=3, title="Krisberedskap")
    goal = GoalFactory(area=area, number=1, text="Kommunen ska ha en uppdaterad krisplan.")
    indicator = IndicatorFactory(program=area.program, name="Andel övade chefer")
    indicator.goals.add(goal)
    for year, value in ((2018, 40), (2019, 55)):
        for geography in IndicatorValue.Geography.values:
            IndicatorValueFactory(indicator=indicator, year=year, geography=geography, value=value)
    published = FollowUp.objects.create_for_year(area.program, 2018)
    published.goal_assessments.update(
        status=AssessmentStatus.ON_TRACK, narrative="Krisplan antagen."
    )
    publish(published)
    draft = FollowUp.objects.create_for_year(area.program, 2019)
    draft.goal_assessments.update(status=AssessmentStatus.NOT_ON_TRACK, narrative="Utkasttext.")

    html = text_of(client.get(goal.get_absolute_url()))
    assert "Kommunen ska ha en uppdaterad krisplan." in html
    assert "Uppföljning 2018" in html
    assert "Krisplan antagen." in html
    assert "Uppföljning 2019" not in html
    assert "Utkasttext." not in html
    assert "Ej i fas" not in html
    assert "Andel övade chefer" in html
    assert html.count("<polyline") == 3
    assert "Huddinge: 2018 40 %, 2019 55 %" in html
    assert '<th scope="row">2019</th><td class="number">55</td>' in html


@pytest.mark.parametrize("name", ["program", "goal", "report"])
def test_pages_accept_only_get_and_head(client, db, name):
    goal = GoalFactory()
    follow_up = FollowUp.objects.create_for_year(goal.area.program, 2019)
    publish(follow_up)
    url = {
        "program": goal.area.program.get_absolute_url(),
        "goal": goal.get_absolute_url(),
        "report": report_url(follow_up),
    }[name]
    assert client.head(url).status_code == 200
    assert client.post(url).status_code == 405
    assert client.put(url).status_code == 405


def newest_sample_urls():
    """Page URLs of the newest synthetic program, whose follow-ups have decisions."""
    program = Program.objects.filter(title__startswith="Syntetiskt").order_by("-pk").first()
    follow_up = program.follow_ups.published().order_by("year").first()
    goal = follow_up.goal_assessments.order_by("-pk").first().goal
    return {
        "program": program.get_absolute_url(),
        "goal": goal.get_absolute_url(),
        "report": report_url(follow_up),
    }


# The report: one more query than before to look for its frozen versions.
@pytest.mark.parametrize(("name", "limit"), [("program", 9), ("goal", 9), ("report", 15)])
def test_query_count_is_fixed_whatever_the_data_size(
    client, demo, django_assert_max_num_queries, name, limit
):
    call_command(
        "generate_sample_data",
        "--programs",
        "1",
        "--areas",
        "1",
        "--goals",
        "1",
        "--years",
        "2",
        stdout=io.StringIO(),
    )
    url = newest_sample_urls()[name]
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    assert len(small) <= limit

    call_command("generate_sample_data", "--programs", "3", stdout=io.StringIO())
    url = newest_sample_urls()[name]
    with django_assert_max_num_queries(len(small)):
        response = client.get(url)
    assert response.status_code == 200
    assert response.content.count(b'<article class="goal-assessment">') >= (
        30 if name == "report" else 0
    )


@pytest.mark.parametrize(("name", "limit"), [("program", 13), ("report", 15)])
def test_demo_pages_query_count(client, program, django_assert_max_num_queries, name, limit):
    url = (
        program.get_absolute_url()
        if name == "program"
        else reverse("followups:report", args=[program.pk, 2019])
    )
    with django_assert_max_num_queries(limit):
        assert client.get(url).status_code == 200


def test_report_starts_with_a_status_summary_and_a_table_of_contents(client, db):
    area = ResponsibilityAreaFactory(number=1, title="Trygghetsskapande arbete")
    other = ResponsibilityAreaFactory(number=2, title="Krisberedskap", program=area.program)
    goals = [GoalFactory(area=area, number=n) for n in (1, 2)] + [GoalFactory(area=other)]
    follow_up = FollowUp.objects.create_for_year(area.program, 2019)
    for goal, status in zip(
        goals,
        [AssessmentStatus.ON_TRACK, AssessmentStatus.PARTLY_ON_TRACK, AssessmentStatus.FULFILLED],
        strict=True,
    ):
        GoalAssessment.objects.filter(follow_up=follow_up, goal=goal).update(status=status)
    publish(follow_up)
    html = text_of(client.get(report_url(follow_up)))
    top = html[: html.index('id="sammanfattning"')]
    summary = top[top.index('id="oversikt"') : top.index('<nav class="toc"')]
    assert "2 av 3 mål uppfyllda eller i fas." in summary
    assert [
        " ".join(strip_tags(item).split())
        for item in re.findall(r'<ul class="status-count-list">(.*?)</ul>', summary, re.S)
    ] == [
        "✓ Uppfyllt: 1 ● I fas: 1 ◐ Delvis i fas: 1",  # every area
        "● I fas: 1 ◐ Delvis i fas: 1",
        "✓ Uppfyllt: 1",
    ]
    toc = top[top.index('<nav class="toc"') :]
    targets = re.findall(r'<a href="#([^"]+)"[^>]*>([^<]+)</a>', toc)
    assert [title for _target, title in targets] == [
        "Sammanfattning",
        "Samlad bedömning",
        "Ansvarsområden och mål",
        "1) Trygghetsskapande arbete",
        "2) Krisberedskap",
        "Uppföljning av riktlinjer",
        "Beslut om uppföljningen",
    ]
    # Every link of the contents and of the summary leads to a heading of the page.
    for target, _title in targets + re.findall(r'<a href="#(omrade-\d+)"()', summary):
        assert re.search(rf'<h[23] id="{target}"[ >]', html), target


def test_report_runs_a_fixed_number_of_queries(client, demo, django_assert_num_queries):
    call_command(
        "generate_sample_data",
        "--programs",
        "1",
        "--areas",
        "1",
        "--goals",
        "1",
        "--years",
        "2",
        stdout=io.StringIO(),
    )
    # The same queries however many goals the frozen report shows (and no listing
    # of files: the follow-up has none).
    with django_assert_num_queries(7):
        client.get(newest_sample_urls()["report"])
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
    with django_assert_num_queries(7):
        response = client.get(newest_sample_urls()["report"])
    assert response.content.decode().count('<article class="goal-assessment">') == 40
