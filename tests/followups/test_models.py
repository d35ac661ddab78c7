import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from huddinge_safety.followups.models import AssessmentStatus, FollowUp

from ..factories import FollowUpFactory, GoalFactory, GuidelineFactory, ResponsibilityAreaFactory

pytestmark = pytest.mark.django_db


def test_create_for_year_prefills_one_assessment_per_goal_and_guideline():
    area = ResponsibilityAreaFactory()
    goals = GoalFactory.create_batch(3, area=area)
    GuidelineFactory.create_batch(2, program=area.program)

    follow_up = FollowUp.objects.create_for_year(area.program, 2019)

    assert [a.goal for a in follow_up.goal_assessments.all()] == goals
    assert {a.status for a in follow_up.goal_assessments.all()} == {AssessmentStatus.NOT_ASSESSED}
    assert follow_up.guideline_assessments.count() == 2
    assert follow_up.goal_assessments.first().history.count() == 1


def test_year_outside_program_period_is_rejected_and_nothing_saved():
    area = ResponsibilityAreaFactory()
    GoalFactory(area=area)
    with pytest.raises(ValidationError) as error:
        FollowUp.objects.create_for_year(area.program, 2022)
    assert "utanför programperioden 2018–2021" in str(error.value)
    assert not FollowUp.objects.exists()


def test_second_follow_up_for_the_same_year_is_rejected():
    follow_up = FollowUpFactory()
    with pytest.raises(ValidationError) as error:
        FollowUp.objects.create_for_year(follow_up.program, follow_up.year)
    assert "redan en uppföljning för detta år" in str(error.value)
    with pytest.raises(IntegrityError), transaction.atomic():
        FollowUp.objects.create(program=follow_up.program, year=follow_up.year)


def test_every_status_has_a_symbol_and_a_swedish_label():
    labels = {status.label for status in AssessmentStatus}
    assert {"Uppfyllt", "I fas", "Delvis i fas", "Ej i fas", "Ej påbörjat", "Ej bedömt"} == labels
    symbols = [status.symbol for status in AssessmentStatus]
    assert len(set(symbols)) == len(symbols)


def test_str_names_program_and_year():
    follow_up = FollowUpFactory(program__title="Programmet", year=2020)
    assert str(follow_up) == "Uppföljning av Programmet avseende 2020"
