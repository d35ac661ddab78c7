"""Goals under each responsibility area, and the indicators that measure them."""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from huddinge_safety.programs.models import Program, ResponsibilityArea, year_validators


class Goal(models.Model):
    """An underlying goal (underliggande mål) of an area, followed up every year.

    Goals are shown in the order of their number within the area."""

    area = models.ForeignKey(
        ResponsibilityArea, models.CASCADE, related_name="goals",
        verbose_name=_("ansvarsområde"),
    )
    number = models.PositiveSmallIntegerField(_("nummer"))
    text = models.TextField(_("mål"), blank=True)
    search_vector = models.GeneratedField(
        expression=SearchVector("text", config="swedish"),
        output_field=SearchVectorField(), db_persist=True,
    )
    history = HistoricalRecords(excluded_fields=["search_vector"])

    class Meta:
        ordering = ["area__program", "area__number", "number"]
        verbose_name = _("underliggande mål")
        verbose_name_plural = _("underliggande mål")
        indexes = [GinIndex(fields=["search_vector"], name="goal_search")]
        constraints = [
            models.UniqueConstraint(
                fields=["area", "number"],
                name="unique_goal_number_per_area",
                violation_error_message=_("Ansvarsområdet har redan ett mål med detta nummer."),
            ),
        ]

    def __str__(self):
        return f"Mål {self.code}: {self.text}" if self.text else f"Mål {self.code}"

    def get_absolute_url(self):
        return reverse("followups:goal", args=[self.pk])

    @property
    def code(self):
        """The goal's number within the program, e.g. ”2.3” for goal 3 of area 2."""
        return f"{self.area.number}.{self.number}"

    @property
    def search_title(self):
        return f"Mål {self.code} i {self.area.program}"


class Indicator(models.Model):
    """A measured figure, e.g. the share of residents who feel safe."""

    class Direction(models.TextChoices):
        HIGHER_IS_BETTER = "higher", _("Högre är bättre")
        LOWER_IS_BETTER = "lower", _("Lägre är bättre")

    program = models.ForeignKey(
        Program, models.CASCADE, related_name="indicators", verbose_name=_("program")
    )
    goals = models.ManyToManyField(
        Goal, blank=True, related_name="indicators", verbose_name=_("mål")
    )
    name = models.CharField(_("namn"), max_length=300)
    unit = models.CharField(_("enhet"), max_length=50, blank=True, help_text=_("T.ex. ”%”."))
    source = models.CharField(_("källa"), max_length=300, blank=True)
    direction = models.CharField(
        _("riktning"), max_length=10, choices=Direction.choices,
        default=Direction.HIGHER_IS_BETTER,
    )
    history = HistoricalRecords(m2m_fields=[goals])

    class Meta:
        ordering = ["program", "name"]
        verbose_name = _("indikator")
        verbose_name_plural = _("indikatorer")
        constraints = [
            models.UniqueConstraint(
                fields=["program", "name"],
                name="unique_indicator_name_per_program",
                violation_error_message=_("Programmet har redan en indikator med detta namn."),
            ),
        ]

    def __str__(self):
        return self.name


class IndicatorValue(models.Model):
    class Geography(models.TextChoices):
        HUDDINGE = "huddinge", _("Huddinge")
        STOCKHOLM_COUNTY = "stockholms_lan", _("Stockholms län")
        SWEDEN = "riket", _("Riket")

    indicator = models.ForeignKey(
        Indicator, models.CASCADE, related_name="values", verbose_name=_("indikator")
    )
    year = models.PositiveSmallIntegerField(_("år"), validators=year_validators)
    geography = models.CharField(_("geografi"), max_length=20, choices=Geography.choices)
    value = models.DecimalField(_("värde"), max_digits=12, decimal_places=2)
    history = HistoricalRecords()

    class Meta:
        ordering = ["indicator", "year", "geography"]
        verbose_name = _("indikatorvärde")
        verbose_name_plural = _("indikatorvärden")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "year", "geography"],
                name="one_value_per_indicator_year_geography",
                violation_error_message=_(
                    "Indikatorn har redan ett värde för detta år och denna geografi."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.indicator} {self.year}, {self.get_geography_display()}: {self.value}"

