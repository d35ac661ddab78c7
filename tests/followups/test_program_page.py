"""The program page: each goal listed once (in the status matrix once a follow-up
is published, in the list of areas before that), the overview of statuses per
year and area, the change against the year before, and the filters."""

import re

import pytest
from django.utils.html import strip_tags

from huddinge_safety.followups.models import AssessmentStatus, FollowUp, GoalAssessment

from ..factories import GoalFactory, ResponsibilityAreaFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def goals():
    area = ResponsibilityAreaFactory(number=1, sub_goal="Tryggare offentliga miljöer.")
    return [
        GoalFactory(area=area, number=number, text=f"Mål nummer {number} med hela sin text.")
        for number in (1, 2)
    ]


def test_each_goal_is_listed_once_in_the_matrix_with_its_whole_text(client, goals):
    follow_up = FollowUp.objects.create_for_year(goals[0].area.program, 2018)
    follow_up.record_steps_to(FollowUp.Status.PUBLISHED)
    html = client.get(goals[0].area.program.get_absolute_url()).content.decode()
    for goal in goals:
        assert html.count(f'href="{goal.get_absolute_url()}"') == 1
        assert html.count(goal.text) == 1
    assert "Tryggare offentliga miljöer." in html


def test_before_any_follow_up_the_areas_list_each_goal_once(client, goals):
    html = client.get(goals[0].area.program.get_absolute_url()).content.decode()
    assert "status-matrix" not in html
    for goal in goals:
        assert html.count(f'href="{goal.get_absolute_url()}"') == 1
        assert html.count(goal.text) == 1


S = AssessmentStatus


def program_with_years(statuses_by_year):
    """A program with goals 1.1, 1.2 and 2.1, and a published follow-up for each
    year with those goals' statuses (in that order)."""
    first = ResponsibilityAreaFactory(number=1, title="Trygghet")
    second = ResponsibilityAreaFactory(number=2, title="Krisberedskap", program=first.program)
    goals = [
        GoalFactory(area=first, number=1),
        GoalFactory(area=first, number=2),
        GoalFactory(area=second, number=1),
    ]
    for year, statuses in statuses_by_year.items():
        follow_up = FollowUp.objects.create_for_year(first.program, year)
        for goal, status in zip(goals, statuses, strict=True):
            GoalAssessment.objects.filter(follow_up=follow_up, goal=goal).update(status=status)
        follow_up.record_steps_to(FollowUp.Status.PUBLISHED)
    return first.program, goals


YEARS = {
    2019: [S.PARTLY_ON_TRACK, S.ON_TRACK, S.NOT_STARTED],
    2020: [S.ON_TRACK, S.PARTLY_ON_TRACK, S.NOT_STARTED],
    2021: [S.FULFILLED, S.PARTLY_ON_TRACK, S.NOT_ASSESSED],
}


def matrix_of(html):
    return html[html.index('class="data-table status-matrix"') : html.index("</table>")]


def rows_of(matrix):
    """Each goal's row: its code and its cells' text, newest year first."""
    rows = {}
    for row in re.findall(r'<tr>\s*<th scope="row" class="pinned">(.*?)</tr>', matrix, re.S):
        code = re.search(r"Mål (\d\.\d)", row)[1]
        rows[code] = [
            " ".join(strip_tags(cell).split()) for cell in re.findall(r"<td>(.*?)</td>", row)
        ]
    return rows


def test_matrix_shows_the_newest_year_first_and_each_change_against_the_year_before(client, db):
    program, _goals = program_with_years(YEARS)
    matrix = matrix_of(client.get(program.get_absolute_url()).content.decode())
    assert re.findall(r'<th scope="col"><a href="[^"]+">(\d+)</a></th>', matrix) == [
        "2021",
        "2020",
        "2019",
    ]
    assert rows_of(matrix) == {
        "1.1": ["✓ Uppfyllt ▲ Bättre än 2020", "● I fas ▲ Bättre än 2019", "◐ Delvis i fas"],
        "1.2": [
            "◐ Delvis i fas = Oförändrad sedan 2020",
            "◐ Delvis i fas ▼ Sämre än 2019",
            "● I fas",
        ],
        # "Not assessed" says nothing about progress: no change is told.
        "2.1": ["– Ej bedömt", "○ Ej påbörjat = Oförändrad sedan 2019", "○ Ej påbörjat"],
    }
    # The symbol is decoration; the text says the change.
    assert (
        '<span class="change change-worse"><span class="change-symbol" aria-hidden="true">▼'
        "</span> Sämre än 2019</span>" in matrix
    )


