"""A meeting recorded as a Swedish protocol records it, for tests of the pages,
the PDF and search: paragraphs of Göteborg's kommunstyrelse of 24 January 2024
(../shared/data/protocols), with a made-up first page (place, hours, attendance,
justering and anslag are not in that file)."""

import datetime

from huddinge_safety.protocols.models import Attendance, ProtocolNote, VoteChoice
from tests.factories import (
    AdjusterFactory,
    AgendaItemFactory,
    AttendanceFactory,
    BallotFactory,
    ExtractRecipientFactory,
    MeetingFactory,
    PartyFactory,
    PersonFactory,
    ProtocolNoteFactory,
    RecusalFactory,
    SignatoryFactory,
    VoteFactory,
)

YES = [
    ("Daniel Bernmar", "V"),
    ("Ingrid Andreae", "S"),
    ("Jenny Broman", "V"),
    ("Marina Johansson", "S"),
    ("Karin Pleijel", "MP"),
    ("Johannes Hulter", "S"),
    ("Jonas Attenius", "S"),
]
NO = [
    ("Axel Josefson", "M"),
    ("Hampus Magnusson", "M"),
    ("Martin Wannholt", "D"),
    ("Jörgen Fogelklou", "SD"),
    ("Ann Catrine Fogelgren", "L"),
    ("Elisabet Lann", "KD"),
]
SERVING_SUBSTITUTE = "Johannes Hulter"
PROPOSITION = (
    "Ja för bifall till Jonas Attenius yrkande och Nej för bifall till Axel Josefsons "
    "och Jörgen Fogelklous yrkande."
)
RESERVATION = (
    "Axel Josefson (M), Hampus Magnusson (M), Martin Wannholt (D), Ann Catrine Fogelgren (L) "
    "och Elisabet Lann (KD) reserverar sig mot beslutet till förmån för det egna yrkandet."
)
MOTION = "yrkar bifall till yrkande från M, D, L och KD den 19 januari 2024."


def people():
    return {
        name: PersonFactory(name=name, party=PartyFactory(abbreviation=party))
        for name, party in YES + NO
    }


