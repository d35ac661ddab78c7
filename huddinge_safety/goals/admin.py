from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Goal, Indicator, IndicatorValue


@admin.register(Goal)
class GoalAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "area"]
    list_filter = ["area__program"]
    list_select_related = ["area__program"]
    search_fields = ["text"]


class IndicatorValueInline(admin.TabularInline):
    model = IndicatorValue
    extra = 0


@admin.register(Indicator)
class IndicatorAdmin(SimpleHistoryAdmin):
    list_display = ["name", "unit", "direction", "program"]
    list_filter = ["program", "direction"]
    list_select_related = ["program"]
    search_fields = ["name", "source"]
    autocomplete_fields = ["goals"]
    inlines = [IndicatorValueInline]
