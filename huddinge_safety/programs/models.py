"""The multi-year program, its responsibility areas and guidelines."""

from django.contrib.postgres.indexes import GinIndex
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from huddinge_safety.organisation.models import Unit
from huddinge_safety.protocols.models import Body
from huddinge_safety.search import stored_search_vector

year_validators = [MinValueValidator(1900), MaxValueValidator(2200)]


class Program(models.Model):
    title = models.CharField(_("title"), max_length=300, unique=True)
    start_year = models.PositiveSmallIntegerField(_("first year"), validators=year_validators)
    end_year = models.PositiveSmallIntegerField(_("last year"), validators=year_validators)
    overall_goal = models.TextField(_("overall goal"), blank=True)
    description = models.TextField(
        _("description"),
        blank=True,
        help_text=_("How the goals are broken down and what the program covers."),
    )
    adopted_by = models.ForeignKey(
        Body,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="adopted_programs",
        verbose_name=_("adopted by"),
    )
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)
    is_example = models.BooleanField(
        _("example"),
        default=False,
        editable=False,
        help_text=_(
            "Invented data that shows what the site can do (manage.py load_example_program); "
            "every page of the program says so."
        ),
    )
    search_vector = stored_search_vector("title", "overall_goal", "description")
    history = HistoricalRecords(excluded_fields=["search_vector"])

    class Meta:
        ordering = ["-start_year", "title"]
        verbose_name = _("program")
        verbose_name_plural = _("programs")
        indexes = [GinIndex(fields=["search_vector"], name="program_search")]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_year__gte=F("start_year")),
                name="program_period_not_reversed",
                violation_error_message=_("The last year cannot come before the first year."),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        # The program page shows follow-up statuses, so the followups app serves it.
        return reverse("followups:program", args=[self.pk])

    def clean(self):
        super().clean()
        if self.pk and self.start_year and self.end_year:
            # follow_ups is the followups app's reverse relation: programs does not import it.
            outside = sorted(
                self.follow_ups.exclude(year__range=(self.start_year, self.end_year)).values_list(
                    "year", flat=True
                )
            )
            if outside:
                raise ValidationError(
                    _(
                        "The program has follow-ups for %(years)s, which would fall outside the "
                        "period. Change the period or those follow-ups first."
                    )
                    % {"years": ", ".join(map(str, outside))}
                )

    @property
    def search_title(self):
        return self.title

    @property
    def period(self):
        return f"{self.start_year}–{self.end_year}"

    @property
    def years(self):
        return range(self.start_year, self.end_year + 1)


class ResponsibilityArea(models.Model):
    """One of the program's numbered areas (ansvarsområden) with its sub-goal."""

    program = models.ForeignKey(
        Program, models.CASCADE, related_name="areas", verbose_name=_("program")
    )
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("heading"), max_length=300)
    sub_goal = models.TextField(_("overall sub-goal"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["program_id", "number"]
        verbose_name = _("responsibility area")
        verbose_name_plural = _("responsibility areas")
        constraints = [
            models.UniqueConstraint(
                fields=["program", "number"],
                name="unique_area_number_per_program",
                violation_error_message=_(
                    "The program already has a responsibility area with this number."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.number}) {self.title}"


class Guideline(models.Model):
    """An underlying guideline (riktlinje) with a yearly follow-up of its own."""

    program = models.ForeignKey(
        Program, models.CASCADE, related_name="guidelines", verbose_name=_("program")
    )
    title = models.CharField(_("heading"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    responsible_unit = models.ForeignKey(
        Unit,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="guidelines",
        verbose_name=_("responsible unit"),
        help_text=_("The unit that answers for the guideline in the yearly follow-up."),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["program_id", "pk"]
        verbose_name = _("guideline")
        verbose_name_plural = _("guidelines")
        constraints = [
            models.UniqueConstraint(
                fields=["program", "title"],
                name="unique_guideline_title_per_program",
                violation_error_message=_("The program already has a guideline with this heading."),
            ),
        ]

    def __str__(self):
        return self.title
