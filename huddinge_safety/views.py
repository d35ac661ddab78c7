"""Site-wide public pages: the home page and search."""

from django.db.models import F
from django.shortcuts import render
from django.views.decorators.http import require_safe

from huddinge_safety.followups.models import FollowUp, GoalAssessment, GuidelineAssessment
from huddinge_safety.goals.models import Goal
from huddinge_safety.programs.models import Program
from huddinge_safety.protocols.models import AgendaItem, Meeting, ProtocolNote
from huddinge_safety.search import MAX_QUERY_LENGTH, RESULTS_PER_KIND, Kind, grouped_hits

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


# What the public can search, in the order the result groups are shown.
SEARCH_KINDS = [
    Kind("Program", Program.objects.all(), ("title", "overall_goal", "description"),
         ("pk", "title"),
         lambda program: (str(program), program.get_absolute_url())),
    Kind("Mål", Goal.objects.all(), ("text",),
         ("pk", "number", "area__number", "area__program__title"),
         lambda goal: (f"Mål {goal.code} i {goal.area.program}", goal.get_absolute_url())),
    Kind("Uppföljningar", FollowUp.objects.published(), ("summary", "overall_narrative"),
         ("year", "program__pk", "program__title"),
         lambda follow_up: (str(follow_up), follow_up.get_absolute_url())),
    Kind("Bedömningar av mål", GoalAssessment.objects.published(), ("narrative",),
         ("follow_up__year", "goal__pk", "goal__number", "goal__area__number",
          "goal__area__program__title"),
         lambda assessment: (
             f"Mål {assessment.goal.code} i {assessment.goal.area.program}, "
             f"{assessment.follow_up.year}",
             assessment.goal.get_absolute_url(),
         )),
    Kind("Uppföljningar av riktlinjer",
         GuidelineAssessment.objects.filter(follow_up__status=FollowUp.Status.PUBLISHED),
         ("narrative",),
         ("guideline__title", "follow_up__year", "follow_up__program__pk"),
         lambda assessment: (
             f"{assessment.guideline}, {assessment.follow_up.year}",
             assessment.follow_up.get_absolute_url() + "#riktlinjer",
         )),
    Kind("Beslut", AgendaItem.objects.all(), ("title", "decision", "summary"),
         ("pk", "paragraph", "item_number", "title", "meeting__date", "meeting__body__name"),
         lambda item: (f"{item} – {item.meeting}", item.get_absolute_url())),
    Kind("Protokollsanteckningar", ProtocolNote.objects.all(), ("body",),
         ("pk", "kind", "attachment_label", "on_behalf_of__name", "on_behalf_of__abbreviation",
          "agenda_item__pk", "agenda_item__paragraph", "agenda_item__item_number",
          "agenda_item__title", "agenda_item__meeting__date", "agenda_item__meeting__body__name"),
         lambda note: (note_title(note), note.get_absolute_url())),
]


@require_safe
def search(request):
    # A NUL character separates words too: no database text may hold one.
    query = " ".join(request.GET.get("q", "").replace("\x00", " ").split())[:MAX_QUERY_LENGTH]
    groups = []
    if query:
        groups = grouped_hits(SEARCH_KINDS, query)
    return render(request, "search.html", {
        "search_query": query,
        "groups": [(label, hits) for label, hits in groups if hits],
        "hit_count": sum(len(hits) for _, hits in groups),
        "results_per_kind": RESULTS_PER_KIND,
    })

