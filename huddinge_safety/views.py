"""Site-wide public pages: the home page and search."""

from django.db import DatabaseError, connection, transaction
from django.db.models import F
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from huddinge_safety.followups.models import FollowUp, GoalAssessment, GuidelineAssessment
from huddinge_safety.goals.models import Goal
from huddinge_safety.programs.models import Program
from huddinge_safety.protocols.models import AgendaItem, Meeting, ProtocolNote
from huddinge_safety.search import MAX_QUERY_LENGTH, RESULTS_PER_KIND, Kind

LATEST_COUNT = 5


@require_safe
def home(request):
    return render(request, "home.html", {
        "programs": Program.objects.all(),
        "follow_ups": FollowUp.objects.published().select_related("program")
        .order_by(F("published_at").desc(nulls_last=True), "-year")[:LATEST_COUNT],
        "meetings": Meeting.objects.select_related("body").with_item_count()[:LATEST_COUNT],
    })


def note_title(note):
    label = f", {note.attachment_label}" if note.attachment_label else ""
    party = f" för {note.on_behalf_of}" if note.on_behalf_of else ""
    return (f"{note.get_kind_display()}{label}{party} – {note.agenda_item} "
            f"({note.agenda_item.meeting})")


def search_kinds():
    """What the public can search, in the order the result groups are shown."""
    return [
        Kind("Program", Program.objects.all(), ("title", "overall_goal", "description"),
             lambda program: (str(program), program.get_absolute_url())),
        Kind("Mål", Goal.objects.select_related("area__program"), ("text",),
             lambda goal: (f"Mål {goal.code} i {goal.area.program}", goal.get_absolute_url())),
        Kind("Uppföljningar", FollowUp.objects.published().select_related("program"),
             ("summary", "overall_narrative"),
             lambda follow_up: (str(follow_up), follow_up.get_absolute_url())),
        Kind("Bedömningar av mål",
             GoalAssessment.objects.published().select_related("goal__area__program"),
             ("narrative",),
             lambda assessment: (
                 f"Mål {assessment.goal.code} i {assessment.goal.area.program}, "
                 f"{assessment.follow_up.year}",
                 assessment.goal.get_absolute_url(),
             )),
        Kind("Uppföljningar av riktlinjer",
             GuidelineAssessment.objects.filter(follow_up__status=FollowUp.Status.PUBLISHED)
             .select_related("guideline", "follow_up"),
             ("narrative",),
             lambda assessment: (
                 f"{assessment.guideline}, {assessment.follow_up.year}",
                 assessment.follow_up.get_absolute_url() + "#riktlinjer",
             )),
        Kind("Beslut", AgendaItem.objects.select_related("meeting__body"),
             ("title", "decision", "summary"),
             lambda item: (f"{item} – {item.meeting}", item.get_absolute_url())),
        Kind("Protokollsanteckningar",
             ProtocolNote.objects.select_related("agenda_item__meeting__body", "on_behalf_of"),
             ("body",),
             lambda note: (note_title(note), note.get_absolute_url())),
    ]


@require_safe
def search(request):
    query = " ".join(request.GET.get("q", "").split())[:MAX_QUERY_LENGTH]
    groups = []
    if query:
        groups = [(kind.label, kind.search(query)) for kind in search_kinds()]
    return render(request, "search.html", {
        "search_query": query,
        "groups": [(label, hits) for label, hits in groups if hits],
        "hit_count": sum(len(hits) for _, hits in groups),
        "results_per_kind": RESULTS_PER_KIND,
    })


@never_cache
@require_safe
@transaction.non_atomic_requests
def healthz(request):
    """For load balancers and docker compose: "ok" when the database answers."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return HttpResponse("database unavailable", content_type="text/plain", status=503)
    return HttpResponse("ok", content_type="text/plain")
