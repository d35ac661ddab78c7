import io

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.urls import reverse

from huddinge_safety.followups.models import AssessmentStatus, FollowUp, GoalAssessment
from huddinge_safety.goals.models import Goal, IndicatorValue
from huddinge_safety.programs.models import Program
from tests.conftest import EXAMPLE_TITLE
from tests.pdf_reading import page_texts

NOTICE = "är påhittade för att visa vad webbplatsen kan"


def counts():
    return {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if model._meta.app_label in {"protocols", "programs", "goals", "followups"}
    }


def test_refused_without_debug(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="läses bara in när DEBUG är på"):
        call_command("load_example_program", stdout=io.StringIO())
    assert not Program.objects.filter(title=EXAMPLE_TITLE).exists()


def test_example_is_marked_and_fills_the_seed_programs_five_areas(example):
    seed_program = Program.objects.get(title="Program för trygghet och säkerhet 2018–2021")
    assert example.is_example
    assert not seed_program.is_example
    assert [area.title for area in example.areas.all()] == [
        area.title for area in seed_program.areas.all()
    ]
    goals = Goal.objects.filter(area__program=example)
    assert goals.count() == 10
    assert all(goal.text.endswith(".") and len(goal.text.split()) >= 5 for goal in goals)


def test_four_follow_ups_went_through_the_workflow_to_published(example):
    follow_ups = example.follow_ups.order_by("year")
    assert [f.year for f in follow_ups] == [2018, 2019, 2020, 2021]
    for follow_up in follow_ups:
        assert follow_up.status == FollowUp.Status.PUBLISHED
        assert follow_up.agenda_item.meeting.date.year == follow_up.year + 1
        # Frozen at approval, as the workflow's approve step does.
        version = follow_up.versions.get()
        assert version.number == 1
        assert len(version.content["areas"]) == 5
        statuses = [status for status, _ in follow_up.history.values_list("status", "id")]
        assert set(statuses) == set(FollowUp.Status.values)


def test_every_goal_has_a_status_and_a_narrative_in_prose_each_year(example):
    assessments = GoalAssessment.objects.filter(follow_up__program=example)
    assert assessments.count() == 40
    assert not assessments.filter(status=AssessmentStatus.NOT_ASSESSED).exists()
    for assessment in assessments:
        assert assessment.narrative[0].isupper()
        assert assessment.narrative.endswith(".")
        assert len(assessment.narrative.split()) >= 5
    # The statuses change over the years, so the matrix has something to show.
    assert assessments.values("status").distinct().count() >= 4


def test_indicators_have_baseline_target_and_three_geographies(example):
    indicators = list(example.indicators.prefetch_related("values", "goals"))
    assert len(indicators) == 4
    for indicator in indicators:
        assert indicator.baseline_value is not None
        assert indicator.target_year == 2021
        assert indicator.goals.exists()
    compared = [
        indicator
        for indicator in indicators
        if {value.geography for value in indicator.values.all()}
        == set(IndicatorValue.Geography.values)
    ]
    assert len(compared) == 3


def test_loading_again_changes_nothing(example):
    before = counts()
    call_command("load_example_program", stdout=io.StringIO())
    assert counts() == before


def example_urls(program):
    goals = Goal.objects.filter(area__program=program)
    urls = [program.get_absolute_url(), *(goal.get_absolute_url() for goal in goals)]
    for follow_up in program.follow_ups.all():
        urls.append(reverse("followups:report", args=[program.pk, follow_up.year]))
        urls.append(reverse("followups:report_version", args=[program.pk, follow_up.year, 1]))
    return urls


def test_every_page_of_the_example_answers_and_says_it_is_an_example(client, example):
    urls = example_urls(example)
    assert len(urls) == 1 + 10 + 8
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert 'class="example-notice"' in html, url
        assert NOTICE in html, url
        assert "inte Huddinge kommuns uppgifter" in html, url


def test_the_seed_programs_pages_are_not_marked(client, example):
    seed_program = Program.objects.get(title="Program för trygghet och säkerhet 2018–2021")
    for url in [
        seed_program.get_absolute_url(),
        reverse("followups:report", args=[seed_program.pk, 2019]),
    ]:
        assert NOTICE not in client.get(url).content.decode()


def test_example_pdf_says_it_is_an_example_and_every_page_names_the_example(client, example):
    response = client.get(reverse("followups:report_pdf", args=[example.pk, 2020]))
    assert response.status_code == 200
    pages = page_texts(
        b"".join(response.streaming_content) if response.streaming else response.content
    )
    assert len(pages) > 1
    assert NOTICE in pages[0]
    assert all(EXAMPLE_TITLE in page for page in pages)


def test_meetings_of_the_example_decided_its_follow_ups(client, example):
    for follow_up in example.follow_ups.select_related("agenda_item__meeting__body"):
        item = follow_up.agenda_item
        assert item.meeting.body.name == "Trygghetsberedningen (exempel)"
        assert client.get(item.get_absolute_url()).status_code == 200
        assert client.get(item.meeting.get_absolute_url()).status_code == 200
    assert example.follow_ups.filter(agenda_item__notes__isnull=False).count() == 2


@pytest.mark.parametrize(("name", "limit"), [("program", 13), ("goal", 9), ("report", 15)])
def test_example_pages_query_count(client, example, django_assert_max_num_queries, name, limit):
    goal = Goal.objects.filter(area__program=example).first()
    url = {
        "program": example.get_absolute_url(),
        "goal": goal.get_absolute_url(),
        "report": reverse("followups:report", args=[example.pk, 2021]),
    }[name]
    with django_assert_max_num_queries(limit):
        assert client.get(url).status_code == 200
