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


def test_lowest_and_highest_values_lie_on_the_value_axis_ends():
    chart = figure(
        rendered_chart(
            (2018, Geography.HUDDINGE, "40"),
            (2020, Geography.HUDDINGE, "55"),
        )
    )
    grid = chart.find(f".//{SVG}g[@class='chart-grid']")
    lines = grid.findall(f"{SVG}line")
    top, bottom = lines[-1].get("y1"), lines[0].get("y1")
    years = grid.findall(f"{SVG}text[@text-anchor='middle']")
    assert [year.text for year in years] == ["2018", "2020"]
    left, right = years[0].get("x"), years[-1].get("x")
    markers = [(circle.get("cx"), circle.get("cy")) for circle in chart.iter(f"{SVG}circle")]
    assert markers == [(left, bottom), (right, top)]
    polyline = chart.find(f".//{SVG}polyline").get("points")
    assert polyline == " ".join(",".join(marker) for marker in markers)


def test_value_axis_labels_and_table_are_in_swedish_notation(settings):
    settings.LANGUAGE_CODE = "sv"
    html = rendered_chart((2018, Geography.HUDDINGE, "0.5"), (2019, Geography.HUDDINGE, "1.5"))
    labels = [
        label.text for label in figure(html).iter(f"{SVG}text") if label.get("text-anchor") == "end"
    ]
    assert labels[0] == "0,4"
    assert labels[-1] == "1,6"
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
