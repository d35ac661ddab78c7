"""Goals under each responsibility area, and the indicators that measure them."""

from django.contrib.postgres.indexes import GinIndex
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from huddinge_safety.organisation.models import Unit
from huddinge_safety.programs.models import Program, ResponsibilityArea, year_validators
from huddinge_safety.search import stored_search_vector


def goal_heading(code):
    """A goal's name by its code, e.g. ”Mål 2.3”, in the current language."""
    return gettext("Goal %(code)s") % {"code": code}


class Goal(models.Model):
    """An underlying goal (underliggande mål) of an area, followed up every year.

    Goals are shown in the order of their number within the area."""

    area = models.ForeignKey(
        ResponsibilityArea,
        models.CASCADE,
        related_name="goals",
        verbose_name=_("responsibility area"),
    )
    number = models.PositiveSmallIntegerField(_("number"))
    text = models.TextField(_("goal"), blank=True)
    responsible_unit = models.ForeignKey(
        Unit,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="goals",
        verbose_name=_("responsible unit"),
        help_text=_("The unit that answers for the goal in the yearly follow-up."),
    )
    search_vector = stored_search_vector("text")
    history = HistoricalRecords(excluded_fields=["search_vector"])

    class Meta:
        ordering = ["area__program", "area__number", "number"]
        verbose_name = _("underlying goal")
        verbose_name_plural = _("underlying goals")
        indexes = [GinIndex(fields=["search_vector"], name="goal_search")]
        constraints = [
            models.UniqueConstraint(
                fields=["area", "number"],
                name="unique_goal_number_per_area",
                violation_error_message=_(
                    "The responsibility area already has a goal with this number."
                ),
            ),
        ]

    def __str__(self):
        if self.text:
            return gettext("Goal %(code)s: %(text)s") % {"code": self.code, "text": self.text}
        return goal_heading(self.code)

    def get_absolute_url(self):
        return reverse("followups:goal", args=[self.pk])

    @property
    def code(self):
        """The goal's number within the program, e.g. ”2.3” for goal 3 of area 2."""
        return f"{self.area.number}.{self.number}"

    @property
    def search_title(self):
        return gettext("Goal %(code)s in %(program)s") % {
            "code": self.code,
            "program": self.area.program,
        }


class Indicator(models.Model):
    """A measured figure, e.g. the share of residents who feel safe."""

    class Direction(models.TextChoices):
        HIGHER_IS_BETTER = "higher", _("Higher is better")
        LOWER_IS_BETTER = "lower", _("Lower is better")

    program = models.ForeignKey(
        Program, models.CASCADE, related_name="indicators", verbose_name=_("program")
    )
    goals = models.ManyToManyField(
        Goal, blank=True, related_name="indicators", verbose_name=_("goals")
    )
    name = models.CharField(_("name"), max_length=300)
    unit = models.CharField(_("unit"), max_length=50, blank=True, help_text=_("E.g. ”%”."))
    source = models.CharField(_("source"), max_length=300, blank=True)
    kolada_kpi = models.CharField(
        _("Kolada KPI"),
        max_length=10,
        blank=True,
        validators=[
            RegexValidator(
                r"^[A-Z][0-9]{5}$",
                _("A Kolada KPI id is a capital letter and five digits, e.g. N07403."),
            )
        ],
        help_text=_(
            "The id of the key figure in Kolada whose values are fetched for the "
            "municipality, its region and the whole country, e.g. N07403."
        ),
    )
    direction = models.CharField(
        _("direction"),
        max_length=10,
        choices=Direction.choices,
        default=Direction.HIGHER_IS_BETTER,
    )
    baseline_value = models.DecimalField(
        _("baseline value"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    baseline_year = models.PositiveSmallIntegerField(
        _("baseline year"), null=True, blank=True, validators=year_validators
    )
    target_value = models.DecimalField(
        _("target value"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    target_year = models.PositiveSmallIntegerField(
        _("target year"), null=True, blank=True, validators=year_validators
    )
    history = HistoricalRecords(m2m_fields=[goals])

    class Meta:
        ordering = ["program_id", "name"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        constraints = [
            models.UniqueConstraint(
                fields=["program", "name"],
                name="unique_indicator_name_per_program",
                violation_error_message=_("The program already has an indicator with this name."),
            ),
            models.CheckConstraint(
                condition=Q(baseline_value__isnull=True, baseline_year__isnull=True)
                | Q(baseline_value__isnull=False, baseline_year__isnull=False),
                name="indicator_baseline_value_and_year_together",
                violation_error_message=_("A baseline needs both a value and a year."),
            ),
            models.CheckConstraint(
                condition=Q(target_value__isnull=True, target_year__isnull=True)
                | Q(target_value__isnull=False, target_year__isnull=False),
                name="indicator_target_value_and_year_together",
                violation_error_message=_("A target needs both a value and a year."),
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def value_years(self):
        """The years the indicator can have values for: the program period and
        up to ``BASELINE_YEARS`` before it."""
        program = self.program
        return range(program.start_year - BASELINE_YEARS, program.end_year + 1)


# Baseline values may go this far back before a program's first year: a decade of
# an indicator's series covers the two or three program periods (four years each)
# before it, which is what comparisons in follow-ups reach back to.
BASELINE_YEARS = 10


class IndicatorValue(models.Model):
    class Geography(models.TextChoices):
        HUDDINGE = "huddinge", _("Huddinge")
        STOCKHOLM_COUNTY = "stockholms_lan", _("Stockholm County")
        SWEDEN = "riket", _("Sweden")

    indicator = models.ForeignKey(
        Indicator, models.CASCADE, related_name="values", verbose_name=_("indicator")
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=year_validators)
    geography = models.CharField(_("geography"), max_length=20, choices=Geography.choices)
    value = models.DecimalField(_("value"), max_digits=12, decimal_places=2)
    source = models.CharField(
        _("source of the value"),
        max_length=200,
        blank=True,
        help_text=_("Where a fetched value comes from, e.g. ”Kolada, N07403”."),
    )
    fetched_at = models.DateTimeField(
        _("fetched"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("When the value was fetched; empty for a value entered by hand."),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["indicator_id", "year", "geography"]
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "year", "geography"],
                name="one_value_per_indicator_year_geography",
                violation_error_message=_(
                    "The indicator already has a value for this year and this geography."
                ),
            ),
            models.CheckConstraint(
                condition=Q(fetched_at__isnull=True) | ~Q(source=""),
                name="indicator_value_fetched_with_source",
                violation_error_message=_("A fetched value needs its source."),
            ),
            models.CheckConstraint(
                condition=Q(year__range=(1900, 2100)),
                name="indicator_value_year_within_reason",
                violation_error_message=_("The year must be between 1900 and 2100."),
            ),
        ]

    def __str__(self):
        return f"{self.indicator} {self.year}, {self.get_geography_display()}: {self.value}"

    @property
    def is_entered_by_hand(self):
        return self.fetched_at is None

    def clean(self):
        super().clean()
        if self.year is None or not (self.indicator_id or IndicatorValue.indicator.is_cached(self)):
            return
        years = self.indicator.value_years
        first, last = years[0], years[-1]
        if self.year not in years:
            raise ValidationError(
                {
                    "year": _(
                        "The year %(year)s is outside the years the indicator can have values "
                        "for: %(first)s–%(last)s (the program period and up to %(baseline)s "
                        "years before it)."
                    )
                    % {"year": self.year, "first": first, "last": last, "baseline": BASELINE_YEARS}
                }
            )
