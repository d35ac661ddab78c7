"""Geometry of the server-rendered SVG line chart of an indicator.

``IndicatorChart`` computes the coordinates and labels; the template
``goals/_indicator_chart.html`` draws them in an accessible figure and always
shows the same figures in a table beside it, so the chart is never the only source."""

import math
from dataclasses import dataclass
from decimal import Decimal

from django.utils.formats import number_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext

from .models import IndicatorValue

# A narrow drawing with large labels: shrunk to a phone's width (about 350 px)
# its 14-unit labels are still 12 px; the page caps its width on a desktop.
WIDTH, HEIGHT = 400, 250
LEFT, RIGHT, TOP, BOTTOM = 46, 24, 14, 32
FONT_SIZE = 14
# Fewest drawing units between two year labels, so that they never overlap.
YEAR_LABEL_SPACING = 42
TARGET_COLOR = "#1d6b38"
# Each geography's marker centred on (x, y): a circle, a square or a triangle, at
# every value and in the legend.
MARKERS = {
    "huddinge": '<circle cx="{x}" cy="{y}" r="5"/>',
    "stockholms_lan": '<rect x="{x}" y="{y}" width="10" height="10" transform="translate(-5 -5)"/>',
    "riket": '<path d="M{x} {y} m0 -6 l6 10 h-12 z"/>',
}
# Colour and dash pattern of each geography's line. The template draws them as SVG
# presentation attributes, not CSS: WeasyPrint does not apply the page's stylesheets
# inside an inline SVG, and the PDF must show the same chart as the page.
LINES = {
    "huddinge": ("#0b5a7a", ""),
    "stockholms_lan": ("#b3410e", "8 4"),
    "riket": ("#4a4a4a", "2 4"),
}


@dataclass
class Point:
    """A value's marker: ``label`` is the value for the reader, ``x`` and ``y``
    its SVG coordinates."""

    year: int
    label: str
    x: str
    y: str


@dataclass
class Series:
    geography: str
    label: str
    points: list

    @property
    def marker_format(self):
        return MARKERS.get(self.geography, MARKERS["huddinge"])

    @property
    def markers(self):
        """The marker of every point. Made here rather than included per point
        from a template: make bench's uncached target for the report, which has
        a chart of every indicator, is met only so."""
        return format_html_join(
            "", self.marker_format, ({"x": point.x, "y": point.y} for point in self.points)
        )

    @property
    def key_marker(self):
        """The marker in the middle of the legend's 36 × 12 key."""
        return format_html(self.marker_format, x=18, y=6)

    @property
    def color(self):
        return LINES.get(self.geography, LINES["huddinge"])[0]

    @property
    def dash(self):
        return LINES.get(self.geography, LINES["huddinge"])[1]

    @property
    def polyline(self):
        return " ".join(f"{point.x},{point.y}" for point in self.points)


@dataclass
class Tick:
    position: str
    label: str


@dataclass
class TargetLine:
    """The indicator's target as a line across the chart, with its label."""

    y: str
    label: str
    label_y: str
    color: str = TARGET_COLOR


def coordinate(number):
    return f"{number:.1f}"


def value_label(value):
    """A value in Swedish notation without trailing zeros: 61,5 and 72, not 61,50 and 72,00."""
    return number_format(Decimal(format(Decimal(value).normalize(), "f")))


def year_spans(years):
    """Sorted ``years`` as runs: 2015–2019, 2021."""
    runs = []
    for year in years:
        if runs and runs[-1][1] == year - 1:
            runs[-1][1] = year
        else:
            runs.append([year, year])
    return ", ".join(str(first) if first == last else f"{first}–{last}" for first, last in runs)


def source_notes(values):
    """Where the values come from, one line per source (fetched ones first, then
    those entered by hand), each with the geographies and years it covers;
    nothing when every value was entered by hand."""
    groups = {}
    for value in values:
        groups.setdefault(value.source, []).append(value)
    if set(groups) <= {""}:
        return []
    notes = []
    for source, group in sorted(groups.items(), key=lambda item: (item[0] == "", item[0])):
        covered = {
            "geographies": ", ".join(
                str(label)
                for key, label in IndicatorValue.Geography.choices
                if any(value.geography == key for value in group)
            ),
            "years": year_spans(sorted({value.year for value in group})),
        }
        if source:
            notes.append(
                gettext("Source: %(source)s (%(geographies)s; %(years)s)")
                % {"source": source, **covered}
            )
        else:
            notes.append(gettext("Entered by hand (%(geographies)s; %(years)s)") % covered)
    return notes


def nice_step(span, target_ticks=5):
    """A step of 1, 2 or 5 times a power of ten giving about ``target_ticks`` ticks."""
    raw = span / target_ticks
    magnitude = 10 ** math.floor(math.log10(raw))
    return next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)


def reference(indicator, name):
    """The indicator's baseline or target as (year, value), or None."""
    value = getattr(indicator, f"{name}_value", None)
    return None if value is None else (getattr(indicator, f"{name}_year"), Decimal(value))


def unit_suffix(indicator):
    return f" {indicator.unit}" if indicator.unit else ""


