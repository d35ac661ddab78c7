"""The server-rendered SVG line chart of an indicator.

``IndicatorChart`` computes the geometry and draws the grid, lines and markers;
the template ``goals/_indicator_chart.html`` puts them in an accessible figure
and always shows the same figures in a table beside it, so the chart is never
the only source."""

import math
from dataclasses import dataclass
from decimal import Decimal

from django.utils.formats import number_format
from django.utils.safestring import mark_safe

WIDTH, HEIGHT = 640, 300
LEFT, RIGHT, TOP, BOTTOM = 64, 24, 16, 40
# Each geography's marker, centred on ({x}, {y}): at every value and in the legend key.
MARKERS = {
    "huddinge": '<circle cx="{x}" cy="{y}" r="5"/>',
    "stockholms_lan": '<rect x="{x}" y="{y}" width="10" height="10" transform="translate(-5 -5)"/>',
    "riket": '<path d="M{x} {y} m0 -6 l6 10 h-12 z"/>',
}
# Colour and dash pattern of each geography's line. They are drawn as SVG
# presentation attributes, not CSS: WeasyPrint does not apply the page's stylesheets
# inside an inline SVG, and the PDF must show the same chart as the page.
LINES = {
    "huddinge": ("#0b5a7a", ""),
    "stockholms_lan": ("#b3410e", "8 4"),
    "riket": ("#4a4a4a", "2 4"),
}


@dataclass
class Point:
    """A value's marker; x and y are SVG coordinates formatted for the markup."""

    year: int
    label: str
    x: str
    y: str


@dataclass
class Series:
    geography: str
    label: str
    points: list

    def __post_init__(self):
        self.color, dash = LINES.get(self.geography, LINES["huddinge"])
        self.dash_attribute = mark_safe(f' stroke-dasharray="{dash}"' if dash else "")
        self.marker = MARKERS.get(self.geography, MARKERS["huddinge"])

    @property
    def key_marker(self):
        """The marker in the middle of the legend's 36 × 12 key."""
        return mark_safe(self.marker.format(x=18, y=6))

    def drawing(self):
        points = " ".join(f"{point.x},{point.y}" for point in self.points)
        markers = "".join(self.marker.format(x=point.x, y=point.y) for point in self.points)
        return (
            f'<g class="chart-series" stroke="{self.color}" fill="{self.color}">'
            f'<polyline points="{points}" fill="none" stroke-width="3"{self.dash_attribute}/>'
            f"{markers}</g>"
        )


@dataclass
class Tick:
    position: str
    label: str


def coordinate(number):
    return f"{number:.1f}"


def value_label(value):
    """A value in Swedish notation without trailing zeros: 61,5 and 72, not 61,50 and 72,00."""
    return number_format(Decimal(format(Decimal(value).normalize(), "f")))


def nice_step(span, target_ticks=5):
    """A step of 1, 2 or 5 times a power of ten giving about ``target_ticks`` ticks."""
    raw = span / target_ticks
    magnitude = 10 ** math.floor(math.log10(raw))
    return next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)


class IndicatorChart:
    """Series per geography and axis ticks for one indicator's values.

    ``values`` is the indicator's values (use the prefetched ``indicator.values.all()``);
    the coordinates are formatted for the SVG and the values for the reader, so
    that the template, which draws a chart on every report, only places them."""

    width, height = WIDTH, HEIGHT
    left, right, top, bottom = LEFT, WIDTH - RIGHT, TOP, HEIGHT - BOTTOM

    # Where the axis labels go: left of the value axis, below the year axis.
    value_label_x, year_label_y = LEFT - 8, HEIGHT - BOTTOM + 24

    def __init__(self, values, geographies, unit=""):
        values = list(values)
        self.years = sorted({value.year for value in values})
        # Labels and years as plain strings: the template would localize each again.
        self.geographies = [(key, str(label)) for key, label in geographies
                            if any(value.geography == key for value in values)]
        self.is_empty = not values
        if self.is_empty:
            self.series, self.y_ticks, self.x_ticks, self.rows = [], [], [], []
            return
        numbers = [float(value.value) for value in values]
        low, high = min(numbers), max(numbers)
        step = nice_step(high - low or abs(high) or 1)
        self.y_min = math.floor(low / step) * step
        self.y_max = math.ceil(high / step) * step
        if self.y_max == self.y_min:
            self.y_max += step
        ticks = round((self.y_max - self.y_min) / step)
        self.y_ticks = [
            Tick(coordinate(self.y(self.y_min + n * step)),
                 number_format(round(self.y_min + n * step, 6)))
            for n in range(ticks + 1)
        ]
        self.x_ticks = [Tick(coordinate(self.x(year)), str(year)) for year in self.years]
        by_key = {(value.year, value.geography): value.value for value in values}
        labels = {key: value_label(value) for key, value in by_key.items()}
        self.series = [
            Series(key, label, [
                Point(year, labels[year, key], coordinate(self.x(year)),
                      coordinate(self.y(float(by_key[year, key]))))
                for year in self.years if (year, key) in by_key
            ])
            for key, label in self.geographies
        ]
        self.rows = [
            (str(year), [labels.get((year, key)) for key, _ in self.geographies])
            for year in self.years
        ]

        unit = f" {unit}" if unit else ""
        self.description = f"Linjediagram över {self.years[0]}–{self.years[-1]}" + "".join(
            f"; {line.label}: " + ", ".join(f"{point.year} {point.label}{unit}"
                                             for point in line.points)
            for line in self.series
        ) + ". Samma värden finns i tabellen."

    def drawing(self):
        """The grid, the axis labels and each series' line and markers, as SVG elements.

        Drawn here as one string rather than by the template: a report shows
        several charts, and the template language spent microseconds on each of
        their hundreds of values, a fifth of the report's time. Every value in
        the drawing is a number this module formatted (coordinates, years,
        Swedish number labels) or a constant, so it is safe markup as it stands."""
        grid = "".join(
            f'<line x1="{self.left}" x2="{self.right}" y1="{tick.position}" '
            f'y2="{tick.position}" stroke="#d5dce0"/><text class="chart-label" '
            f'x="{self.value_label_x}" y="{tick.position}" text-anchor="end" '
            f'dominant-baseline="middle">{tick.label}</text>'
            for tick in self.y_ticks
        )
        years = "".join(
            f'<text class="chart-label" x="{tick.position}" y="{self.year_label_y}" '
            f'text-anchor="middle">{tick.label}</text>'
            for tick in self.x_ticks
        )
        lines = "".join(line.drawing() for line in self.series)
        return mark_safe(
            f'<g class="chart-grid" fill="#4f5b62" font-size="13">{grid}{years}</g>{lines}'
        )

    def x(self, year):
        if len(self.years) == 1:
            return (self.left + self.right) / 2
        share = (year - self.years[0]) / (self.years[-1] - self.years[0])
        return self.left + share * (self.right - self.left)

    def y(self, number):
        share = (number - self.y_min) / (self.y_max - self.y_min)
        return self.bottom - share * (self.bottom - self.top)
