"""Public pages: a program with its status matrix, a goal, a follow-up report."""

from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.auth.decorators import permission_required
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_safe

from huddinge_safety.goals.charts import IndicatorChart
from huddinge_safety.goals.models import Goal, Indicator
from huddinge_safety.pdf import (
    DRAFT_STYLESHEET,
    cached_pdf_response,
    file_slug,
    html_to_pdf,
    pdf_version,
    render_html,
)
from huddinge_safety.programs.models import Program
from huddinge_safety.protocols.views import PublicDetailView

from .models import FollowUp, GoalAssessment
from .presenters import StatusMatrix, report_context


class ProgramView(PublicDetailView):
    template_name = "followups/program.html"
    queryset = Program.objects.select_related("adopted_by").prefetch_related(
        "areas__goals", "guidelines"
    )

    def get_context_data(self, **kwargs):
        follow_ups = self.object.follow_ups.published().for_status_matrix()
        return super().get_context_data(matrix=StatusMatrix(self.object, follow_ups), **kwargs)


class GoalView(PublicDetailView):
    template_name = "followups/goal.html"
    queryset = Goal.objects.select_related("area__program").prefetch_related(
        Prefetch("assessments", queryset=GoalAssessment.objects.published(),
                 to_attr="published_assessments"),
        Prefetch("indicators", queryset=Indicator.objects.prefetch_related("values")),
    )

    def get_context_data(self, **kwargs):
        charts = [IndicatorChart(indicator) for indicator in self.object.indicators.all()]
        return super().get_context_data(charts=charts, **kwargs)


class ReportView(PublicDetailView):
    """The whole published follow-up of one program-year; drafts answer 404."""

    template_name = "followups/report.html"
    context_object_name = "follow_up"

    def get_object(self, queryset=None):
        # program__pk, not program_id: its lookup answers an out-of-range id with
        # no rows instead of an overflow error.
        return get_object_or_404(
            FollowUp.objects.published().for_report(),
            program__pk=self.kwargs["program_id"], year=self.kwargs["year"],
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(**report_context(self.object), **kwargs)


def report_html(follow_up_pk):
    """The follow-up and its report as the PDF shows it (cover and table of contents)."""
    follow_up = FollowUp.objects.for_report().get(pk=follow_up_pk)
    return follow_up, render_html("followups/report_pdf.html", report_context(follow_up))


def report_pdf(follow_up_pk, *, base_url):
    """The report of a follow-up of any status as PDF bytes; ”UTKAST” on every page
    until the follow-up is approved."""
    follow_up, html = report_html(follow_up_pk)
    title = str(follow_up) if follow_up.is_locked else f"UTKAST: {follow_up}"
    return html_to_pdf(
        html, base_url=base_url, title=title,
        subject=f"Bedömning av programmets mål och riktlinjer under {follow_up.year} "
                f"och beslutet om uppföljningen",
        stylesheets=[] if follow_up.is_locked else [DRAFT_STYLESHEET],
    )


def report_pdf_response(request, follow_up, *, public):
    """Serve the report PDF of ``follow_up`` (annotated ``with_last_change()``)
    from the cache while nothing in it has changed."""
    base_url = request.build_absolute_uri("/")
    return cached_pdf_response(
        request,
        version=pdf_version("follow-up", follow_up.pk, follow_up.last_change, base_url),
        last_modified=follow_up.last_change,
        filename=f"uppfoljning-{follow_up.year}-{file_slug(follow_up.program.title)}.pdf",
        render=lambda: report_pdf(follow_up.pk, base_url=base_url),
        public=public,
    )


@require_safe
def published_report_pdf(request, program_id, year):
    """The published report as PDF, for anyone; other statuses answer 404."""
    follow_up = get_object_or_404(
        FollowUp.objects.published().with_last_change().select_related("program"),
        program__pk=program_id, year=year,
    )
    return report_pdf_response(request, follow_up, public=True)


@require_safe
@staff_member_required
@permission_required("followups.view_followup", raise_exception=True)
def draft_report_pdf(request, pk):
    """Any follow-up's report as PDF, for staff (the button on its admin page)."""
    follow_up = get_object_or_404(
        FollowUp.objects.with_last_change().select_related("program"), pk=pk
    )
    return report_pdf_response(request, follow_up, public=False)