class IndicatorChart:
    """Series per geography, axis ticks, target line and table rows of one
    indicator's values.

    Uses ``indicator.values.all()`` (prefetch them) unless given ``values``.
    The value axis always reaches zero, so that a change is never drawn larger
    than it is."""

    width, height, font_size = WIDTH, HEIGHT, FONT_SIZE
    left, right, top, bottom = LEFT, WIDTH - RIGHT, TOP, HEIGHT - BOTTOM
    # Where the axis labels go: left of the value axis, below the year axis.
    value_label_x, year_label_y = LEFT - 6, HEIGHT - BOTTOM + 20

    def __init__(self, indicator, values=None):
        self.indicator = indicator
        values = list(indicator.values.all() if values is None else values)
        self.years = sorted({value.year for value in values})
        baseline = reference(indicator, "baseline")
        target = reference(indicator, "target")
        references = [point for point in (baseline, target) if point]
        self.geographies = [
            (key, label)
            for key, label in IndicatorValue.Geography.choices
            if any(value.geography == key for value in values)
            or (references and key == IndicatorValue.Geography.HUDDINGE)
        ]
        self.is_empty = not values
        self.sources = source_notes(values)
        if self.is_empty:
            self.series, self.y_ticks, self.x_ticks, self.rows = [], [], [], []
            self.reference_rows, self.target_line = [], None
            return
        numbers = [float(value.value) for value in values] + [
            float(value) for _year, value in references
        ]
        low, high = min(0, *numbers), max(0, *numbers)
        step = nice_step(high - low or 1)
        self.y_min = math.floor(low / step) * step
        self.y_max = math.ceil(high / step) * step
        if self.y_max == self.y_min:
            self.y_max += step
        ticks = round((self.y_max - self.y_min) / step)
        self.y_ticks = [
            Tick(
                coordinate(self.y(self.y_min + n * step)),
                value_label(Decimal(str(round(self.y_min + n * step, 6)))),
            )
            for n in range(ticks + 1)
        ]
        every = math.ceil(YEAR_LABEL_SPACING / self.year_spacing) if self.year_spacing else 1
        self.x_ticks = [
            Tick(coordinate(self.x(year)), year)
            for n, year in enumerate(reversed(self.years))
            if n % every == 0
        ][::-1]
        by_key = {(value.year, value.geography): value.value for value in values}
        labels = {key: value_label(value) for key, value in by_key.items()}
        self.series = [
            Series(
                key,
                label,
                [
                    Point(
                        year,
                        labels[year, key],
                        coordinate(self.x(year)),
                        coordinate(self.y(float(by_key[year, key]))),
                    )
                    for year in self.years
                    if (year, key) in by_key
                ],
            )
            for key, label in self.geographies
        ]
        self.rows = [
            (year, [labels.get((year, key)) for key, _ in self.geographies]) for year in self.years
        ]
        # Baseline and target are the municipality's own: in Huddinge's column.
        self.reference_rows = [
            (
                label % {"year": point[0]},
                [
                    value_label(point[1]) if key == IndicatorValue.Geography.HUDDINGE else None
                    for key, _label in self.geographies
                ],
            )
            for point, label in (
                (baseline, gettext("Baseline %(year)s")),
                (target, gettext("Target %(year)s")),
            )
            if point
        ]
        self.target_line = None
        if target:
            y = self.y(float(target[1]))
            # The label goes above the line, or below it at the top of the chart.
            label_y = y - 6 if y - self.top > self.font_size + 4 else y + self.font_size + 2
            self.target_line = TargetLine(
                coordinate(y),
                gettext("Target %(year)s: %(value)s")
                % {
                    "year": target[0],
                    "value": f"{value_label(target[1])}{unit_suffix(indicator)}",
                },
                coordinate(label_y),
            )

    @property
    def grid(self):
        """The value axis's lines and labels, then the year labels. Made here
        rather than looped over in the template, as ``Series.markers`` is: for
        make bench's uncached target of the report, which has a chart of every
        indicator."""
        value_lines = format_html_join(
            "",
            '<line x1="{left}" x2="{right}" y1="{y}" y2="{y}" stroke="#d5dce0"/>'
            '<text class="chart-label" x="{x}" y="{y}" text-anchor="end" '
            'dominant-baseline="middle">{label}</text>',
            (
                {
                    "left": self.left,
                    "right": self.right,
                    "x": self.value_label_x,
                    "y": tick.position,
                    "label": tick.label,
                }
                for tick in self.y_ticks
            ),
        )
        year_labels = format_html_join(
            "",
            '<text class="chart-label" x="{x}" y="{y}" text-anchor="middle">{label}</text>',
            (
                {"x": tick.position, "y": self.year_label_y, "label": tick.label}
                for tick in self.x_ticks
            ),
        )
        return value_lines + year_labels

    @property
    def year_spacing(self):
        if len(self.years) < 2:
            return 0
        return (self.right - self.left) / (len(self.years) - 1)

    @property
    def description(self):
        """The chart in words, for its ``<desc>``."""
        unit = unit_suffix(self.indicator)
        lines = "".join(
            f"; {line.label}: "
            + ", ".join(f"{point.year} {point.label}{unit}" for point in line.points)
            for line in self.series
        )
        if self.target_line:
            lines += f"; {self.target_line.label}"
        return gettext(
            "Line chart of %(first)s–%(last)s%(lines)s. The same values are in the table."
        ) % {"first": self.years[0], "last": self.years[-1], "lines": lines}

    def x(self, year):
        if len(self.years) == 1:
            return (self.left + self.right) / 2
        share = (year - self.years[0]) / (self.years[-1] - self.years[0])
        return self.left + share * (self.right - self.left)

    def y(self, number):
        share = (number - self.y_min) / (self.y_max - self.y_min)
        return self.bottom - share * (self.bottom - self.top)
