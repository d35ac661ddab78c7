import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

from huddinge_safety.protocols.models import (
    AgendaItem,
    Attendance,
    Ballot,
    Meeting,
    ProtocolNote,
    Vote,
    VoteChoice,
    appeal_deadline,
)

from ..factories import (
    AgendaItemFactory,
    AttendanceFactory,
    BallotFactory,
    DocumentReferenceFactory,
    MeetingFactory,
    PersonFactory,
    ProtocolNoteFactory,
    SignatoryFactory,
    SpeakerFactory,
    VoteFactory,
)

pytestmark = pytest.mark.django_db


def test_one_meeting_per_body_and_date_but_unknown_dates_may_repeat():
    meeting = MeetingFactory()
    with pytest.raises(ValidationError, match="redan ett sammanträde detta datum"):
        Meeting(body=meeting.body, date=meeting.date).full_clean()
    Meeting.objects.create(body=meeting.body, date=None)
    Meeting.objects.create(body=meeting.body, date=None)


def test_item_numbers_and_paragraphs_are_unique_within_a_meeting():
    item = AgendaItemFactory(item_number="Ärende 11", paragraph="§ 8")
    with pytest.raises(IntegrityError), transaction.atomic():
        AgendaItemFactory(meeting=item.meeting, item_number="Ärende 11", paragraph="")
    with pytest.raises(IntegrityError), transaction.atomic():
        AgendaItemFactory(meeting=item.meeting, item_number="", paragraph="§ 8")
    AgendaItemFactory(meeting=item.meeting, item_number="", paragraph="")
    AgendaItemFactory(meeting=item.meeting, item_number="", paragraph="")


def test_speaking_order_and_signing_order_are_unique():
    speaker = SpeakerFactory(order=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        SpeakerFactory(agenda_item=speaker.agenda_item, order=1)
    signatory = SignatoryFactory(order=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        SignatoryFactory(note=signatory.note, order=1)


def test_speaker_shows_party_or_title_as_at_the_time():
    member = SpeakerFactory(person__name="Pran Malhotra", person__party__abbreviation="S")
    official = SpeakerFactory(
        person__name="Frida Ryberg", person__party=None, party=None, title="säkerhetschef"
    )
    assert str(member) == "Pran Malhotra (S)"
    assert str(official) == "Frida Ryberg, säkerhetschef"


def test_substitute_signature_is_marked():
    signatory = SignatoryFactory(person__name="Britt Flodetorp", is_substitute=True)
    assert str(signatory) == "Britt Flodetorp (suppleantyttrande)"


def test_document_reference_reads_as_in_the_decision():
    reference = DocumentReferenceFactory(
        attachment_label="bilaga 1",
        document="kommunstyrelsens tjänsteutlåtande",
        document_date=datetime.date(2020, 2, 6),
    )
    assert str(reference) == (
        "bilaga 1 till kommunstyrelsens tjänsteutlåtande daterat den 6 februari 2020"
    )


def test_meeting_dates_are_within_reason():
    meeting = Meeting(body=MeetingFactory().body, date=datetime.date(9999, 12, 31))
    with pytest.raises(
        ValidationError,
        match=r"Sammanträdets datum måste ligga mellan 1 januari 1900 och 31 december 2100\.",
    ):
        meeting.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        meeting.save()


def test_paragraphs_sort_as_numbers_whatever_the_heading_style():
    meeting = MeetingFactory()
    for paragraph in ["§ 10", "Kf 74", "§ 9", "", "KS § 12", "§ 63/20", "§ 100"]:
        AgendaItemFactory(meeting=meeting, paragraph=paragraph, item_number="")
    other = MeetingFactory()
    for number in ["Ärende 10", "Ärende 9", "Ärende 11"]:
        AgendaItemFactory(meeting=other, paragraph="", item_number=number)

    assert [item.paragraph for item in AgendaItem.objects.filter(meeting=meeting)] == [
        "§ 9",
        "§ 10",
        "KS § 12",
        "§ 63/20",
        "Kf 74",
        "§ 100",
        "",
    ]
    assert [item.item_number for item in AgendaItem.objects.filter(meeting=other)] == [
        "Ärende 9",
        "Ärende 10",
        "Ärende 11",
    ]


def test_sort_key_follows_an_edited_paragraph():
    item = AgendaItemFactory(paragraph="§ 9")
    item.paragraph = "§ 90"
    item.save()
    assert AgendaItem.objects.get(pk=item.pk).sort_key == 90


@pytest.mark.parametrize(
    ("posted", "last_day"),
    [
        # Three weeks, to the same weekday.
        (datetime.date(2024, 1, 31), datetime.date(2024, 2, 21)),
        # Posted on a Saturday: the third Saturday after moves to Monday.
        (datetime.date(2024, 2, 3), datetime.date(2024, 2, 26)),
        # Christmas Day, then Boxing Day: the Friday after.
        (datetime.date(2024, 12, 4), datetime.date(2024, 12, 27)),
        # Good Friday, the weekend and Easter Monday 2024.
        (datetime.date(2024, 3, 8), datetime.date(2024, 4, 2)),
        # Midsummer Eve 2024 (a Friday, no public holiday, but named in the law).
        (datetime.date(2024, 5, 31), datetime.date(2024, 6, 24)),
        # Ascension Day 2025 (Easter 20 April + 39 days).
        (datetime.date(2025, 5, 8), datetime.date(2025, 5, 30)),
        # National Day, a Friday in 2025.
        (datetime.date(2025, 5, 16), datetime.date(2025, 6, 9)),
        # New Year's Eve and Day, then Epiphany: 31 Dec 2025 to 2 Jan 2026 is a Friday.
        (datetime.date(2025, 12, 10), datetime.date(2026, 1, 2)),
    ],
)
def test_last_day_to_appeal_is_three_weeks_after_the_notice_on_a_weekday(posted, last_day):
    assert appeal_deadline(posted) == last_day


def test_meeting_computes_its_last_day_to_appeal_only_once_the_notice_is_posted():
    meeting = MeetingFactory(date=datetime.date(2024, 1, 24))
    assert meeting.appeal_deadline is None
    meeting.adjusted_on = datetime.date(2024, 1, 30)
    meeting.notice_posted_on = datetime.date(2024, 1, 31)
    meeting.save()
    assert Meeting.objects.get(pk=meeting.pk).appeal_deadline == datetime.date(2024, 2, 21)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"adjusted_on": datetime.date(2024, 1, 23)}, "innan sammanträdet hölls"),
        (
            {
                "adjusted_on": datetime.date(2024, 1, 30),
                "notice_posted_on": datetime.date(2024, 1, 29),
            },
            "innan protokollet justerats",
        ),
        (
            {
                "notice_posted_on": datetime.date(2024, 1, 31),
                "notice_removed_on": datetime.date(2024, 1, 30),
            },
            "innan det sattes upp",
        ),
        ({"notice_removed_on": datetime.date(2024, 2, 22)}, "innan det sattes upp"),
    ],
)
def test_justering_and_anslag_follow_the_meeting_in_order(fields, message):
    meeting = Meeting(body=MeetingFactory().body, date=datetime.date(2024, 1, 24), **fields)
    with pytest.raises(ValidationError, match=message):
        meeting.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        meeting.save()


