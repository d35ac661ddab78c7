"""What the program, goal and report pages show beyond model instances: the
status matrix with its overview and changes, a goal's history with the changes
of its text, the report's content and its indicator charts.

The report is rendered from plain content (dicts and lists, as JSON stores
them): built from the live models for a draft, read from the frozen
``ReportVersion`` for an approved follow-up. So the template cannot tell them
apart, and a decided report shows what was decided."""

import re
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from difflib import SequenceMatcher
from functools import cache, cached_property
from typing import NamedTuple

from django.conf import settings
from django.urls import reverse
from django.utils.dateparse import parse_date
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext

from huddinge_safety.goals.charts import IndicatorChart
from huddinge_safety.goals.models import Indicator, goal_heading
from huddinge_safety.protocols.models import ProtocolNote, VoteChoice

from .models import AssessmentStatus, GoalAssessment


def status_badge(value):
    """An assessment status as symbol and text, never colour alone."""
    return language_status_badge(value, get_language())


# Made once per status and language, not once per goal: the program page and
# the report show hundreds, and make bench's uncached targets for them are met
# only so.
@cache
def language_status_badge(value, language):
    status = AssessmentStatus(value)
    return format_html(
        '<span class="status status-{}"><span class="status-symbol" aria-hidden="true">{}'
        "</span> {}</span>",
        status.value,
        status.symbol,
        status.label,
    )


# How far each status has come, to tell whether a goal went better or worse
# since the year before. "Not assessed" says nothing about progress, so a change
# from or to it is not told.
STATUS_PROGRESS = {
    AssessmentStatus.NOT_STARTED: 0,
    AssessmentStatus.NOT_ON_TRACK: 1,
    AssessmentStatus.PARTLY_ON_TRACK: 2,
    AssessmentStatus.ON_TRACK: 3,
    AssessmentStatus.FULFILLED: 4,
}
# Colour of each status in the stacked bars: WCAG's 3:1 against white; the
# counts beside each bar say the same in text.
STATUS_COLORS = {
    AssessmentStatus.FULFILLED: "#1d6b38",
    AssessmentStatus.ON_TRACK: "#3a8a50",
    AssessmentStatus.PARTLY_ON_TRACK: "#a86b00",
    AssessmentStatus.NOT_ON_TRACK: "#a4262c",
    AssessmentStatus.NOT_STARTED: "#4f5b62",
    AssessmentStatus.NOT_ASSESSED: "#8a959b",
}
GOOD_STATUSES = {AssessmentStatus.FULFILLED, AssessmentStatus.ON_TRACK}


class Change(NamedTuple):
    kind: str  # "better", "worse" or "unchanged"
    symbol: str
    text: str


def status_change(status, previous, previous_year):
    """How ``status`` compares with ``previous``, the status of the year
    ``previous_year``, or None when either is missing or not assessed."""
    if status not in STATUS_PROGRESS or previous not in STATUS_PROGRESS:
        return None
    difference = STATUS_PROGRESS[status] - STATUS_PROGRESS[previous]
    if difference > 0:
        return Change("better", "▲", gettext("Better than %(year)s") % {"year": previous_year})
    if difference < 0:
        return Change("worse", "▼", gettext("Worse than %(year)s") % {"year": previous_year})
    return Change("unchanged", "=", gettext("Unchanged since %(year)s") % {"year": previous_year})


def change_badge(change):
    """A change against the year before as symbol and text, never colour alone."""
    if change is None:
        return ""
    return format_html(
        '<span class="change change-{}"><span class="change-symbol" aria-hidden="true">{}'
        "</span> {}</span>",
        change.kind,
        change.symbol,
        change.text,
    )


class Segment(NamedTuple):
    """One status's part of a stacked bar, in per cent of its width."""

    status: object
    count: int
    x: str
    width: str
    color: str


