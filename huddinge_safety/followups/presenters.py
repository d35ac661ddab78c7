"""What the program page and the follow-up report show beyond model instances:
the status matrix, the report's content and its indicator charts.

The report is rendered from plain content (dicts and lists, as JSON stores
them): built from the live models for a draft, read from the frozen
``ReportVersion`` for an approved follow-up. So the template cannot tell them
apart, and a decided report shows what was decided."""

from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple

from django.utils.dateparse import parse_date
from django.utils.html import format_html

from huddinge_safety.goals.charts import IndicatorChart
from huddinge_safety.goals.models import Indicator
from huddinge_safety.protocols.models import ProtocolNote

from .models import AssessmentStatus, GoalAssessment


def status_badge(value):
    """An assessment status as symbol and text, never colour alone."""
    status = AssessmentStatus(value)
    return format_html(
        '<span class="status status-{}"><span class="status-symbol" aria-hidden="true">{}'
        "</span> {}</span>",
        status.value,
        status.symbol,
        status.label,
    )


class GoalRow(NamedTuple):
    """A goal of the status matrix, with its status badge, or None, in each
    published follow-up."""

    goal: object
    badges: list


class StatusMatrix:
    """A program's goals × its published follow-ups, for the program page.

    ``program`` needs its areas and their goals prefetched; ``follow_ups`` is the
    program's published follow-ups, oldest first."""

    def __init__(self, program, follow_ups):
        self.follow_ups = list(follow_ups)
        # make bench's uncached target for the program page is met only with the
        # statuses as plain values, not as hundreds of assessment instances, and
        # each status's badge made once rather than once per cell.
        badges = {status: status_badge(status) for status in AssessmentStatus.values}
        statuses = {
            (follow_up_id, goal_id): badges[status]
            for follow_up_id, goal_id, status in GoalAssessment.objects.filter(
                follow_up__in=self.follow_ups
            )
            .order_by()  # the default order joins the goals and areas
            .values_list("follow_up_id", "goal_id", "status")
        }
        self.areas = [
            (
                area,
                [
                    GoalRow(
                        goal,
                        [statuses.get((follow_up.pk, goal.pk)) for follow_up in self.follow_ups],
                    )
                    for goal in area.goals.all()
                ],
            )
            for area in program.areas.all()
        ]


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
        }
    charts = [
        IndicatorChart(
            ChartIndicator(
                indicator["id"],
                indicator["name"],
                indicator["unit"],
                indicator["source"],
                Indicator.Direction(indicator["direction"]).label,
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
    return {"report": {**content, "decision": decision}, "charts": charts}


def as_date(text):
    return parse_date(text) if text else None
