import itertools
import re
import xml.etree.ElementTree as ET

import pytest
from django.template.loader import render_to_string

from huddinge_safety.goals.charts import IndicatorChart
from huddinge_safety.goals.models import IndicatorValue

from ..factories import IndicatorFactory, IndicatorValueFactory

pytestmark = pytest.mark.django_db

Geography = IndicatorValue.Geography
SVG = "{http://www.w3.org/2000/svg}"


def rendered_chart(*values, name="Andel som känner sig trygga"):
    """The chart include, rendered for an indicator with ``values``
    (year, geography, value)."""
    indicator = IndicatorFactory(name=name, unit="%")
    for year, geography, value in values:
        IndicatorValueFactory(indicator=indicator, year=year, geography=geography, value=value)
    return render_to_string("goals/_indicator_chart.html", {"chart": IndicatorChart(indicator)})


def figure(html):
    """The chart's figure (the SVG and its legend) as an element tree."""
    return ET.fromstring(re.search(r'<figure class="chart">.*</figure>', html, re.S)[0])


def test_each_geography_has_its_own_colour_dash_and_marker_at_every_value():
    chart = figure(
        rendered_chart(
            (2018, Geography.HUDDINGE, "40"),
            (2019, Geography.HUDDINGE, "55"),
            (2018, Geography.STOCKHOLM_COUNTY, "45"),
            (2019, Geography.STOCKHOLM_COUNTY, "50"),
            (2019, Geography.SWEDEN, "48"),
        )
    )
    series = chart.findall(f".//{SVG}g[@class='chart-series']")
    assert [line.get("stroke") for line in series] == ["#0b5a7a", "#b3410e", "#4a4a4a"]
    assert [line.find(f"{SVG}polyline").get("stroke-dasharray") for line in series] == [
        None,
        "8 4",
        "2 4",
    ]
    markers = [[marker.tag.removeprefix(SVG) for marker in line][1:] for line in series]
    assert markers == [["circle", "circle"], ["rect", "rect"], ["path"]]
    # The legend names each line and shows its colour, dash and marker.
    keys = chart.findall(".//li")
    assert [(key[0].find("title").text, key[0].tail.strip()) for key in keys] == [
        ("Linje och markör för Huddinge", "Huddinge"),
        ("Linje och markör för Stockholms län", "Stockholms län"),
        ("Linje och markör för Riket", "Riket"),
    ]
    assert [
        (key[0].get("stroke"), key[0][1].get("stroke-dasharray"), key[0][2].tag) for key in keys
    ] == [("#0b5a7a", None, "circle"), ("#b3410e", "8 4", "rect"), ("#4a4a4a", "2 4", "path")]


def test_the_value_axis_starts_at_zero_and_the_highest_value_lies_on_its_top():
    chart = figure(
        rendered_chart(
            (2018, Geography.HUDDINGE, "40"),
            (2020, Geography.HUDDINGE, "60"),
        )
    )
    grid = chart.find(f".//{SVG}g[@class='chart-grid']")
    lines = grid.findall(f"{SVG}line")
    values = grid.findall(f"{SVG}text[@text-anchor='end']")
    # The axis is not cut where the data starts (40), which would exaggerate the change.
    assert values[0].text == "0"
    assert values[-1].text == "60"
    bottom, top = float(lines[0].get("y1")), float(lines[-1].get("y1"))
    years = grid.findall(f"{SVG}text[@text-anchor='middle']")
    assert [year.text for year in years] == ["2018", "2020"]
    left, right = years[0].get("x"), years[-1].get("x")
    markers = [(circle.get("cx"), float(circle.get("cy"))) for circle in chart.iter(f"{SVG}circle")]
    # 40 lies two thirds of the way up from zero to 60; 60 on the top line.
    assert markers[0][0] == left
    assert markers[0][1] == pytest.approx(bottom - (bottom - top) * 2 / 3, abs=0.1)
    assert markers[1] == (right, top)
    polyline = chart.find(f".//{SVG}polyline").get("points")
    assert polyline == " ".join(f"{x},{y:.1f}" for x, y in markers)