def constraints(mode):
    """Run the deferred checks at once (``IMMEDIATE``) or at commit (``DEFERRED``)
    for the rest of the test's transaction."""
    with connection.cursor() as cursor:
        cursor.execute(f"SET CONSTRAINTS ALL {mode}")


def named_vote(yes=2, no=1):
    vote = VoteFactory(yes_count=yes, no_count=no, abstain_count=None)
    for choice, count in [(VoteChoice.YES, yes), (VoteChoice.NO, no)]:
        BallotFactory.create_batch(count, vote=vote, choice=choice)
    constraints("IMMEDIATE")
    return vote


def test_counts_of_a_vote_must_match_its_named_ballots():
    vote = named_vote(yes=2, no=1)
    refused = pytest.raises(IntegrityError, match="differ from its named ballots")
    with refused, transaction.atomic():
        BallotFactory(vote=vote, choice=VoteChoice.ABSTAIN)
    with refused, transaction.atomic():
        Vote.objects.filter(pk=vote.pk).update(yes_count=3)
    with refused, transaction.atomic():
        vote.ballots.filter(choice=VoteChoice.NO).delete()
    with refused, transaction.atomic():
        vote.ballots.filter(choice=VoteChoice.NO).update(choice=VoteChoice.YES)
    # Moving a member's answer and the counts together is fine.
    constraints("DEFERRED")
    ballot = vote.ballots.filter(choice=VoteChoice.NO).get()
    ballot.choice = VoteChoice.ABSTAIN
    ballot.save()
    vote.no_count, vote.abstain_count = 0, 1
    vote.save()
    constraints("IMMEDIATE")


def test_a_vote_given_only_as_counts_needs_no_names():
    constraints("IMMEDIATE")
    vote = VoteFactory(yes_count=41, no_count=36, abstain_count=4)
    assert not vote.ballots.exists()


@pytest.mark.django_db(transaction=True)
def test_vote_and_ballots_are_checked_when_the_transaction_commits():
    person = PersonFactory()
    with transaction.atomic():
        # Ballots written before the counts that match them: fine at commit.
        vote = VoteFactory(yes_count=0, no_count=0, abstain_count=0)
        BallotFactory(vote=vote, person=person, choice=VoteChoice.NO)
        vote.no_count = 1
        vote.save()
    with (
        pytest.raises(IntegrityError, match="differ from its named ballots"),
        transaction.atomic(),
    ):
        BallotFactory(vote=vote, choice=VoteChoice.YES)
    assert list(vote.ballots.values_list("person", flat=True)) == [person.pk]


