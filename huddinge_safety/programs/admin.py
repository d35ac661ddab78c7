from django.contrib import admin

from huddinge_safety.formsets import InlineFormSet
from huddinge_safety.history_admin import HistoryAdmin
from huddinge_safety.organisation.admin import ResponsibleUnitInlineMixin

from .models import Guideline, Program, ResponsibilityArea


class ResponsibilityAreaInline(admin.StackedInline):
    model = ResponsibilityArea
    formset = InlineFormSet
    extra = 0
    show_change_link = True  # the area's own page lists its goals


class GuidelineInline(ResponsibleUnitInlineMixin, admin.StackedInline):
    model = Guideline
    formset = InlineFormSet
    extra = 0


@admin.register(Program)
class ProgramAdmin(HistoryAdmin):
    list_display = ["title", "start_year", "end_year", "adopted_by", "adopted_on"]
    list_select_related = ["adopted_by"]
    search_fields = ["title", "overall_goal"]
    inlines = [ResponsibilityAreaInline, GuidelineInline]


@admin.register(ResponsibilityArea)
class ResponsibilityAreaAdmin(HistoryAdmin):
    list_display = ["__str__", "program"]
    list_filter = ["program"]
    list_select_related = ["program"]
    search_fields = ["title", "sub_goal"]


@admin.register(Guideline)
class GuidelineAdmin(HistoryAdmin):
    list_display = ["title", "program", "responsible_unit"]
    list_filter = ["program", "responsible_unit"]
    list_select_related = ["program", "responsible_unit"]
    search_fields = ["title", "description"]
