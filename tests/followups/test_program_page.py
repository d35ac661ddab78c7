"""The program page lists each goal once: in the status matrix once a follow-up
is published, in the list of areas before that."""

import pytest

from huddinge_safety.followups.models import FollowUp

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