def test_a_member_answers_once_per_vote():
    ballot = BallotFactory(vote=VoteFactory(yes_count=1))
    with pytest.raises(IntegrityError), transaction.atomic():
        Ballot.objects.create(vote=ballot.vote, person=ballot.person, choice=VoteChoice.NO)
    with pytest.raises(ValidationError, match="redan röstat i denna omröstning"):
        Ballot(vote=ballot.vote, person=ballot.person, choice=VoteChoice.NO).full_clean()


def test_outcome_cannot_contradict_the_counts_but_a_tie_is_the_chairs():
    with pytest.raises(IntegrityError), transaction.atomic():
        VoteFactory(yes_count=3, no_count=5, outcome=VoteChoice.YES)
    VoteFactory(yes_count=4, no_count=4, outcome=VoteChoice.NO)
    VoteFactory(yes_count=None, no_count=None, outcome=VoteChoice.NO)


def test_count_errors_name_each_answer_that_differs():
    vote = VoteFactory.build(yes_count=7, no_count=6, abstain_count=None)
    choices = [VoteChoice.YES] * 7 + [VoteChoice.NO] * 5 + [VoteChoice.ABSTAIN]
    assert vote.count_errors(choices) == [
        "Nej: antalet är 6 men 5 ledamöter är namngivna.",
        "Avstår: antalet är – men 1 ledamöter är namngivna.",
    ]
    assert vote.count_errors([]) == []


def test_only_a_serving_substitute_serves_for_someone_and_not_for_themselves():
    member = AttendanceFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        AttendanceFactory(meeting=member.meeting, substitute_for=member.person)
    with pytest.raises(IntegrityError), transaction.atomic():
        AttendanceFactory(
            meeting=member.meeting,
            person=member.person,
            role=Attendance.Role.SERVING_SUBSTITUTE,
            substitute_for=member.person,
        )
    AttendanceFactory(
        meeting=member.meeting,
        role=Attendance.Role.SERVING_SUBSTITUTE,
        substitute_for=member.person,
    )


def test_the_same_person_and_role_twice_needs_other_paragraphs():
    member = AttendanceFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        AttendanceFactory(meeting=member.meeting, person=member.person)
    later = AgendaItemFactory(meeting=member.meeting, paragraph="§ 50")
    AttendanceFactory(meeting=member.meeting, person=member.person, from_item=later)


def test_attendance_paragraphs_belong_to_its_meeting_and_read_as_a_range():
    meeting = MeetingFactory()
    first = AgendaItemFactory(meeting=meeting, paragraph="§ 43", item_number="")
    last = AgendaItemFactory(meeting=meeting, paragraph="§ 58", item_number="")
    assert AttendanceFactory(meeting=meeting, from_item=first, to_item=last).paragraphs == (
        "§ 43–§ 58"
    )
    assert AttendanceFactory(meeting=meeting, from_item=last).paragraphs == "från § 58"
    assert AttendanceFactory(meeting=meeting, to_item=first).paragraphs == "till och med § 43"
    assert AttendanceFactory(meeting=meeting).paragraphs == ""
    with pytest.raises(IntegrityError, match="paragraph of another meeting"), transaction.atomic():
        AttendanceFactory(from_item=first)


def test_only_a_reservation_names_a_vote_or_motion_of_its_own_item():
    vote = VoteFactory()
    item = vote.agenda_item
    motion = ProtocolNoteFactory(agenda_item=item, kind=ProtocolNote.Kind.MOTION)
    with pytest.raises(IntegrityError), transaction.atomic():
        ProtocolNoteFactory(agenda_item=item, kind=ProtocolNote.Kind.PROTOCOL_NOTE, vote=vote)
    with pytest.raises(IntegrityError, match="another item"), transaction.atomic():
        ProtocolNoteFactory(kind=ProtocolNote.Kind.RESERVATION, vote=vote)
    with pytest.raises(IntegrityError, match="another item"), transaction.atomic():
        ProtocolNoteFactory(kind=ProtocolNote.Kind.RESERVATION, in_favour_of=motion)
    note = ProtocolNoteFactory(agenda_item=item)
    with pytest.raises(IntegrityError, match="another item"), transaction.atomic():
        ProtocolNoteFactory(agenda_item=item, kind=ProtocolNote.Kind.RESERVATION, in_favour_of=note)
    reservation = ProtocolNoteFactory(
        agenda_item=item, kind=ProtocolNote.Kind.RESERVATION, vote=vote, in_favour_of=motion
    )
    assert list(vote.reservations.all()) == [reservation]