def test_target_is_a_line_at_its_value_and_baseline_and_target_are_in_the_table():
    indicator = IndicatorFactory(
        name="Andel som känner sig trygga",
        unit="%",
        baseline_value="61",
        baseline_year=2015,
        target_value="80",
        target_year=2021,
    )
    for year, geography, value in (
        (2018, Geography.HUDDINGE, "65"),
        (2019, Geography.HUDDINGE, "70"),
        (2019, Geography.STOCKHOLM_COUNTY, "72.5"),
    ):
        IndicatorValueFactory(indicator=indicator, year=year, geography=geography, value=value)
    html = render_to_string("goals/_indicator_chart.html", {"chart": IndicatorChart(indicator)})
    chart = figure(html)
    grid = chart.find(f".//{SVG}g[@class='chart-grid']")
    ticks = {
        text.text: float(text.get("y")) for text in grid.findall(f"{SVG}text[@text-anchor='end']")
    }
    assert ticks["0"] > ticks["80"]  # from zero, up to the target at least
    target = chart.find(f".//{SVG}g[@class='chart-target']")
    line = target.find(f"{SVG}line")
    assert float(line.get("y1")) == float(line.get("y2")) == ticks["80"]
    assert line.get("stroke-dasharray")
    assert target.find(f"{SVG}text").text == "Mål 2021: 80 %"
    assert "Mål 2021: 80 %" in chart.find(f".//{SVG}desc").text
    # The legend names the target line.
    assert chart.findall(".//li")[-1][0].tail.strip() == "Mål 2021: 80 %"
    # Baseline and target in the table, in Huddinge's column.
    assert (
        '<tr><th scope="row">Utgångsvärde 2015</th><td class="number">61</td>'
        '<td class="number"></td></tr>' in html
    )
    assert (
        '<tr><th scope="row">Mål 2021</th><td class="number">80</td><td class="number"></td></tr>'
        in html
    )


def test_without_a_target_there_is_no_target_line_and_no_reference_rows():
    html = rendered_chart((2018, Geography.HUDDINGE, "40"))
    assert "chart-target" not in html
    assert "reference-rows" not in html


def test_year_labels_are_thinned_out_so_that_they_never_overlap():
    chart = figure(
        rendered_chart(*((year, Geography.HUDDINGE, "50") for year in range(2008, 2022)))
    )
    years = [
        float(text.get("x"))
        for text in chart.iter(f"{SVG}text")
        if text.get("text-anchor") == "middle"
    ]
    assert years[-1] == max(years)  # the newest year is always labelled
    assert len(years) < 14
    assert min(b - a for a, b in itertools.pairwise(years)) >= 42


def test_value_axis_labels_and_table_are_in_swedish_notation(settings):
    settings.LANGUAGE_CODE = "sv"
    html = rendered_chart((2018, Geography.HUDDINGE, "0.5"), (2019, Geography.HUDDINGE, "1.5"))
    labels = [
        label.text for label in figure(html).iter(f"{SVG}text") if label.get("text-anchor") == "end"
    ]
    assert labels == ["0", "0,5", "1", "1,5"]
    assert '<th scope="row">2018</th><td class="number">0,5</td>' in html
    assert '<th scope="row">2019</th><td class="number">1,5</td>' in html


def test_chart_has_a_title_and_a_description_with_every_value():
    html = rendered_chart(
        (2018, Geography.HUDDINGE, "40"),
        (2019, Geography.HUDDINGE, "55.5"),
        (2019, Geography.SWEDEN, "48"),
    )
    svg = figure(html).find(f"{SVG}svg")
    assert svg.get("role") == "img"
    title_id, description_id = svg.get("aria-labelledby").split()
    assert svg.find(f"{SVG}title").get("id") == title_id
    assert svg.find(f"{SVG}title").text == "Andel som känner sig trygga per år och geografi"
    assert svg.find(f"{SVG}desc").get("id") == description_id
    assert svg.find(f"{SVG}desc").text == (
        "Linjediagram över 2018–2019; Huddinge: 2018 40 %, 2019 55,5 %; Riket: 2019 48 %. "
        "Samma värden finns i tabellen."
    )
    # A year without a value for a geography is a dash in the table.
    assert '<th scope="row">2018</th><td class="number">40</td><td class="number">–</td>' in html


def test_names_are_escaped():
    html = rendered_chart((2018, Geography.HUDDINGE, "40"), name="<script>x</script> & co")
    assert "<script>" not in html
    assert "&lt;script&gt;x&lt;/script&gt; &amp; co per år och geografi" in html


def test_an_indicator_without_values_says_so_instead_of_a_chart():
    html = rendered_chart()
    assert "Inga värden är registrerade för indikatorn." in html
    assert "<svg" not in html
