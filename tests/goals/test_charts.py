import re
from decimal import Decimal

from huddinge_safety.goals.charts import IndicatorChart
from huddinge_safety.goals.models import IndicatorValue

Geography = IndicatorValue.Geography


def chart_of(*values):
    return IndicatorChart(
        [IndicatorValue(year=year, geography=geography, value=Decimal(value))
         for year, geography, value in values],
        Geography.choices, "%",
    )


def series_drawings(chart):
    return re.findall(r'<g class="chart-series" stroke="(#\w+)".*?</g>', chart.drawing())


def test_each_geography_has_its_own_colour_and_marker_at_every_value():
    chart = chart_of(
        (2018, Geography.HUDDINGE, "40"), (2019, Geography.HUDDINGE, "55"),
        (2018, Geography.STOCKHOLM_COUNTY, "45"), (2019, Geography.STOCKHOLM_COUNTY, "50"),
        (2019, Geography.SWEDEN, "48"),
    )
    drawing = chart.drawing()
    assert series_drawings(chart) == ["#0b5a7a", "#b3410e", "#4a4a4a"]
    assert drawing.count("<circle") == 2
    assert drawing.count("<rect") == 2
    assert drawing.count("<path") == 1
    assert drawing.count('stroke-dasharray="8 4"') == 1
    # The legend shows the same marker, in the middle of its 36 × 12 key.
    assert [series.key_marker for series in chart.series][0] == '<circle cx="18" cy="6" r="5"/>'


def test_lowest_and_highest_values_lie_on_the_value_axis_ends():
    chart = chart_of((2018, Geography.HUDDINGE, "40"), (2020, Geography.HUDDINGE, "55"))
    drawing = chart.drawing()
    markers = re.findall(r'<circle cx="([\d.]+)" cy="([\d.]+)"', drawing)
    assert markers == [(f"{chart.left:.1f}", f"{chart.bottom:.1f}"),
                       (f"{chart.right:.1f}", f"{chart.top:.1f}")]
    polyline = re.search(r'<polyline points="([^"]+)" fill="none"', drawing)[1]
    assert polyline == " ".join(",".join(marker) for marker in markers)
    assert re.findall(r'text-anchor="middle">(\d+)</text>', drawing) == ["2018", "2020"]


def test_value_axis_labels_are_in_swedish_notation(settings):
    settings.LANGUAGE_CODE = "sv"
    chart = chart_of((2018, Geography.HUDDINGE, "0.5"), (2019, Geography.HUDDINGE, "1.5"))
    labels = re.findall(r'dominant-baseline="middle">([^<]+)</text>', chart.drawing())
    assert labels[0] == "0,4" and labels[-1] == "1,6"
    assert chart.rows == [("2018", ["0,5"]), ("2019", ["1,5"])]
