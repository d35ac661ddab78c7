import pytest
from django.db import IntegrityError, transaction

from ..factories import GoalFactory, IndicatorValueFactory

pytestmark = pytest.mark.django_db


def test_goal_numbers_are_unique_within_an_area():
    goal = GoalFactory(number=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        GoalFactory(area=goal.area, number=1)


def test_goal_code_combines_area_and_goal_number():
    goal = GoalFactory(area__number=2, number=3, text="Färre bränder")
    assert goal.code == "2.3"
    assert str(goal) == "Mål 2.3: Färre bränder"


def test_one_value_per_indicator_year_and_geography():
    value = IndicatorValueFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        IndicatorValueFactory(indicator=value.indicator, year=value.year,
                              geography=value.geography)
    IndicatorValueFactory(indicator=value.indicator, year=value.year, geography="riket")
