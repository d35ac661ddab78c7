"""What the parser finds in a protocol: a tree of dataclasses that serialises to JSON."""

import dataclasses
from dataclasses import dataclass, field


@dataclass
class Person:
    name: str
    party: str = ""
    role: str = ""
    title: str = ""
    substitute_for: str = ""
    paragraphs: str = ""


@dataclass
class DocumentReference:
    attachment_label: str
    document: str
    document_date: str = ""


@dataclass
class Motion:
    persons: list[str]
    parties: list[str]
    text: str
    kind: str = "motion"
    people: list[Person] = field(default_factory=list)


@dataclass
class Ballot:
    name: str
    party: str
    vote: str  # "yes", "no" or "abstain"
    role: str = ""


@dataclass
class Vote:
    proposition: str
    yes: list[str] = field(default_factory=list)
    no: list[str] = field(default_factory=list)
    abstain: list[str] = field(default_factory=list)
    counts: dict = field(default_factory=dict)
    ballots: list[Ballot] = field(default_factory=list)
    # False when the counts stated differ from the names listed.
    counts_match_names: bool | None = None
    text: str = ""


@dataclass
class Note:
    kind: str
    parties: list[str]
    persons: list[str]
    text: str
    people: list[Person] = field(default_factory=list)
    attachment_label: str = ""
    # The index in the item's votes of the vote a reservation is made against.
    vote: int | None = None


@dataclass
class Unparsed:
    heading: str
    text: str


@dataclass
class Item:
    paragraph: str = ""
    item_number: str = ""
    registry_number: str = ""
    title: str = ""
    decision: str = ""
    proposed_by: Person | None = None
    according_to: str = ""
    proposal: str = ""
    summary: str = ""
    previous_handling: str = ""
    documents: list[str] = field(default_factory=list)
    document_references: list[DocumentReference] = field(default_factory=list)
    speakers: list[Person] = field(default_factory=list)
    deliberation: str = ""
    motions: list[Motion] = field(default_factory=list)
    proposition_order: str = ""
    votes: list[Vote] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    conflict_of_interest: str = ""
    information: str = ""
    tabled: bool = False
    tabled_until: str = ""
    extract_to: list[str] = field(default_factory=list)
    unparsed: list[Unparsed] = field(default_factory=list)


@dataclass
class Meeting:
    body: str = ""
    date: str = ""
    protocol_number: str = ""
    place: str = ""
    start: str = ""
    end: str = ""
    attendance: list[Person] = field(default_factory=list)
    conflicts: list[Person] = field(default_factory=list)
    chair: str = ""
    secretary: str = ""
    adjusters: list[str] = field(default_factory=list)
    adjustment_place: str = ""
    adjustment_date: str = ""
    paragraphs: str = ""
    notice_posted: str = ""
    notice_removed: str = ""
    kept_at: str = ""
    unparsed: list[Unparsed] = field(default_factory=list)

    @property
    def justified(self):
        """Whether the protocol states the day it was adjusted (justerat)."""
        return bool(self.adjustment_date)


@dataclass
class Protocol:
    meeting: Meeting
    items: list[Item]

    def to_dict(self):
        return dataclasses.asdict(self)
