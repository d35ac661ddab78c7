"""Site-wide public pages: the home page and search."""

from django.db.models import F
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from huddinge_safety.documents.models import DocumentPage
from huddinge_safety.followups.models import (
    FollowUp,
    GoalAssessment,
    GuidelineAssessment,
    ReportVersion,
)
from huddinge_safety.goals.models import Goal
from huddinge_safety.programs.models import Program
from huddinge_safety.protocols.models import AgendaItem, Meeting, ProtocolNote, Vote
from huddinge_safety.readonly import read_only
from huddinge_safety.search import (
    HITS_OF_ONE_KIND,
    MAX_QUERY_LENGTH,
    ONE_KIND_CANDIDATES,
    OVERVIEW_CANDIDATES,
    OVERVIEW_HITS_PER_KIND,
    Kind,
    grouped_hits,
)

LATEST_COUNT = 5


@read_only
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
    Kind("program", _("Programs"), Program.objects.all()),
    Kind("mal", _("Goals"), Goal.objects.select_related("area__program")),
    # What a published follow-up's report shows: its newest version, corrections included.
    Kind(
        "uppfoljningar",
        _("Follow-ups"),
        ReportVersion.objects.newest_published()
        .select_related("follow_up__program")
        .defer("content"),
    ),
    Kind(
        "malbedomningar",
        _("Assessments of goals"),
        GoalAssessment.objects.published().select_related("goal__area__program"),
    ),
    Kind(
        "riktlinjer",
        _("Follow-ups of guidelines"),
        GuidelineAssessment.objects.filter(
            follow_up__status=FollowUp.Status.PUBLISHED
        ).select_related("guideline", "follow_up"),
    ),
    Kind("beslut", _("Decisions"), AgendaItem.objects.select_related("meeting__body")),
    Kind(
        "yrkanden",
        _("Motions"),
        ProtocolNote.objects.filter(kind=ProtocolNote.Kind.MOTION).select_related(
            "on_behalf_of", "agenda_item__meeting__body"
        ),
    ),
    Kind("omrostningar", _("Votes"), Vote.objects.select_related("agenda_item__meeting__body")),
    Kind(
        "protokollsanteckningar",
        _("Protocol notes"),
        ProtocolNote.objects.exclude(kind=ProtocolNote.Kind.MOTION).select_related(
            "on_behalf_of", "agenda_item__meeting__body"
        ),
    ),
    # The text of public attachments, page by page: a hit names its page.
    Kind("dokument", _("Documents"), DocumentPage.objects.public().select_related("attachment")),
]


@read_only
def search(request):
    """The best hits of every kind, or with ``?typ=`` many more of one kind."""
    # A NUL character separates words too: no database text may hold one.
    query = " ".join(request.GET.get("q", "").replace("\x00", " ").split())[:MAX_QUERY_LENGTH]
    chosen = [kind for kind in SEARCH_KINDS if kind.slug == request.GET.get("typ")]
    limit, candidates = (
        (HITS_OF_ONE_KIND, ONE_KIND_CANDIDATES)
        if chosen
        else (OVERVIEW_HITS_PER_KIND, OVERVIEW_CANDIDATES)
    )
    groups = grouped_hits(chosen or SEARCH_KINDS, query, limit, candidates) if query else []
    return render(
        request,
        "search.html",
        {
            "search_query": query,
            "chosen_kind": chosen[0] if chosen else None,
            "groups": [group for group in groups if group.hits],
            "hit_count": sum(len(group.hits) for group in groups),
            "has_more": any(group.has_more for group in groups),
            "limit": limit,
        },
    )
