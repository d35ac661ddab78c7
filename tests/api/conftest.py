"""Data for the open data tests: published records with every part the API and
the files show, beside drafts and other unpublished follow-ups that must never
appear."""

from itertools import count
from types import SimpleNamespace

import pytest

from huddinge_safety.followups.models import AssessmentStatus, FollowUp
from huddinge_safety.protocols.models import ProtocolNote, VoteChoice
from tests.factories import (
    AdjusterFactory,
    AgendaItemFactory,
    AttendanceFactory,
    BallotFactory,
    ExtractRecipientFactory,
    GoalFactory,
    GuidelineFactory,
    IndicatorFactory,
    IndicatorValueFactory,
    PersonFactory,
    ProgramFactory,
    ProtocolNoteFactory,
    RecusalFactory,
    ResponsibilityAreaFactory,
    SignatoryFactory,
    SpeakerFactory,
    VoteFactory,
)

NUMBERS = count(1)
# Texts of follow-ups that are not published: no answer may hold them.
SECRETS = ["Hemligt utkast", "Hemlig bedömning", "Inlämnad men ej godkänd", "Godkänd ej publicerad"]


def minutes(size=1):
    """A meeting with ``size`` agenda items, each with a speaker, a signed note, a
    motion, a vote by roll call and a recusal; the meeting with attendance."""
    first = AgendaItemFactory(title="Ärende om trygghet i Sjödalen", decision="Bifall.")
    items = [first, *AgendaItemFactory.create_batch(size - 1, meeting=first.meeting)]
    AdjusterFactory(meeting=first.meeting)
    for item in items:
        AttendanceFactory(meeting=item.meeting, person=PersonFactory(name="Åsa Öberg"))
        SpeakerFactory(agenda_item=item)
        note = ProtocolNoteFactory(
            agenda_item=item, body="Vi vill att tryggheten ökar i Flemingsberg."
        )
        SignatoryFactory(note=note, is_substitute=True)
        ProtocolNoteFactory(
            agenda_item=item, kind=ProtocolNote.Kind.MOTION, body="Yrkande om ändring."
        )
        vote = VoteFactory(agenda_item=item, yes_count=1, no_count=1, outcome=VoteChoice.YES)
        BallotFactory(vote=vote, choice=VoteChoice.YES)
        BallotFactory(vote=vote, choice=VoteChoice.NO)
        RecusalFactory(agenda_item=item)
    ExtractRecipientFactory(agenda_item=first, recipient="Socialförvaltningen")
    return items


def program_with_follow_ups(goals=1, decided_in=None):
    """A program with ``goals`` goals, a guideline and an indicator; its 2019
    follow-up published (decided in ``decided_in``), its 2020 one a draft, its
    2021 one submitted and 2018 approved but not published."""
    program = ProgramFactory(title=f"Program för trygghet i Huddinge – område Ö{next(NUMBERS)}")
    area = ResponsibilityAreaFactory(program=program, title="Trygghetsskapande arbete")
    goal_rows = GoalFactory.create_batch(goals, area=area, text="Färre inbrott i Vårby gård.")
    GuidelineFactory(program=program)
    indicator = IndicatorFactory(
        program=program, name="Andel som känner sig trygga", source="Trygghetsmätning"
    )
    indicator.goals.set(goal_rows)
    IndicatorValueFactory(indicator=indicator, year=2019, value="71.50")
    published = FollowUp.objects.create_for_year(
        program, 2019, summary="Året sammanfattat.", agenda_item=decided_in
    )
    published.goal_assessments.update(
        status=AssessmentStatus.ON_TRACK, narrative="Arbetet går bra."
    )
    published.record_steps_to(FollowUp.Status.PUBLISHED)
    unpublished = {
        2020: (FollowUp.Status.DRAFT, "Hemligt utkast"),
        2021: (FollowUp.Status.SUBMITTED, "Inlämnad men ej godkänd"),
        2018: (FollowUp.Status.APPROVED, "Godkänd ej publicerad"),
    }
    others = []
    for year, (status, summary) in unpublished.items():
        follow_up = FollowUp.objects.create_for_year(program, year, summary=summary)
        follow_up.goal_assessments.update(
            status=AssessmentStatus.NOT_ON_TRACK, narrative="Hemlig bedömning"
        )
        follow_up.record_steps_to(status)
        others.append(follow_up)
    return SimpleNamespace(
        program=program, goals=goal_rows, indicator=indicator, published=published, others=others
    )


@pytest.fixture
def records(db):
    items = minutes()
    return SimpleNamespace(items=items, **vars(program_with_follow_ups(decided_in=items[0])))