class StatusCounts:
    """How many goals have each status, for an overview's text and stacked bar."""

    def __init__(self, statuses):
        counts = Counter(statuses)
        self.total = sum(counts.values())
        self.good = sum(counts[status] for status in GOOD_STATUSES)
        self.items = [
            (status, counts[status], status_badge(status))
            for status in AssessmentStatus
            if counts[status]
        ]
        self.segments = []
        start = 0
        for status, count, _badge in self.items:
            self.segments.append(
                Segment(
                    status,
                    count,
                    f"{100 * start / self.total:.2f}",
                    f"{100 * count / self.total:.2f}",
                    STATUS_COLORS[status],
                )
            )
            start += count

    @cached_property
    def html(self):
        """The stacked bar and the same counts as text. The bar repeats the text
        beside it, so it is hidden from screen readers. Made here rather than in
        a template: the program page shows six of these for each year, and make
        bench's uncached target for it is met only without a template each."""
        bar = format_html_join(
            "",
            '<rect x="{}" width="{}" height="10" fill="{}" stroke="#fff" stroke-width="0.4" '
            'vector-effect="non-scaling-stroke"/>',
            ((segment.x, segment.width, segment.color) for segment in self.segments),
        )
        counts = format_html_join(
            "\n", "<li>{}: {}</li>", ((badge, count) for _status, count, badge in self.items)
        )
        return format_html(
            '<div class="status-counts"><svg class="status-bar" viewBox="0 0 100 10" '
            'preserveAspectRatio="none" width="100%" height="12" aria-hidden="true" '
            'focusable="false">{}</svg><ul class="status-count-list">{}</ul></div>',
            bar,
            counts,
        )


class AreaOverview(NamedTuple):
    id: int
    title: str
    counts: StatusCounts


class YearOverview(NamedTuple):
    """The goals' statuses in one follow-up: for the whole program and per area."""

    year: int
    total: StatusCounts
    areas: list


def year_overview(year, areas):
    """``areas`` is a list of (id, title, statuses of the area's goals that year)."""
    return YearOverview(
        year,
        StatusCounts(status for *_area, statuses in areas for status in statuses),
        [AreaOverview(*area, StatusCounts(statuses)) for *area, statuses in areas if statuses],
    )


class Cells:
    """The cells of the status matrix: a status's badge and its change against
    the follow-up before, or "No assessment"; and the rows they make.

    The matrix is made here rather than in a template: make bench's uncached
    target for the program page (100 goals × 4 years) is met only with each
    distinct cell made once, not once per goal and year, and with each area's
    rows put in the page as one piece of HTML."""

    def __init__(self):
        self.made = {}

    def goal_rows(self, goals, years):
        """A <tr> for each of ``goals``, (goal, its statuses newest first): the
        goal's link and text, which stay in view while the row scrolls sideways,
        then its cells."""
        goal_label = gettext("Goal")
        return format_html_join(
            "",
            '<tr><th scope="row" class="pinned"><a href="{}">{} {}</a>{}</th>{}</tr>',
            (
                (
                    goal.get_absolute_url(),
                    goal_label,
                    goal.code,
                    format_html(
                        ' <span class="goal-summary" lang="{}">{}</span>',
                        settings.LANGUAGE_CODE,
                        goal.text,
                    )
                    if goal.text
                    else "",
                    self.row(statuses, years),
                )
                for goal, statuses in goals
            ),
        )

    def row(self, statuses, years):
        """The <td> elements of one row: ``statuses`` and ``years`` newest first."""
        # Each cell is made by format_html, so their concatenation is safe too.
        return mark_safe(  # noqa: S308
            "".join(
                self.cell(status, *((statuses[n + 1], years[n + 1]) if n + 1 < len(years) else ()))
                for n, status in enumerate(statuses)
            )
        )

    def cell(self, status, previous=None, previous_year=None):
        key = (status, previous, previous_year)
        if key not in self.made:
            self.made[key] = self.make(status, previous, previous_year)
        return self.made[key]

    def make(self, status, previous, previous_year):
        if status is None:
            return format_html('<td><span class="muted">{}</span></td>', gettext("No assessment"))
        change = change_badge(status_change(status, previous, previous_year))
        if change:
            return format_html("<td>{} {}</td>", status_badge(status), change)
        return format_html("<td>{}</td>", status_badge(status))


