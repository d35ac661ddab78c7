"""Public pages: a program with its status matrix, a goal, a follow-up report."""

from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.auth.decorators import permission_required
from django.db.models import Exists, OuterRef, Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_safe

from huddinge_safety.documents.models import Attachment
from huddinge_safety.goals.charts import IndicatorChart
from huddinge_safety.goals.models import Goal, Indicator
from huddinge_safety.pdf import (
    cached_pdf_response,
    draft_stylesheets,
    file_slug,
    html_to_pdf,
    pdf_version,
    render_html,
)
from huddinge_safety.programs.models import Program
from huddinge_safety.protocols.views import PublicDetailView
from huddinge_safety.readonly import read_only

from .forms import MatrixFilterForm
from .models import FollowUp, GoalAssessment
from .presenters import StatusMatrix, goal_history, report_content, report_context


class ProgramView(PublicDetailView):
    template_name = "followups/program.html"
    # The goals and follow-ups are ordered without their default orders, which join
    # each row's area and program again: the page's uncached make bench target is
    # met only so (issue 12). Within one program the order is the same.
    queryset = Program.objects.select_related("adopted_by").prefetch_related(
        Prefetch("areas__goals", queryset=Goal.objects.order_by("area_id", "number")),
        "guidelines",
    )

    def get_context_data(self, **kwargs):
        follow_ups = self.object.follow_ups.published().order_by("-year")
        form = MatrixFilterForm(self.request.GET or None, areas=self.object.areas.all())
        matrix = StatusMatrix(self.object, follow_ups, **form.filters())
        return super().get_context_data(matrix=matrix, filter_form=form, **kwargs)


class GoalView(PublicDetailView):
    template_name = "followups/goal.html"
    queryset = Goal.objects.select_related("area__program", "responsible_unit").prefetch_related(
        Prefetch(
            "assessments",
            queryset=GoalAssessment.objects.published().order_by("-follow_up__year"),
            to_attr="published_assessments",
        ),
        Prefetch("indicators", queryset=Indicator.objects.prefetch_related("values")),
    )

    def get_context_data(self, **kwargs):
        charts = [IndicatorChart(indicator) for indicator in self.object.indicators.all()]
        history = goal_history(self.object.published_assessments)
        return super().get_context_data(charts=charts, history=history, **kwargs)


def report_source(follow_up, number=None):
    """The version of ``follow_up``'s report to show (``number``, or the newest)
    and all its versions, oldest first. A draft has none: its report reads live
    data. So does a follow-up decided before versions existed, until
    ``manage.py freeze_decided_follow_ups`` freezes that same data: hiding its
    published decision from the public in between would serve no one."""
    versions = list(follow_up.versions.order_by("number"))
    if number is None:
        return (versions[-1] if versions else None), versions
    for version in versions:
        if version.number == number:
            return version, versions
    raise Http404


def report_page_context(follow_up, version, versions):
    """The report template's context: the frozen content of ``version``, or the
    live data when there is none."""
    content = (
        version.content
        if version
        else report_content(FollowUp.objects.for_report().get(pk=follow_up.pk))
    )
    return {
        **report_context(content),
        "follow_up": follow_up,
        "version": version,
        "versions": versions,
        "newest": versions[-1] if versions else None,
    }


def program_year_follow_up(program_id, year, follow_ups=FollowUp.objects):
    # program__pk, not program_id: its lookup answers an out-of-range id with
    # no rows instead of an overflow error.
    return get_object_or_404(
        follow_ups.select_related("program"), program__pk=program_id, year=year
    )


def not_published(request, follow_up):
    """The 404 of a follow-up that exists but is not published: it says so, and
    shows nothing of the follow-up but its program and year."""
    return render(request, "followups/not_published.html", {"follow_up": follow_up}, status=404)


