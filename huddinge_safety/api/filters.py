"""The filters of the API's lists, as query parameters."""

import datetime

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import CharField, Exists, OuterRef, Q, Subquery
from django.db.models.fields.json import KT
from django.db.models.functions import Coalesce
from django_filters.fields import IsoDateTimeField
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from huddinge_safety.followups.models import AssessmentStatus, FollowUp, ReportVersion
from huddinge_safety.goals.models import Goal, Indicator, IndicatorValue
from huddinge_safety.history import newest_change
from huddinge_safety.programs.models import Guideline, Program, ResponsibilityArea
from huddinge_safety.protocols.models import (
    AgendaItem,
    Body,
    Meeting,
    Party,
    Person,
    agenda_item_histories,
)


@extend_schema_field(OpenApiTypes.INT)
class IdFilter(django_filters.NumberFilter):
    """An id or year: a whole number (a plain NumberFilter takes decimals)."""

    field_class = forms.IntegerField


class UtcDateTimeField(IsoDateTimeField):
    """An ISO 8601 time, in UTC: PostgreSQL refuses offsets beyond ±16 hours,
    which Python's datetime takes."""

    def to_python(self, value):
        value = super().to_python(value)
        if value is None:
            return None
        try:
            return value.astimezone(datetime.UTC)
        except OverflowError:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None


class ChangedSinceFilter(django_filters.IsoDateTimeFilter):
    field_class = UtcDateTimeField


class ChangedSinceFilterSet(django_filters.FilterSet):
    """``changed_since``: only what changed (itself or what it shows) at or after
    that time, read from the django-simple-history records (deletions included)."""

    changed_since = ChangedSinceFilter(
        method="filter_changed_since",
        label="Changed at or after this time (ISO 8601, e.g. 2024-01-31T00:00:00Z).",
    )

    def histories(self):
        """History querysets of everything a resource shows, on ``OuterRef("pk")``."""
        model = self._meta.model
        return [model.history.filter(id=OuterRef("pk"))]

    def filter_changed_since(self, queryset, name, value):
        return queryset.annotate(last_change=newest_change(*self.histories())).filter(
            last_change__gte=value
        )


class ProgramFilter(ChangedSinceFilterSet):
    year = IdFilter(method="filter_year", label="Programs whose period includes this year.")

    class Meta:
        model = Program
        fields = []

    def filter_year(self, queryset, name, value):
        return queryset.filter(start_year__lte=value, end_year__gte=value)

    def histories(self):
        program = OuterRef("pk")
        areas = ResponsibilityArea.objects.filter(program=OuterRef(program))
        return [
            Program.history.filter(id=program),
            ResponsibilityArea.history.filter(program_id=program),
            Goal.history.filter(area_id__in=areas.values("pk")),
            Guideline.history.filter(program_id=program),
        ]


class GoalFilter(ChangedSinceFilterSet):
    program = IdFilter(field_name="area__program")
    area = IdFilter(field_name="area")

    class Meta:
        model = Goal
        fields = []


class IndicatorFilter(ChangedSinceFilterSet):
    program = IdFilter(field_name="program")
    goal = IdFilter(field_name="goals")

    class Meta:
        model = Indicator
        fields = []

    def histories(self):
        return [
            Indicator.history.filter(id=OuterRef("pk")),
            IndicatorValue.history.filter(indicator_id=OuterRef("pk")),
        ]


class FollowUpFilter(django_filters.FilterSet):
    program = IdFilter(field_name="program")
    year = IdFilter(field_name="year")
    status = django_filters.ChoiceFilter(
        choices=AssessmentStatus.choices,
        method="filter_status",
        label="The overall assessment, as decided (or corrected).",
    )
    changed_since = ChangedSinceFilter(
        method="filter_changed_since",
        label="Published or corrected at or after this time (ISO 8601).",
    )

    class Meta:
        model = FollowUp
        fields = []

    def filter_status(self, queryset, name, value):
        newest = (
            ReportVersion.objects.filter(follow_up=OuterRef("pk"))
            .order_by("-number")
            .annotate(overall_status=KT("content__overall_status"))
            .values("overall_status")[:1]
        )
        return queryset.annotate(
            decided_status=Coalesce(Subquery(newest), "overall_status", output_field=CharField())
        ).filter(decided_status=value)

    def filter_changed_since(self, queryset, name, value):
        corrected = ReportVersion.objects.filter(follow_up=OuterRef("pk"), created_at__gte=value)
        return queryset.filter(Q(published_at__gte=value) | Exists(corrected))


class DateRangeFilterSet(ChangedSinceFilterSet):
    date_from = django_filters.DateFilter(
        method="filter_date_from", label="On or after this date (YYYY-MM-DD)."
    )
    date_to = django_filters.DateFilter(
        method="filter_date_to", label="On or before this date (YYYY-MM-DD)."
    )
    date_field = "date"

    def filter_date_from(self, queryset, name, value):
        return queryset.filter(**{f"{self.date_field}__gte": value})

    def filter_date_to(self, queryset, name, value):
        return queryset.filter(**{f"{self.date_field}__lte": value})


class EventFilter(DateRangeFilterSet):
    organization = IdFilter(field_name="body", label="The body (organization) that met.")

    class Meta:
        model = Meeting
        fields = []

    def histories(self):
        return [
            Meeting.history.filter(id=OuterRef("pk")),
            Body.history.filter(id=OuterRef("body_id")),
            AgendaItem.history.filter(meeting_id=OuterRef("pk")),
        ]


class AgendaItemFilter(DateRangeFilterSet):
    event = IdFilter(field_name="meeting", label="The meeting (event).")
    organization = IdFilter(field_name="meeting__body", label="The body (organization).")
    date_field = "meeting__date"

    class Meta:
        model = AgendaItem
        fields = []

    def histories(self):
        return agenda_item_histories()


class PersonFilter(ChangedSinceFilterSet):
    party = IdFilter(field_name="party")

    class Meta:
        model = Person
        fields = []


class OrganizationFilter(ChangedSinceFilterSet):
    class Meta:
        model = Body
        fields = []


class PartyFilter(ChangedSinceFilterSet):
    class Meta:
        model = Party
        fields = []
