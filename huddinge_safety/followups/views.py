"""Public pages: a program with its status matrix, a goal, a follow-up report."""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.views.generic import DetailView

from huddinge_safety.goals.models import Goal, Indicator
from huddinge_safety.programs.models import Program, ResponsibilityArea

from .models import FollowUp, GoalAssessment


class PublicDetailView(DetailView):
    http_method_names = ["get", "head"]


class ProgramView(PublicDetailView):
    template_name = "followups/program.html"
    queryset = Program.objects.select_related("adopted_by").prefetch_related(
        Prefetch("areas", queryset=ResponsibilityArea.objects.prefetch_related("goals")),
        "guidelines",
    )

    def get_context_data(self, **kwargs):
        follow_ups, areas = FollowUp.objects.status_matrix(self.object)
        return super().get_context_data(follow_ups=follow_ups, areas=areas, **kwargs)


class GoalView(PublicDetailView):
    template_name = "followups/goal.html"
    queryset = Goal.objects.select_related("area__program").prefetch_related(
        Prefetch("assessments", queryset=GoalAssessment.objects.published(),
                 to_attr="published_assessments"),
        Prefetch("indicators", queryset=Indicator.objects.prefetch_related("values")),
    )


class ReportView(PublicDetailView):
    """The whole published follow-up of one program-year; drafts answer 404."""

    template_name = "followups/report.html"
    context_object_name = "follow_up"

    def get_object(self, queryset=None):
        return get_object_or_404(
            FollowUp.objects.published().for_report(),
            program_id=self.kwargs["program_id"], year=self.kwargs["year"],
        )

