from decimal import Decimal

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.db import models
from django.template.response import TemplateResponse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from huddinge_safety.concurrency import ConcurrentChangeMixin
from huddinge_safety.formsets import InlineFormSet
from huddinge_safety.programs.admin import ResponsibilityAreaAdmin
from huddinge_safety.programs.models import ResponsibilityArea

from . import kolada
from .models import Goal, Indicator, IndicatorValue


@admin.register(Goal)
class GoalAdmin(ConcurrentChangeMixin, SimpleHistoryAdmin):
    list_display = ["__str__", "area"]
    list_filter = ["area__program"]
    list_select_related = ["area__program"]
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


class IndicatorValueForm(forms.ModelForm):
    def save(self, commit=True):
        # A fetched value that an official changes is theirs from then on: the
        # next import keeps it (and asks before replacing it).
        if {"year", "geography", "value"} & set(self.changed_data):
            self.instance.source, self.instance.fetched_at = "", None
        return super().save(commit)


class IndicatorValueInline(admin.TabularInline):
    model = IndicatorValue
    form = IndicatorValueForm
    formset = InlineFormSet
    extra = 0
    fields = ["year", "geography", "value", "source", "fetched_at"]
    readonly_fields = ["source", "fetched_at"]
    formfield_overrides = {models.DecimalField: {"form_class": SwedishDecimalField}}


class KpiInput(forms.TextInput):
    """A text box with the safety KPIs of ``kolada.SAFETY_KPIS`` as suggestions
    (a datalist: any other KPI id can still be typed)."""

    def render(self, name, value, attrs=None, renderer=None):
        list_id = f"{(attrs or {}).get('id', name)}_forslag"
        box = super().render(name, value, {**(attrs or {}), "list": list_id}, renderer)
        options = format_html_join("", '<option value="{}">{}</option>', kolada.SAFETY_KPIS)
        return format_html('{}<datalist id="{}">{}</datalist>', box, list_id, options)


def kpi_help_text():
    return format_html(
        "{}<ul>{}</ul>",
        _(
            "The id of the key figure in Kolada whose values ”Fetch values from Kolada” "
            "fetches for the municipality, its region and the whole country. Safety KPIs:"
        ),
        format_html_join("", "<li>{}: {}</li>", kolada.SAFETY_KPIS),
    )


@admin.register(Indicator)
class IndicatorAdmin(ConcurrentChangeMixin, SimpleHistoryAdmin):
    list_display = ["name", "unit", "direction", "program"]
    list_filter = ["program", "direction"]
    list_select_related = ["program"]
    search_fields = ["name", "source"]
    inlines = [IndicatorValueInline]
    formfield_overrides = {models.DecimalField: {"form_class": SwedishDecimalField}}
    actions = ["fetch_from_kolada"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "kolada_kpi":
            kwargs.update(widget=KpiInput, help_text=kpi_help_text())
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    @admin.action(description=_("Fetch values from Kolada"), permissions=["change"])
    def fetch_from_kolada(self, request, queryset):
        """Fetch the selected indicators' values. Values entered by hand that
        Kolada has other figures for are listed on a confirmation page first;
        only those ticked there are replaced."""
        indicators = list(queryset.select_related("program"))
        unlinked = [indicator for indicator in indicators if not indicator.kolada_kpi]
        if unlinked:
            self.message_user(
                request,
                gettext("Not linked to a Kolada KPI, so not fetched: %(names)s.")
                % {"names": ", ".join(map(str, unlinked))},
                messages.WARNING,
            )
        linked = [indicator for indicator in indicators if indicator.kolada_kpi]
        try:
            fetched = [(indicator, kolada.fetch_for_indicator(indicator)) for indicator in linked]
        except kolada.KoladaError as error:
            self.message_user(request, str(error), messages.ERROR)
            return None
        confirmed = request.POST.get("confirm") == "yes"
        if not confirmed:
            conflicts = kolada.find_conflicts(fetched)
            if conflicts:
                return TemplateResponse(
                    request,
                    "admin/goals/indicator/kolada_confirmation.html",
                    {
                        **self.admin_site.each_context(request),
                        "title": gettext("Replace values entered by hand?"),
                        "opts": self.model._meta,
                        "conflicts": conflicts,
                        "indicators": linked,
                        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
                    },
                )
        chosen = set(request.POST.getlist("overwrite"))
        for indicator, values in fetched:
            result = kolada.store_values(
                indicator, values, overwrite=lambda conflict: conflict.key in chosen
            )
            self.message_user(
                request,
                kolada.describe(result),
                messages.WARNING if result.conflicts else messages.SUCCESS,
            )
        return None

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


class GoalInline(admin.TabularInline):
    model = Goal
    formset = InlineFormSet
    extra = 0
    fields = ["number", "text"]
    formfield_overrides = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 2})}}

    def get_queryset(self, request):
        # A goal is named by its code, which includes the area's number.
        return super().get_queryset(request).select_related("area")


# programs knows nothing of goals, so the goals app adds them to the area's page.
admin.site.unregister(ResponsibilityArea)


@admin.register(ResponsibilityArea)
class ResponsibilityAreaWithGoalsAdmin(ResponsibilityAreaAdmin):
    inlines = [*ResponsibilityAreaAdmin.inlines, GoalInline]
