from django.contrib import admin

from huddinge_safety.concurrency import ConcurrentChangeMixin
from huddinge_safety.history_admin import HistoryAdmin

from .models import Unit


class ResponsibleUnitInlineMixin:
    """For an inline whose rows name their responsible unit: the units are read
    once for every row's select, not once per row."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "responsible_unit":
            choices = list(field.choices)
            field.choices = choices
            getattr(field.widget, "widget", field.widget).choices = choices
        return field


@admin.register(Unit)
class UnitAdmin(ConcurrentChangeMixin, HistoryAdmin):
    list_display = ["name", "kind"]
    list_filter = ["kind"]
    search_fields = ["name"]
    filter_horizontal = ["officials"]
