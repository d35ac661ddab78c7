"""Site-wide public pages: the home page and search."""

from django.db.models import F
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from huddinge_safety.documents.models import DocumentPage
from huddinge_safety.followups.models import (
    FollowUp,
    GoalAssessment,
    GuidelineAssessment,
    ReportVersion,
)
from huddinge_safety.goals.models import Goal
from huddinge_safety.programs.models import Program
from huddinge_safety.protocols.models import AgendaItem, Meeting, ProtocolNote
from huddinge_safety.search import MAX_QUERY_LENGTH, RESULTS_PER_KIND, Kind, grouped_hits

LATEST_COUNT = 5


@require_safe
def home(request):
    return render(
        request,
        "home.html",
        {
            "programs": Program.objects.all(),
            "follow_ups": FollowUp.objects.published()
            .select_related("program")
            .order_by(F("published_at").desc(nulls_last=True), "-year")[:LATEST_COUNT],
            "meetings": Meeting.objects.select_related("body").with_item_count()[:LATEST_COUNT],
        },
    )


# What the public can search, in the order the result groups are shown, each with
# what the titles of its hits need.
SEARCH_KINDS = [
    Kind(_("Programs"), Program.objects.all()),
    Kind(_("Goals"), Goal.objects.select_related("area__program")),
    # What a published follow-up's report shows: its newest version, corrections included.
    Kind(
        _("Follow-ups"),
        ReportVersion.objects.newest_published()
        .select_related("follow_up__program")
        .defer("content"),
    ),
    Kind(
        _("Assessments of goals"),
        GoalAssessment.objects.published().select_related("goal__area__program"),
    ),
    Kind(
        _("Follow-ups of guidelines"),
        GuidelineAssessment.objects.filter(
            follow_up__status=FollowUp.Status.PUBLISHED
        ).select_related("guideline", "follow_up"),
    ),
    Kind(_("Decisions"), AgendaItem.objects.select_related("meeting__body")),
    Kind(
        _("Protocol notes"),
        ProtocolNote.objects.select_related("on_behalf_of", "agenda_item__meeting__body"),
    ),
    # The text of public attachments, page by page: a hit names its page.
    Kind(_("Documents"), DocumentPage.objects.public().select_related("attachment")),
]


@require_safe
def search(request):
    # A NUL character separates words too: no database text may hold one.
    query = " ".join(request.GET.get("q", "").replace("\x00", " ").split())[:MAX_QUERY_LENGTH]
    groups = []
    if query:
        groups = grouped_hits(SEARCH_KINDS, query)
    return render(
        request,
        "search.html",
        {
            "search_query": query,
            "groups": [(label, hits) for label, hits in groups if hits],
            "hit_count": sum(len(hits) for _, hits in groups),
            "results_per_kind": RESULTS_PER_KIND,
        },
    )