class StatusMatrix:
    """A program's goals × its published follow-ups (newest first) for the
    program page, with an overview of the statuses per year and area.

    ``program`` needs its areas and their goals prefetched. ``area`` and
    ``status`` filter the rows: the goals of one area, the goals with that
    status in the newest follow-up. The overview counts every goal."""

    def __init__(self, program, follow_ups, *, area=None, status=None):
        self.follow_ups = sorted(follow_ups, key=lambda follow_up: follow_up.year, reverse=True)
        years = [follow_up.year for follow_up in self.follow_ups]
        cells = Cells()
        # make bench's uncached target for the program page is met only with the
        # statuses as plain values, not as hundreds of assessment instances.
        statuses = {
            (follow_up_id, goal_id): status
            for follow_up_id, goal_id, status in GoalAssessment.objects.filter(
                follow_up__in=self.follow_ups
            )
            .order_by()  # the default order joins the goals and areas
            .values_list("follow_up_id", "goal_id", "status")
        }
        by_area = [
            (
                area_,
                [
                    (goal, [statuses.get((follow_up.pk, goal.pk)) for follow_up in self.follow_ups])
                    for goal in area_.goals.all()
                ],
            )
            for area_ in program.areas.all()
        ]
        self.overall = cells.row([follow_up.overall_status for follow_up in self.follow_ups], years)
        self.overview = [
            year_overview(
                year,
                [
                    (
                        area_.pk,
                        str(area_),
                        [row[n] for _goal, row in goals if row[n] is not None],
                    )
                    for area_, goals in by_area
                ],
            )
            for n, year in enumerate(years)
        ]
        self.goal_count = sum(len(goals) for _area, goals in by_area)
        shown = [
            (
                area_,
                [
                    (goal, row)
                    for goal, row in goals
                    if status is None or (row and row[0] == status)
                ],
            )
            for area_, goals in by_area
            if area is None or area_.pk == area
        ]
        self.areas = [(area_, cells.goal_rows(goals, years)) for area_, goals in shown]
        self.shown_count = sum(len(goals) for _area, goals in shown)
        self.is_filtered = area is not None or status is not None


class Revision(NamedTuple):
    """A goal's published assessment with what changed since the one before."""

    assessment: object
    previous_year: object  # None for the first assessment
    change: object  # a change badge, or ""
    diff: object  # the narrative's word-level diff, or None when unchanged


def goal_history(assessments):
    """``assessments`` of one goal, newest first, each with its change against
    the one before it."""
    assessments = list(assessments)
    revisions = []
    # The oldest has none before it (and a goal may have no assessment at all).
    for assessment, previous in zip(assessments, [*assessments[1:], None], strict=False):
        if previous is None:
            revisions.append(Revision(assessment, None, "", None))
            continue
        year = previous.follow_up.year
        revisions.append(
            Revision(
                assessment,
                year,
                change_badge(status_change(assessment.status, previous.status, year)),
                narrative_diff(previous.narrative, assessment.narrative),
            )
        )
    return revisions


# A word, or a paragraph break (kept so that the diff keeps the paragraphs).
WORD = re.compile(r"\n\s*\n|\S+")


def words(text):
    return ["\n\n" if word.startswith("\n") else word for word in WORD.findall(text.strip())]


def narrative_diff(old, new):
    """The words of ``new`` with those added since ``old`` in <ins> and those
    removed in <del>, each marked in words for screen readers; None when the
    words are the same."""
    old_words, new_words = words(old), words(new)
    if old_words == new_words:
        return None
    parts = []
    matcher = SequenceMatcher(None, old_words, new_words, autojunk=False)
    for operation, old_start, old_end, new_start, new_end in matcher.get_opcodes():
        if operation == "equal":
            parts.append(format_html("{}", " ".join(new_words[new_start:new_end])))
            continue
        if operation in ("delete", "replace"):
            parts.append(marked("del", gettext("[removed: "), old_words[old_start:old_end]))
        if operation in ("insert", "replace"):
            parts.append(marked("ins", gettext("[added: "), new_words[new_start:new_end]))
    return format_html_join(" ", "{}", ((part,) for part in parts))


