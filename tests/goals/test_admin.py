"""Entering an indicator's values in admin."""

from decimal import Decimal

import pytest
from django.urls import reverse

from huddinge_safety.goals.models import Indicator

from ..factories import IndicatorFactory, ProgramFactory

pytestmark = pytest.mark.django_db


def indicator_data(program, *values):
    data = {
        "program": program.pk,
        "name": "Andel som känner sig trygga",
        "unit": "%",
        "direction": "higher",
        "values-TOTAL_FORMS": len(values),
        "values-INITIAL_FORMS": 0,
        "values-MIN_NUM_FORMS": 0,
        "values-MAX_NUM_FORMS": 1000,
    }
    for number, (year, geography, value) in enumerate(values):
        data.update(
            {
                f"values-{number}-year": year,
                f"values-{number}-geography": geography,
                f"values-{number}-value": value,
            }
        )
    return data


def test_values_are_typed_and_shown_with_a_decimal_comma(client, official):
    data = indicator_data(ProgramFactory(), (2019, "huddinge", "1,5"))

    response = client.post(reverse("admin:goals_indicator_add"), data)

    assert response.status_code == 302
    indicator = Indicator.objects.get()
    assert indicator.values.get().value == Decimal("1.5")
    page = client.get(reverse("admin:goals_indicator_change", args=[indicator.pk])).text
    assert 'name="values-0-value" value="1,5"' in page


def test_a_duplicate_value_is_a_swedish_error_with_swedish_field_names(client, official):
    data = indicator_data(ProgramFactory(), (2019, "huddinge", "1"), (2019, "huddinge", "2"))

    response = client.post(reverse("admin:goals_indicator_add"), data)

    assert response.status_code == 200
    assert "Korrigera duplikatdata för år och geografi, som måste vara unik." in response.text
    assert not Indicator.objects.exists()


def test_a_value_year_far_outside_the_program_is_a_clear_error(client, official):
    indicator = IndicatorFactory(program__start_year=2018, program__end_year=2021)
    data = indicator_data(indicator.program, (1950, "huddinge", "1"))
    data["name"] = indicator.name

    response = client.post(reverse("admin:goals_indicator_change", args=[indicator.pk]), data)

    assert response.status_code == 200
    assert "Året 1950 ligger utanför de år indikatorn kan ha värden för: 2008–2021" in response.text
    assert not indicator.values.exists()
