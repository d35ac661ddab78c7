"""The CSV downloads of the open data: each file's columns, documented once here
for the file and for its documentation page (api/csv_documentation.html).

Files are UTF-8 with a byte order mark and separated by semicolons, with a
decimal comma, as Excel set to Swedish opens them."""

import csv
import datetime
import decimal
from dataclasses import dataclass, field

from django import forms
from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from huddinge_safety.followups.models import AssessmentStatus, FollowUp
from huddinge_safety.goals.models import IndicatorValue
from huddinge_safety.protocols.models import AgendaItem, Ballot, Meeting, ProtocolNote, Vote

from .decided import decided_reports

# A text cell that starts like a formula would be run by a spreadsheet (CSV
# injection); such a cell gets a leading apostrophe, which Excel hides.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cell(value):
    """A value as the CSV file writes it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nej"
    if isinstance(value, decimal.Decimal | float):
        return str(value).replace(".", ",")
    if isinstance(value, datetime.date):
        return value.isoformat()
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


@dataclass(frozen=True)
class Column:
    name: str
    description: str
    value: object  # row -> value


@dataclass(frozen=True)
class Download:
    """One CSV file: its name, what it holds, its filters and columns."""

    slug: str
    title: str
    description: str
    columns: list
    rows: object  # cleaned filter values -> rows
    filter_form: type
    # How often it changes, as the EU's frequency vocabulary names it (for DCAT).
    frequency: str = "IRREG"
    filters: list = field(default_factory=list)

    @property
    def filename(self):
        return f"{self.slug}.csv"

    def write(self, out, parameters):
        """Write the file, filtered by ``parameters`` (a form's cleaned data), to ``out``."""
        out.write("\ufeff")
        writer = csv.writer(out, delimiter=";")
        writer.writerow([column.name for column in self.columns])
        for row in self.rows(parameters):
            writer.writerow([cell(column.value(row)) for column in self.columns])


class ProgramFilters(forms.Form):
    program = forms.IntegerField(required=False, min_value=1, max_value=2**31 - 1)
    goal = forms.IntegerField(required=False, min_value=1, max_value=2**31 - 1)


class MinutesFilters(forms.Form):
    body = forms.IntegerField(required=False, min_value=1, max_value=2**31 - 1)
    date_from = forms.DateField(required=False)
    date_to = forms.DateField(required=False)


PROGRAM_FILTERS = [
    ("program", _("Only the program with this id.")),
    ("goal", _("Only the goal with this id.")),
]
MINUTES_FILTERS = [
    ("body", _("Only the meetings of the body (organization) with this id.")),
    ("date_from", _("Only meetings on or after this date (YYYY-MM-DD).")),
    ("date_to", _("Only meetings on or before this date (YYYY-MM-DD).")),
]


def goal_status_rows(parameters):
    follow_ups = FollowUp.objects.published().order_by("program__title", "year")
    if parameters["program"]:
        follow_ups = follow_ups.filter(program_id=parameters["program"])
    if parameters["goal"]:
        follow_ups = follow_ups.filter(goal_assessments__goal_id=parameters["goal"])
    for follow_up, content in decided_reports(follow_ups):
        for area in content["areas"]:
            for goal in area["goals"]:
                if parameters["goal"] in (None, goal["id"]):
                    yield {"follow_up": follow_up, "report": content, "area": area, "goal": goal}


def status_text(value):
    return AssessmentStatus(value).label


GOAL_STATUSES = Download(
    slug="mal-och-status",
    title=_("Goals with their status per year"),
    description=_(
        "Every goal's status and the work done during the year, in every published "
        "follow-up, as decided (corrections included)."
    ),
    frequency="ANNUAL",
    filter_form=ProgramFilters,
    filters=PROGRAM_FILTERS,
    rows=goal_status_rows,
    columns=[
        Column("program_id", _("The program's id."), lambda row: row["report"]["program"]["id"]),
        Column("program", _("The program's title."), lambda row: row["report"]["program"]["title"]),
        Column("year", _("The year the follow-up covers."), lambda row: row["report"]["year"]),
        Column(
            "area", _("The responsibility area, with its number."), lambda row: row["area"]["title"]
        ),
        Column("goal_id", _("The goal's id."), lambda row: row["goal"]["id"]),
        Column(
            "goal_code",
            _("The goal's number in the program: area and goal, e.g. 2.3."),
            lambda row: row["goal"]["code"],
        ),
        Column("goal", _("The goal's text."), lambda row: row["goal"]["text"]),
        Column(
            "status",
            _(
                "The status as a code: fulfilled, on_track, partly_on_track, not_on_track, "
                "not_started or not_assessed."
            ),
            lambda row: row["goal"]["status"],
        ),
        Column(
            "status_text", _("The status in words."), lambda row: status_text(row["goal"]["status"])
        ),
        Column(
            "narrative", _("The work done during the year."), lambda row: row["goal"]["narrative"]
        ),
        Column(
            "follow_up_id", _("The follow-up's id in the API."), lambda row: row["follow_up"].pk
        ),
    ],
)


def indicator_value_rows(parameters):
    values = IndicatorValue.objects.select_related("indicator__program").order_by(
        "indicator__program__title", "indicator__name", "year", "geography"
    )
    if parameters["program"]:
        values = values.filter(indicator__program_id=parameters["program"])
    if parameters["goal"]:
        values = values.filter(indicator__goals=parameters["goal"])
    return values


INDICATOR_VALUES = Download(
    slug="indikatorvarden",
    title=_("Indicator values"),
    description=_("Every value of every indicator, per year and geography."),
    frequency="ANNUAL",
    filter_form=ProgramFilters,
    filters=PROGRAM_FILTERS,
    rows=indicator_value_rows,
    columns=[
        Column("program_id", _("The program's id."), lambda value: value.indicator.program_id),
        Column("program", _("The program's title."), lambda value: value.indicator.program.title),
        Column("indicator_id", _("The indicator's id."), lambda value: value.indicator_id),
        Column("indicator", _("The indicator's name."), lambda value: value.indicator.name),
        Column("unit", _("The unit of the values, e.g. %."), lambda value: value.indicator.unit),
        Column("source", _("Where the values come from."), lambda value: value.indicator.source),
        Column(
            "direction",
            _("Whether a higher value is better (higher) or a lower one (lower)."),
            lambda value: value.indicator.direction,
        ),
        Column("year", _("The year the value is for."), lambda value: value.year),
        Column(
            "geography",
            _("Where the value is measured, as a code: huddinge, stockholms_lan or riket."),
            lambda value: value.geography,
        ),
        Column(
            "geography_text",
            _("Where the value is measured, in words."),
            lambda value: value.get_geography_display(),
        ),
        Column("value", _("The value, with a decimal comma."), lambda value: value.value),
        Column(
            "value_source",
            _("Where a fetched value comes from, e.g. Kolada, N07403; empty if entered by hand."),
            lambda value: value.source,
        ),
    ],
)


def minutes_filtered(queryset, parameters, meeting="meeting__"):
    if parameters["body"]:
        queryset = queryset.filter(**{f"{meeting}body": parameters["body"]})
    if parameters["date_from"]:
        queryset = queryset.filter(**{f"{meeting}date__gte": parameters["date_from"]})
    if parameters["date_to"]:
        queryset = queryset.filter(**{f"{meeting}date__lte": parameters["date_to"]})
    return queryset


def agenda_item_rows(parameters):
    meetings = minutes_filtered(
        Meeting.objects.select_related("body").prefetch_related(
            Prefetch(
                "agenda_items",
                queryset=AgendaItem.objects.order_by("paragraph", "item_number", "pk"),
            )
        ),
        parameters,
        meeting="",
    )
    for meeting in meetings:
        # A meeting without agenda items still has its row.
        yield from meeting.agenda_items.all() or [AgendaItem(meeting=meeting)]


AGENDA_ITEMS = Download(
    slug="sammantraden-och-arenden",
    title=_("Meetings and agenda items"),
    description=_(
        "Every meeting with its agenda items and their decisions, one row per item "
        "(a meeting without items has one row with the item's columns empty)."
    ),
    filter_form=MinutesFilters,
    filters=MINUTES_FILTERS,
    rows=agenda_item_rows,
    columns=[
        Column("meeting_id", _("The meeting's id."), lambda item: item.meeting_id),
        Column(
            "date",
            _("The date of the meeting (YYYY-MM-DD); empty if not known."),
            lambda item: item.meeting.date,
        ),
        Column("body_id", _("The id of the body that met."), lambda item: item.meeting.body_id),
        Column("body", _("The name of the body that met."), lambda item: item.meeting.body.name),
        Column("item_id", _("The agenda item's id."), lambda item: item.pk),
        Column(
            "item_number", _("The item's number, e.g. Ärende 11."), lambda item: item.item_number
        ),
        Column("paragraph", _("The item's paragraph, e.g. § 8."), lambda item: item.paragraph),
        Column("title", _("The item's heading."), lambda item: item.title),
        Column(
            "registry_number",
            _("The registry number (diarienummer)."),
            lambda item: item.registry_number,
        ),
        Column("decision", _("The decision."), lambda item: item.decision),
        Column("summary", _("The summary."), lambda item: item.summary),
    ],
)


def note_rows(parameters):
    return minutes_filtered(
        ProtocolNote.objects.for_display()
        .select_related("agenda_item__meeting__body")
        .order_by("agenda_item__meeting__date", "agenda_item", "attachment_label", "pk"),
        parameters,
        meeting="agenda_item__meeting__",
    )


def signatories(note):
    return "; ".join(str(signatory) for signatory in note.signatories.all())


NOTES = Download(
    slug="protokollsanteckningar",
    title=_("Protocol notes, reservations and motions"),
    description=_("Every statement entered in the minutes, with who signed it."),
    filter_form=MinutesFilters,
    filters=MINUTES_FILTERS,
    rows=note_rows,
    columns=[
        Column("note_id", _("The note's id."), lambda note: note.pk),
        Column("meeting_id", _("The meeting's id."), lambda note: note.agenda_item.meeting_id),
        Column(
            "meeting_date",
            _("The date of the meeting (YYYY-MM-DD)."),
            lambda note: note.agenda_item.meeting.date,
        ),
        Column(
            "body",
            _("The name of the body that met."),
            lambda note: note.agenda_item.meeting.body.name,
        ),
        Column("item_id", _("The agenda item's id."), lambda note: note.agenda_item_id),
        Column("item_title", _("The agenda item's heading."), lambda note: note.agenda_item.title),
        Column(
            "kind",
            _("The kind as a code: protocol_note, reservation or motion."),
            lambda note: note.kind,
        ),
        Column("kind_text", _("The kind in words."), lambda note: note.get_kind_display()),
        Column(
            "attachment_label",
            _("The attachment it is, e.g. bilaga 8.1."),
            lambda note: note.attachment_label,
        ),
        Column("date", _("The date of the note (YYYY-MM-DD)."), lambda note: note.date),
        Column(
            "on_behalf_of",
            _("The party group it was entered for."),
            lambda note: note.on_behalf_of and str(note.on_behalf_of),
        ),
        Column(
            "signatories",
            _(
                "Who signed it, in order, separated by semicolons; a substitute's statement "
                "is marked."
            ),
            signatories,
        ),
        Column("text", _("The text of the note."), lambda note: note.body),
    ],
)


def vote_rows(parameters):
    return minutes_filtered(
        Vote.objects.select_related("agenda_item__meeting__body").order_by(
            "agenda_item__meeting__date", "agenda_item", "order", "pk"
        ),
        parameters,
        meeting="agenda_item__meeting__",
    )


VOTE_COLUMNS = [
    Column("vote_id", _("The vote's id."), lambda vote: vote.pk),
    Column("meeting_id", _("The meeting's id."), lambda vote: vote.agenda_item.meeting_id),
    Column(
        "meeting_date",
        _("The date of the meeting (YYYY-MM-DD)."),
        lambda vote: vote.agenda_item.meeting.date,
    ),
    Column(
        "body",
        _("The name of the body that met."),
        lambda vote: vote.agenda_item.meeting.body.name,
    ),
    Column("item_id", _("The agenda item's id."), lambda vote: vote.agenda_item_id),
    Column("item_title", _("The agenda item's heading."), lambda vote: vote.agenda_item.title),
    Column("vote_order", _("The vote's place among the item's votes."), lambda vote: vote.order),
]

VOTES = Download(
    slug="voteringar",
    title=_("Votes"),
    description=_("Every vote (omröstning) with its proposition, counts and outcome."),
    filter_form=MinutesFilters,
    filters=MINUTES_FILTERS,
    rows=vote_rows,
    columns=[
        *VOTE_COLUMNS,
        Column("proposition", _("The proposition put to the vote."), lambda vote: vote.proposition),
        Column("yes", _("The number of yes votes."), lambda vote: vote.yes_count),
        Column("no", _("The number of no votes."), lambda vote: vote.no_count),
        Column("abstain", _("The number who abstained."), lambda vote: vote.abstain_count),
        Column(
            "outcome",
            _("Which side won, as a code: yes or no; empty if not recorded."),
            lambda vote: vote.outcome,
        ),
    ],
)


def ballot_rows(parameters):
    return minutes_filtered(
        Ballot.objects.select_related(
            "vote__agenda_item__meeting__body", "person", "party"
        ).order_by(
            "vote__agenda_item__meeting__date", "vote__agenda_item", "vote__order", "vote", "pk"
        ),
        parameters,
        meeting="vote__agenda_item__meeting__",
    )


def of_vote(column):
    return Column(column.name, column.description, lambda ballot: column.value(ballot.vote))


BALLOTS = Download(
    slug="namnupprop",
    title=_("Votes by roll call"),
    description=_("Each member's answer in the votes taken by roll call, one row per answer."),
    filter_form=MinutesFilters,
    filters=MINUTES_FILTERS,
    rows=ballot_rows,
    columns=[
        *(of_vote(column) for column in VOTE_COLUMNS),
        Column("person_id", _("The member's id."), lambda ballot: ballot.person_id),
        Column("person", _("The member's name."), lambda ballot: ballot.person.name),
        Column(
            "party",
            _("The member's party at the time, abbreviated."),
            lambda ballot: ballot.party and ballot.party.abbreviation,
        ),
        Column(
            "is_substitute",
            _("Whether the member voted as a serving substitute: ja or nej."),
            lambda ballot: ballot.is_substitute,
        ),
        Column(
            "choice",
            _("The answer as a code: yes, no or abstain."),
            lambda ballot: ballot.choice,
        ),
        Column(
            "choice_text", _("The answer in words."), lambda ballot: ballot.get_choice_display()
        ),
    ],
)

DOWNLOADS = {
    download.slug: download
    for download in [GOAL_STATUSES, INDICATOR_VALUES, AGENDA_ITEMS, NOTES, VOTES, BALLOTS]
}