def test_overview_counts_the_goals_per_status_per_year_and_area(client, db):
    program, _goals = program_with_years(YEARS)
    html = client.get(program.get_absolute_url()).content.decode()
    overview = html[html.index('id="oversikt"') : html.index('id="status-per-ar"')]
    years = re.findall(r"<details[^>]*>\s*<summary>(.*?)</summary>", overview, re.S)
    assert years == [
        "2021: 1 av 3 mål uppfyllda eller i fas",
        "2020: 1 av 3 mål uppfyllda eller i fas",
        "2019: 1 av 3 mål uppfyllda eller i fas",
    ]
    assert '<details class="year-overview" open>' in overview  # the newest year
    newest = overview[: overview.index("2020: 1 av 3")]
    counts = [
        " ".join(strip_tags(item).split())
        for item in re.findall(r'<ul class="status-count-list">(.*?)</ul>', newest, re.S)
    ]
    assert counts == [
        "✓ Uppfyllt: 1 ◐ Delvis i fas: 1 – Ej bedömt: 1",  # every area
        "✓ Uppfyllt: 1 ◐ Delvis i fas: 1",  # 1) Trygghet
        "– Ej bedömt: 1",  # 2) Krisberedskap
    ]
    # The stacked bar of every area: one part per status, as wide as its share.
    bars = re.findall(r'<svg class="status-bar"[^>]*>(.*?)</svg>', newest, re.S)
    assert re.findall(r'x="([\d.]+)" width="([\d.]+)"', bars[0]) == [
        ("0.00", "33.33"),
        ("33.33", "33.33"),
        ("66.67", "33.33"),
    ]
    assert all('aria-hidden="true"' in bar for bar in re.findall(r"<svg[^>]*>", newest))
    # An area links to its goals in the matrix.
    area = program.areas.get(number=2)
    assert f'href="?area={area.pk}#status-per-ar"' in newest


def test_filters_by_area_and_status_are_a_plain_get_form(client, db):
    program, _goals = program_with_years(YEARS)
    html = client.get(program.get_absolute_url()).content.decode()
    form = html[html.index('<form class="filter-form"') :]
    form = form[: form.index("</form>")]
    assert 'method="get"' in form
    assert '<label for="id_area">Ansvarsområde</label>' in form
    assert '<label for="id_status">Status i senaste uppföljningen</label>' in form
    assert '<button type="submit">Visa</button>' in form
    assert "Visar 3 av 3 mål." in html


@pytest.mark.parametrize(
    ("query", "codes", "summary"),
    [
        ({"area": "second"}, ["2.1"], "Visar 1 av 3 mål."),
        ({"status": "partly_on_track"}, ["1.2"], "Visar 1 av 3 mål."),
        ({"status": "fulfilled", "area": "first"}, ["1.1"], "Visar 1 av 3 mål."),
        ({"status": "fulfilled", "area": "second"}, [], "Visar 0 av 3 mål."),
        ({"area": "", "status": ""}, ["1.1", "1.2", "2.1"], "Visar 3 av 3 mål."),
    ],
)
def test_filters_show_the_chosen_goals(client, db, query, codes, summary):
    program, _goals = program_with_years(YEARS)
    areas = {"first": program.areas.get(number=1).pk, "second": program.areas.get(number=2).pk}
    if query.get("area"):
        query = {**query, "area": areas[query["area"]]}
    html = client.get(program.get_absolute_url(), query).content.decode()
    assert list(rows_of(matrix_of(html))) == codes
    assert summary in html
    if any(query.values()):
        assert "Visa alla mål" in html
    # The overview still counts every goal.
    assert "2021: 1 av 3 mål uppfyllda eller i fas" in html


@pytest.mark.parametrize("query", [{"area": "abc"}, {"area": "999999"}, {"status": "bad"}])
def test_a_bad_filter_is_explained_and_every_goal_shown(client, db, query):
    program, _goals = program_with_years(YEARS)
    response = client.get(program.get_absolute_url(), query)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Filtret kunde inte användas: alla mål visas." in html
    assert "Välj ett giltigt alternativ" in html
    assert list(rows_of(matrix_of(html))) == ["1.1", "1.2", "2.1"]


@pytest.mark.parametrize("query", [{}, {"status": "fulfilled"}])
def test_program_page_runs_a_fixed_number_of_queries(client, db, django_assert_num_queries, query):
    program, _goals = program_with_years(YEARS)
    # The content version of the page cache, the program, its areas, goals and
    # guidelines, its published follow-ups and their statuses (one query).
    with django_assert_num_queries(7):
        client.get(program.get_absolute_url(), query)
    area = program.areas.get(number=2)
    for number in range(2, 30):
        GoalFactory(area=area, number=number)
    FollowUp.objects.create_for_year(program, 2018).record_steps_to(FollowUp.Status.PUBLISHED)
    with django_assert_num_queries(7):
        response = client.get(program.get_absolute_url(), query)
    assert response.content.decode().count('class="pinned"><a href=') == (31 if not query else 1)