def marked(tag, label, changed):
    """``changed`` words in <ins> or <del>, with ``label`` and a closing bracket
    around them for screen readers (which do not announce those elements)."""
    return format_html(
        '<{}><span class="visually-hidden">{}</span>{}<span class="visually-hidden">]</span></{}>',
        tag,
        label,
        " ".join(changed),
        tag,
    )


def report_content(follow_up):
    """Everything the report of ``follow_up`` shows, as JSON-ready content.
    ``follow_up`` comes from ``FollowUp.objects.for_report()``. Indicator values
    after the follow-up's year are left out: the report speaks of its year.

    Links are kept as the ids of what they lead to, not as URLs: the templates
    make the URLs, so that a frozen version links right whatever the site's
    addresses become (another language, a moved page)."""
    program = follow_up.program
    by_area = {}
    for assessment in follow_up.goal_assessments.all():
        by_area.setdefault(assessment.goal.area_id, []).append(
            {
                "id": assessment.goal_id,
                "code": assessment.goal.code,
                "text": assessment.goal.text,
                "status": assessment.status,
                "narrative": assessment.narrative,
            }
        )
    return {
        "program": {
            "id": program.pk,
            "title": program.title,
            "period": program.period,
        },
        "year": follow_up.year,
        "summary": follow_up.summary,
        "document_reference": follow_up.document_reference,
        "overall_status": follow_up.overall_status,
        "overall_narrative": follow_up.overall_narrative,
        "areas": [
            {
                "id": area.pk,
                "title": str(area),
                "sub_goal": area.sub_goal,
                "goals": by_area.get(area.pk, []),
            }
            for area in program.areas.all()
        ],
        "guidelines": [
            {
                "id": assessment.guideline_id,
                "title": str(assessment.guideline),
                "narrative": assessment.narrative,
            }
            for assessment in follow_up.guideline_assessments.all()
        ],
        "indicators": [
            {
                "id": indicator.pk,
                "name": indicator.name,
                "unit": indicator.unit,
                "source": indicator.source,
                "direction": indicator.direction,
                "baseline": reference_content(indicator.baseline_year, indicator.baseline_value),
                "target": reference_content(indicator.target_year, indicator.target_value),
                "values": [
                    {
                        "year": value.year,
                        "geography": value.geography,
                        "value": str(value.value),
                        "source": value.source,
                    }
                    for value in indicator.values.all()
                    if value.year <= follow_up.year
                ],
            }
            for indicator in program.indicators.all()
        ],
        "decision": decision_content(follow_up.agenda_item),
    }


def reference_content(year, value):
    """An indicator's baseline or target as content, or None."""
    return None if value is None else {"year": year, "value": str(value)}


def decision_content(item):
    """The agenda item that decided the follow-up, as the report shows it."""
    if item is None:
        return None
    return {
        "id": item.pk,
        "title": item.title,
        "body": {"id": item.meeting.body_id, "name": str(item.meeting.body)},
        "meeting": {
            "id": item.meeting_id,
            "date": item.meeting.date and item.meeting.date.isoformat(),
        },
        "item_number": item.item_number,
        "paragraph": item.paragraph,
        "registry_number": item.registry_number,
        "decision": item.decision,
        "document_references": [str(reference) for reference in item.document_references.all()],
        "recusals": [
            {"person_id": recusal.person_id, "name": str(recusal.person), "note": recusal.note}
            for recusal in item.recusals.all()
        ],
        "votes": [
            {
                "id": vote.pk,
                "order": vote.order,
                "proposition": vote.proposition,
                "outcome": vote.outcome,
                "is_named": bool(vote.ballots.all()),
                "answers": [
                    {
                        "choice": answer.choice.value,
                        "count": answer.count,
                        "ballots": [
                            {
                                "person_id": ballot.person_id,
                                "name": str(ballot.person),
                                "party": ballot.party and ballot.party.abbreviation,
                                "is_substitute": ballot.is_substitute,
                            }
                            for ballot in answer.ballots
                        ],
                    }
                    for answer in vote.answers()
                ],
            }
            for vote in item.votes.all()
        ],
        "speakers": [
            {
                "person_id": speaker.person_id,
                "name": str(speaker.person),
                "party_id": speaker.party_id,
                "party": speaker.party and speaker.party.abbreviation,
                "title": speaker.title,
            }
            for speaker in item.speakers.all()
        ],
        "notes": [
            {
                "id": note.pk,
                "kind": note.kind,
                "attachment_label": note.attachment_label,
                "date": note.date and note.date.isoformat(),
                "body": note.body,
                "on_behalf_of": note.on_behalf_of
                and {"id": note.on_behalf_of_id, "name": str(note.on_behalf_of)},
                "signatories": [
                    {
                        "person_id": signatory.person_id,
                        "name": str(signatory.person),
                        "party": signatory.person.party and signatory.person.party.abbreviation,
                        "is_substitute": signatory.is_substitute,
                    }
                    for signatory in note.signatories.all()
                ],
            }
            for note in item.notes.all()
        ],
    }


