from decimal import Decimal

from django import forms
from django.contrib import admin
from django.db import models
from simple_history.admin import SimpleHistoryAdmin

from huddinge_safety.concurrency import ConcurrentChangeMixin
from huddinge_safety.formsets import InlineFormSet
from huddinge_safety.organisation.admin import ResponsibleUnitInlineMixin
from huddinge_safety.programs.admin import ResponsibilityAreaAdmin
from huddinge_safety.programs.models import ResponsibilityArea

from .models import Goal, Indicator, IndicatorValue


@admin.register(Goal)
class GoalAdmin(ConcurrentChangeMixin, SimpleHistoryAdmin):
    list_display = ["__str__", "area", "responsible_unit"]
    list_filter = ["area__program", "responsible_unit"]
    list_select_related = ["area__program", "responsible_unit"]
    search_fields = ["text"]


class SwedishDecimalField(forms.DecimalField):
    """A number with the Swedish decimal comma, typed (”1,5”) and shown (”1,5”, not
    ”1,50”: the column's padding zeros are dropped)."""

    def __init__(self, **kwargs):
        super().__init__(localize=True, **kwargs)
        self.widget.attrs.setdefault("inputmode", "decimal")

    def prepare_value(self, value):
        if isinstance(value, Decimal) and value.is_finite():
            # normalize() would write 100 as 1E+2.
            return value.quantize(1) if value == value.to_integral() else value.normalize()
        return value


class IndicatorValueInline(admin.TabularInline):
    model = IndicatorValue
    formset = InlineFormSet
    extra = 0
    formfield_overrides = {models.DecimalField: {"form_class": SwedishDecimalField}}


@admin.register(Indicator)
class IndicatorAdmin(ConcurrentChangeMixin, SimpleHistoryAdmin):
    list_display = ["name", "unit", "direction", "program"]
    list_filter = ["program", "direction"]
    list_select_related = ["program"]
    search_fields = ["name", "source"]
    inlines = [IndicatorValueInline]
    formfield_overrides = {models.DecimalField: {"form_class": SwedishDecimalField}}

    def change_histories(self, object_id):
        return [
            *super().change_histories(object_id),
            IndicatorValue.history.filter(indicator_id=object_id),
        ]

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        # A plain multiple select (labelled, unlike the autocomplete widget's search
        # box); goals are named by their code, which includes the area's number.
        if db_field.name == "goals":
            kwargs["queryset"] = Goal.objects.select_related("area")
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class GoalInline(ResponsibleUnitInlineMixin, admin.TabularInline):
    model = Goal
    formset = InlineFormSet
    extra = 0
    fields = ["number", "text", "responsible_unit"]
    formfield_overrides = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 2})}}

    def get_queryset(self, request):
        # A goal is named by its code, which includes the area's number.
        return super().get_queryset(request).select_related("area")


# programs knows nothing of goals, so the goals app adds them to the area's page.
admin.site.unregister(ResponsibilityArea)


@admin.register(ResponsibilityArea)
class ResponsibilityAreaWithGoalsAdmin(ResponsibilityAreaAdmin):
    inlines = [*ResponsibilityAreaAdmin.inlines, GoalInline]