@read_only
def report(request, program_id, year, number=None):
    """The published follow-up of one program-year (its newest version, or
    version ``number``); other statuses answer 404.

    ``has_attachments`` says whether the page lists files. Most follow-ups have
    none: asked here, it costs less than the listing's own query, without which the
    page misses its speed target in ``make bench`` (issue 12)."""
    public_files = Attachment.objects.public().filter(follow_up=OuterRef("pk"))
    follow_up = program_year_follow_up(
        program_id, year, FollowUp.objects.annotate(has_attachments=Exists(public_files))
    )
    if follow_up.status != FollowUp.Status.PUBLISHED:
        return not_published(request, follow_up)
    version, versions = report_source(follow_up, number)
    context = report_page_context(follow_up, version, versions)
    if version is None or version == versions[-1]:
        context["pdf_url"] = reverse("followups:report_pdf", args=[program_id, year])
    else:
        context["pdf_url"] = version.get_pdf_url()
    return render(request, "followups/report.html", context)


def report_html(follow_up_pk, number=None):
    """The follow-up and its report as the PDF shows it (cover and table of contents)."""
    follow_up = FollowUp.objects.select_related("program").get(pk=follow_up_pk)
    context = report_page_context(follow_up, *report_source(follow_up, number))
    return follow_up, render_html("followups/report_pdf.html", context)


def report_pdf(follow_up_pk, *, base_url, number=None):
    """The report of a follow-up of any status as PDF bytes; ”UTKAST” on every page
    until the follow-up is approved."""
    follow_up, html = report_html(follow_up_pk, number)
    title = (
        str(follow_up)
        if follow_up.is_locked
        else gettext("DRAFT: %(follow_up)s") % {"follow_up": follow_up}
    )
    return html_to_pdf(
        html,
        base_url=base_url,
        title=title,
        subject=gettext(
            "Assessment of the program's goals and guidelines during %(year)s "
            "and the decision on the follow-up"
        )
        % {"year": follow_up.year},
        stylesheets=[] if follow_up.is_locked else draft_stylesheets(),
    )


def report_pdf_response(request, follow_up, *, public, number=None):
    """Serve the report PDF of ``follow_up`` from the cache while nothing in it
    has changed: a frozen version never does; live data (a draft) is checked
    with ``with_last_change()``."""
    base_url = request.build_absolute_uri("/")
    version, _versions = report_source(follow_up, number)
    if version is None:
        last_change = FollowUp.objects.with_last_change().get(pk=follow_up.pk).last_change
        key, last_modified = ("follow-up", follow_up.pk, last_change), last_change
    else:
        key = ("report-version", version.pk, version.sha256, follow_up.status)
        last_modified = max(version.created_at, follow_up.published_at or version.created_at)
    suffix = f"-version-{number}" if number else ""
    return cached_pdf_response(
        request,
        version=pdf_version(*key, base_url),
        last_modified=last_modified,
        filename=gettext("follow-up-%(year)s-%(slug)s%(suffix)s.pdf")
        % {"year": follow_up.year, "slug": file_slug(follow_up.program.title), "suffix": suffix},
        render=lambda: report_pdf(follow_up.pk, base_url=base_url, number=number),
        public=public,
    )


@read_only
def published_report_pdf(request, program_id, year, number=None):
    """The published report (its newest version, or version ``number``) as PDF,
    for anyone; other statuses answer 404."""
    follow_up = program_year_follow_up(program_id, year)
    if follow_up.status != FollowUp.Status.PUBLISHED:
        return not_published(request, follow_up)
    return report_pdf_response(request, follow_up, public=True, number=number)


@require_safe
@staff_member_required
@permission_required("followups.view_followup", raise_exception=True)
def draft_report_pdf(request, pk):
    """Any follow-up's report as PDF, for staff (the button on its admin page)."""
    follow_up = get_object_or_404(FollowUp.objects.select_related("program"), pk=pk)
    return report_pdf_response(request, follow_up, public=False)
