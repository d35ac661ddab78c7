import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from huddinge_safety.goals.models import IndicatorValue

from ..factories import GoalFactory, IndicatorFactory, IndicatorValueFactory

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
        IndicatorValueFactory(indicator=value.indicator, year=value.year, geography=value.geography)
    IndicatorValueFactory(indicator=value.indicator, year=value.year, geography="riket")


def test_indicator_value_years_reach_ten_years_before_the_period_and_not_beyond_it():
    indicator = IndicatorFactory(program__start_year=2018, program__end_year=2021)
    for year in (2008, 2021):
        IndicatorValue(indicator=indicator, year=year, geography="huddinge", value=1).full_clean()
    for year in (2007, 2022):
        value = IndicatorValue(indicator=indicator, year=year, geography="huddinge", value=1)
        with pytest.raises(
            ValidationError,
            match=(f"Året {year} ligger utanför de år indikatorn kan ha värden för: 2008–2021"),
        ):
            value.full_clean()


def test_database_refuses_an_indicator_value_year_out_of_all_reason():
    with pytest.raises(IntegrityError), transaction.atomic():
        IndicatorValueFactory(year=3000)


@pytest.mark.parametrize("half", [{"baseline_value": 40}, {"target_year": 2021}])
def test_database_refuses_a_baseline_or_target_without_both_value_and_year(half):
    with pytest.raises(IntegrityError), transaction.atomic():
        IndicatorFactory(**half)


def test_form_names_the_missing_half_of_a_target_in_swedish():
    indicator = IndicatorFactory.build(target_value=50, target_year=None)
    with pytest.raises(ValidationError) as error:
        indicator.validate_constraints()
    assert error.value.messages == ["Ett mål behöver både ett värde och ett år."]
