from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import FollowUp, GoalAssessment, GuidelineAssessment


class GoalAssessmentInline(admin.StackedInline):
    model = GoalAssessment
    extra = 0
    fields = ["goal", "status", "narrative"]
    readonly_fields = ["goal"]


class GuidelineAssessmentInline(admin.StackedInline):
    model = GuidelineAssessment
    extra = 0
    fields = ["guideline", "narrative"]
    readonly_fields = ["guideline"]


@admin.register(FollowUp)
class FollowUpAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "year", "status", "overall_status", "program"]
    list_filter = ["status", "program"]
    list_select_related = ["program"]
    search_fields = ["summary", "overall_narrative"]
    raw_id_fields = ["agenda_item"]
    inlines = [GoalAssessmentInline, GuidelineAssessmentInline]