@dataclass
class ChartIndicator:
    """An indicator of the report's content, with the names the chart template
    (goals/_indicator_chart.html) reads from an ``Indicator``."""

    pk: int
    name: str
    unit: str
    source: str
    get_direction_display: str
    baseline_year: int | None = None
    baseline_value: Decimal | None = None
    target_year: int | None = None
    target_value: Decimal | None = None


@dataclass
class ChartValue:
    year: int
    geography: str
    value: Decimal
    source: str = ""


def report_context(content):
    """The context of the report template (page and PDF) for ``content`` (from
    ``report_content()`` or a frozen version): the content with its dates as
    dates, and a chart of each indicator."""
    decision = content["decision"]
    if decision:
        decision = {
            **decision,
            "meeting": {**decision["meeting"], "date": as_date(decision["meeting"]["date"])},
            "notes": [
                {
                    **note,
                    "date": as_date(note["date"]),
                    "kind_label": ProtocolNote.Kind(note["kind"]).label,
                }
                for note in decision["notes"]
            ],
            # Versions frozen before votes and conflicts of interest were kept have neither.
            "recusals": decision.get("recusals", []),
            "votes": [
                {
                    **vote,
                    "answers": [
                        {**answer, "label": VoteChoice(answer["choice"]).label}
                        for answer in vote["answers"]
                    ],
                }
                for vote in decision.get("votes", [])
            ],
        }
    charts = [
        IndicatorChart(
            ChartIndicator(
                indicator["id"],
                indicator["name"],
                indicator["unit"],
                indicator["source"],
                Indicator.Direction(indicator["direction"]).label,
                # Versions frozen before indicators had baselines and targets have neither.
                *reference_fields(indicator.get("baseline")),
                *reference_fields(indicator.get("target")),
            ),
            [
                # Versions frozen before values had sources have none.
                ChartValue(
                    value["year"],
                    value["geography"],
                    Decimal(value["value"]),
                    value.get("source", ""),
                )
                for value in indicator["values"]
            ],
        )
        for indicator in content["indicators"]
    ]
    overview = year_overview(
        content["year"],
        [
            (area["id"], area["title"], [goal["status"] for goal in area["goals"]])
            for area in content["areas"]
        ],
    )
    # Each goal's address and heading made here with reverse() and goal_heading()
    # rather than with {% url %} and {% blocktranslate %} in the template, which
    # cost twice as much: make bench's uncached target for the report (40 goals)
    # is met only so.
    areas = [
        {
            **area,
            "goals": [
                {
                    **goal,
                    "url": reverse("followups:goal", args=[goal["id"]]),
                    "heading": goal_heading(goal["code"]),
                }
                for goal in area["goals"]
            ],
        }
        for area in content["areas"]
    ]
    return {
        "report": {**content, "areas": areas, "decision": decision},
        "charts": charts,
        "overview": overview,
    }


def reference_fields(reference):
    """A baseline or target of content as (year, value), (None, None) when absent."""
    return (reference["year"], Decimal(reference["value"])) if reference else (None, None)


def as_date(text):
    return parse_date(text) if text else None