def goteborg_meeting(extra_votes=0, extra_items=0):
    """The meeting, with § 44 (tabled), § 69 (motions, a vote by roll call, a
    reservation against it) and § 70 (a vote by counts only); ``extra_votes``
    more roll calls on § 69 and ``extra_items`` more paragraphs, for query counts."""
    person = people()
    meeting = MeetingFactory(
        body__name="Kommunstyrelsen",
        date=datetime.date(2024, 1, 24),
        place="Stadshuset, sammanträdesrummet",
        start_time=datetime.time(9, 0),
        end_time=datetime.time(12, 10),
        chair=person["Jonas Attenius"],
        secretary=PersonFactory(name="Maria Sekreterare", party=None),
        adjusted_on=datetime.date(2024, 1, 30),
        adjustment_place="Stadsledningskontoret",
        notice_posted_on=datetime.date(2024, 1, 31),
        notice_removed_on=datetime.date(2024, 2, 22),
        minutes_kept_at="Stadsledningskontoret, Gustaf Adolfs torg 4",
    )
    AdjusterFactory(meeting=meeting, order=1, person=person["Daniel Bernmar"])
    AdjusterFactory(meeting=meeting, order=2, person=person["Axel Josefson"])

    tabled = AgendaItemFactory(
        meeting=meeting,
        item_number="",
        paragraph="§ 44",
        registry_number="SLK-2023-00644",
        title="Hemställan från Socialnämnd Hisingen",
        decision="Ärendet bordläggs till sammanträdet den 7 februari 2024.",
        tabled=True,
    )
    item = AgendaItemFactory(
        meeting=meeting,
        item_number="",
        paragraph="§ 69",
        registry_number="SLK-2023-01101",
        title="Ändring i kommunstyrelsens delegationsordning",
        decision="Enligt stadsledningskontorets förslag.",
    )
    counted = AgendaItemFactory(
        meeting=meeting,
        item_number="",
        paragraph="§ 70",
        registry_number="SLK-2023-01092",
        title="Reviderat yrkande från SD angående Ciceron Assistenten",
        decision="Yrkandet från SD avslås.",
    )
    for number in range(extra_items):
        AgendaItemFactory(meeting=meeting, item_number="", paragraph=f"§ {100 + number}")

    for order, (name, _party) in enumerate(YES + NO, start=1):
        substitute = name == SERVING_SUBSTITUTE
        AttendanceFactory(
            meeting=meeting,
            order=order,
            person=person[name],
            role=Attendance.Role.SERVING_SUBSTITUTE if substitute else Attendance.Role.MEMBER,
            substitute_for=PersonFactory(name="Gustav Öberg", party=person[name].party)
            if substitute
            else None,
            from_item=item if substitute else None,
        )
    AttendanceFactory(
        meeting=meeting,
        order=20,
        person=PersonFactory(name="Eva Hessman", party=None),
        party=None,
        role=Attendance.Role.OTHER,
        title="stadsdirektör",
        departure="kl. 11.00 efter § 69",
    )
    RecusalFactory(agenda_item=item, person=person["Marina Johansson"], note="deltar inte")

    motion = ProtocolNoteFactory(
        agenda_item=item,
        kind=ProtocolNote.Kind.MOTION,
        order=1,
        attachment_label="",
        body=MOTION,
    )
    motion.parties.set([person["Axel Josefson"].party, person["Jörgen Fogelklou"].party])
    SignatoryFactory(note=motion, order=1, person=person["Axel Josefson"])
    SignatoryFactory(note=motion, order=2, person=person["Jörgen Fogelklou"])
    chair_motion = ProtocolNoteFactory(
        agenda_item=item,
        kind=ProtocolNote.Kind.MOTION,
        order=2,
        attachment_label="",
        body="yrkar bifall till stadsledningskontorets förslag.",
    )
    SignatoryFactory(note=chair_motion, order=1, person=person["Jonas Attenius"])

    vote = roll_call(item, 1, person)
    for order in range(2, extra_votes + 2):
        roll_call(item, order, person)
    reservation = ProtocolNoteFactory(
        agenda_item=item,
        kind=ProtocolNote.Kind.RESERVATION,
        order=3,
        attachment_label="",
        body=RESERVATION,
        vote=vote,
        in_favour_of=motion,
    )
    for order, name in enumerate(
        ["Axel Josefson", "Hampus Magnusson", "Martin Wannholt", "Ann Catrine Fogelgren"], 1
    ):
        SignatoryFactory(note=reservation, order=order, person=person[name])
    for order, recipient in enumerate(["KF Handling 2024 nr 9", "Stadsledningskontoret"], 1):
        ExtractRecipientFactory(agenda_item=item, order=order, recipient=recipient)

    VoteFactory(
        agenda_item=counted,
        order=1,
        proposition="Ja för avslag och Nej för bifall till yrkandet från SD.",
        yes_count=41,
        no_count=36,
        abstain_count=4,
        outcome=VoteChoice.YES,
    )
    return {"meeting": meeting, "item": item, "tabled": tabled, "counted": counted, "vote": vote}


def roll_call(item, order, person):
    vote = VoteFactory(
        agenda_item=item,
        order=order,
        proposition=PROPOSITION,
        yes_count=len(YES),
        no_count=len(NO),
        abstain_count=0,
        outcome=VoteChoice.YES,
    )
    for choice, names in [(VoteChoice.YES, YES), (VoteChoice.NO, NO)]:
        for name, _party in names:
            BallotFactory(
                vote=vote,
                person=person[name],
                choice=choice,
                is_substitute=name == SERVING_SUBSTITUTE,
            )
    return vote
