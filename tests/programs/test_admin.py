"""Setting up a program in admin: its areas, guidelines and goals."""

import pytest
from django.urls import reverse

from huddinge_safety.goals.models import Goal
from huddinge_safety.programs.models import Program

from ..factories import GoalFactory, ProgramFactory, ResponsibilityAreaFactory

pytestmark = pytest.mark.django_db


def management_form(prefix, total, initial=0):
    return {
        f"{prefix}-TOTAL_FORMS": total,
        f"{prefix}-INITIAL_FORMS": initial,
        f"{prefix}-MIN_NUM_FORMS": 0,
        f"{prefix}-MAX_NUM_FORMS": 1000,
    }


def test_official_adds_a_program_with_areas_and_guidelines(client, official):
    data = {
        "title": "Program för trygghet 2022–2025",
        "start_year": 2022,
        "end_year": 2025,
        "overall_goal": "En trygg kommun.",
        **management_form("areas", 2),
        "areas-0-number": 1,
        "areas-0-title": "Brottsförebyggande arbete",
        "areas-1-number": 2,
        "areas-1-title": "Krisberedskap",
        **management_form("guidelines", 1),
        "guidelines-0-title": "Klotter",
    }

    response = client.post(reverse("admin:programs_program_add"), data)

    assert response.status_code == 302
    program = Program.objects.get()
    assert [str(area) for area in program.areas.all()] == [
        "1) Brottsförebyggande arbete",
        "2) Krisberedskap",
    ]
    assert program.history.get().history_user == official


def test_reversed_period_is_a_clear_error(client, official):
    data = {
        "title": "Bakvänt",
        "start_year": 2025,
        "end_year": 2022,
        **management_form("areas", 0),
        **management_form("guidelines", 0),
    }
    response = client.post(reverse("admin:programs_program_add"), data)
    assert "Sista år kan inte ligga före första år." in response.text
    assert not Program.objects.exists()


def test_area_page_edits_its_goals(client, official):
    area = ResponsibilityAreaFactory()
    url = reverse("admin:programs_responsibilityarea_change", args=[area.pk])
    data = {
        "program": area.program.pk,
        "number": area.number,
        "title": area.title,
        **management_form("goals", 2),
        "goals-0-number": 1,
        "goals-0-text": "Fler trygghetsvandringar.",
        "goals-1-number": 2,
        "goals-1-text": "Snabbare klottersanering.",
    }

    response = client.post(url, data)

    assert response.status_code == 302
    assert [goal.code for goal in Goal.objects.all()] == [f"{area.number}.1", f"{area.number}.2"]
    program_page = client.get(reverse("admin:programs_program_change", args=[area.program.pk]))
    assert url in program_page.text


def test_officials_cannot_delete_programs(client, official):
    program = ProgramFactory()
    response = client.post(
        reverse("admin:programs_program_delete", args=[program.pk]), {"post": "yes"}
    )
    assert response.status_code == 403
    assert Program.objects.exists()


@pytest.mark.parametrize("goals", [5, 30])
def test_area_page_queries_do_not_grow_with_goals(
    client, official, django_assert_max_num_queries, goals
):
    area = ResponsibilityAreaFactory()
    for number in range(1, goals + 1):
        GoalFactory(area=area, number=number)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("admin:programs_responsibilityarea_change", args=[area.pk]))
    assert response.text.count('name="goals-') >= goals


@pytest.mark.parametrize("programs", [2, 10])
def test_program_and_goal_lists_run_a_fixed_number_of_queries(
    client, official, django_assert_max_num_queries, programs
):
    for _ in range(programs):
        GoalFactory.create_batch(3, area=ResponsibilityAreaFactory())
    for name in ["programs_program", "programs_responsibilityarea", "goals_goal"]:
        with django_assert_max_num_queries(12):
            response = client.get(reverse(f"admin:{name}_changelist"))
        assert response.status_code == 200
