"""A parsed protocol into the database: what would change (:func:`plan`), then the
change itself in one transaction (:func:`save`).

Only what is not there yet is written. A meeting is found by body and date, an item
by its paragraph (or item number, or title) within the meeting; an item already there
is left exactly as it is, and the plan says whether the protocol reads differently,
so that a correction is made in the open, never by a silent overwrite. People are
matched by name (and party, when two share a name), parties by abbreviation."""

import datetime
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from huddinge_safety.protocols import models

from . import rules


class ProtocolImportError(ValueError):
    """The protocol cannot be saved as it stands; the message says why, in Swedish."""


@dataclass
class ItemPlan:
    item: object  # structure.Item
    label: str
    existing: models.AgendaItem | None = None
    differences: list[str] = field(default_factory=list)

    @property
    def status(self):
        if self.existing is None:
            return "new"
        return "changed" if self.differences else "unchanged"


@dataclass
class Plan:
    body_name: str
    date: datetime.date | None
    body: models.Body | None
    meeting: models.Meeting | None
    items: list[ItemPlan]
    people: dict  # name -> Person or None (new)
    parties: dict  # abbreviation -> Party or None (new)
    warnings: list[str] = field(default_factory=list)
    # The meeting the protocol was saved to, once saved.
    saved_meeting: models.Meeting | None = None

    @property
    def new_people(self):
        return [name for name, person in self.people.items() if person is None]

    @property
    def matched_people(self):
        return [person for person in self.people.values() if person is not None]

    @property
    def new_parties(self):
        return [abbreviation for abbreviation, party in self.parties.items() if party is None]

    @property
    def matched_parties(self):
        return [party for party in self.parties.values() if party is not None]

    @property
    def new_items(self):
        return [item for item in self.items if item.status == "new"]

    @property
    def changes_nothing(self):
        return self.meeting is not None and not self.new_items


def plan(protocol, body_name="", date=None):
    """What saving ``protocol`` would create, match and leave as it is. Reads only."""
    body_name = (body_name or protocol.meeting.body).strip()
    if not body_name:
        raise ProtocolImportError(_("The protocol does not name its body; give the body's name."))
    if date is None and protocol.meeting.date:
        date = datetime.date.fromisoformat(protocol.meeting.date)
    body = models.Body.objects.filter(name__iexact=body_name).first()
    meeting = (
        models.Meeting.objects.filter(body=body, date=date).first() if body is not None else None
    )
    existing = {}
    if meeting is not None:
        for agenda_item in meeting.agenda_items.all():
            existing.setdefault(_item_key(agenda_item), agenda_item)
    items = []
    for item in protocol.items:
        item_plan = ItemPlan(item=item, label=_label(item), existing=existing.get(_item_key(item)))
        if item_plan.existing is not None:
            item_plan.differences = _differences(item_plan.existing, item)
        items.append(item_plan)
    names, abbreviations = _people_and_parties(protocol)
    return Plan(
        body_name=body_name,
        date=date,
        body=body,
        meeting=meeting,
        items=items,
        people=_match_people(names),
        parties=_match_parties(abbreviations),
        warnings=_warnings(protocol),
    )


def _item_key(item):
    if item.paragraph:
        return ("paragraph", re.sub(r"\s+", " ", item.paragraph))
    if item.item_number:
        return ("item_number", item.item_number)
    return ("title", item.title)


def _label(item):
    return item.paragraph or item.item_number or item.title


def _differences(agenda_item, item):
    """The fields where the stored item and the protocol read differently."""
    return [
        str(models.AgendaItem._meta.get_field(name).verbose_name)
        for name in ("title", "registry_number", "decision")
        if getattr(agenda_item, name) != getattr(item, name)
    ]


def _warnings(protocol):
    warnings = []
    for item in protocol.items:
        for vote in item.votes:
            if vote.counts_match_names is False:
                warnings.append(
                    _(
                        "%(item)s: the counts of a vote differ from the names listed; the "
                        "counts are saved without the names, the text is kept."
                    )
                    % {"item": _label(item)}
                )
    return warnings


def _people_and_parties(protocol):
    """Every person (name -> party) and party the protocol names, in order."""
    names, abbreviations = {}, {}
    meeting = protocol.meeting

    def person(name, party=""):
        if name and (party or name not in names):
            names[name] = party or names.get(name, "")
        if party:
            abbreviations[party] = True

    for attendee in [*meeting.attendance, *meeting.conflicts]:
        person(attendee.name, attendee.party)
        if attendee.substitute_for:
            person(attendee.substitute_for)
    for name in [meeting.chair, meeting.secretary, *meeting.adjusters]:
        person(name)
    for item in protocol.items:
        if item.proposed_by:
            person(item.proposed_by.name, item.proposed_by.party)
        for someone in item.speakers:
            person(someone.name, someone.party)
        for motion in item.motions:
            for someone in motion.people:
                person(someone.name, someone.party)
        for vote in item.votes:
            for ballot in vote.ballots:
                person(ballot.name, ballot.party)
        for note in item.notes:
            for someone in note.people:
                person(someone.name, someone.party)
            for party in note.parties:
                abbreviations[party] = True
        for someone in _recused(item):
            person(someone.name, someone.party)
    return names, list(abbreviations)


def _match_people(names):
    """name -> the existing Person of that name (the one of the same party when
    several share it), or None for a person to create."""
    found = {}
    for person in models.Person.objects.filter(name__in=list(names)).select_related("party"):
        found.setdefault(person.name, []).append(person)
    matched = {}
    for name, party in names.items():
        candidates = found.get(name, [])
        same_party = [p for p in candidates if p.party and p.party.abbreviation == party]
        matched[name] = (same_party or candidates or [None])[0]
    return matched


def _match_parties(abbreviations):
    found = {
        party.abbreviation.upper(): party
        for party in models.Party.objects.filter(abbreviation__in=abbreviations)
    }
    return {abbreviation: found.get(abbreviation) for abbreviation in abbreviations}


def _recused(item):
    from .parser import people_with_party

    return people_with_party(item.conflict_of_interest)


# --- Saving --------------------------------------------------------------------------------


@transaction.atomic
def save(protocol, body_name="", date=None):
    """Creates what :func:`plan` lists as new, in one transaction; returns the plan."""
    the_plan = plan(protocol, body_name, date)
    the_plan.saved_meeting = _Writer(the_plan, protocol).write()
    return the_plan


class _Writer:
    def __init__(self, the_plan, protocol):
        self.plan = the_plan
        self.protocol = protocol
        self.parties = dict(the_plan.parties)
        self.people = dict(the_plan.people)
        self.names = _people_and_parties(protocol)[0]

    def party(self, abbreviation):
        if not abbreviation:
            return None
        if self.parties.get(abbreviation) is None:
            self.parties[abbreviation] = models.Party.objects.create(abbreviation=abbreviation)
        return self.parties[abbreviation]

    def person(self, name, title=""):
        if self.people.get(name) is None:
            self.people[name] = models.Person.objects.create(
                name=name, party=self.party(self.names.get(name, "")), title=title
            )
        return self.people[name]

    def write(self):
        plan_ = self.plan
        body = plan_.body or models.Body.objects.create(name=plan_.body_name)
        meeting = plan_.meeting
        new_meeting = meeting is None
        if new_meeting:
            meeting = models.Meeting(body=body, date=plan_.date)
        if self.fill_meeting(meeting) or new_meeting:
            try:
                meeting.full_clean(validate_unique=False)
            except ValidationError as error:
                raise ProtocolImportError(" ".join(error.messages)) from error
            meeting.save()
        created = {}
        for item_plan in plan_.new_items:
            created[_item_key(item_plan.item)] = self.write_item(meeting, item_plan.item)
        if new_meeting:
            self.write_attendance(meeting, created)
        return meeting

    def fill_meeting(self, meeting):
        """Fills what the meeting lacks; what it has stays as it is. Returns whether
        anything was filled."""
        facts = self.protocol.meeting
        values = {
            "place": facts.place[:300],
            "start_time": _time(facts.start),
            "end_time": _time(facts.end),
            "adjusted_on": _date(facts.adjustment_date),
            "adjustment_place": facts.adjustment_place[:300],
            "notice_posted_on": _date(facts.notice_posted),
            "notice_removed_on": _date(facts.notice_removed),
            "minutes_kept_at": facts.kept_at[:300],
        }
        filled = False
        for name, value in values.items():
            if value and not getattr(meeting, name):
                setattr(meeting, name, value)
                filled = True
        for name in ("chair", "secretary"):
            if getattr(facts, name) and getattr(meeting, f"{name}_id") is None:
                setattr(meeting, name, self.person(getattr(facts, name)))
                filled = True
        return filled

    def write_attendance(self, meeting, created):
        facts = self.protocol.meeting
        for order, name in enumerate(dict.fromkeys(facts.adjusters), start=1):
            models.Adjuster.objects.create(meeting=meeting, order=order, person=self.person(name))
        for order, attendee in enumerate(facts.attendance, start=1):
            models.Attendance.objects.create(
                meeting=meeting,
                order=order,
                person=self.person(attendee.name, attendee.title),
                role=attendee.role or models.Attendance.Role.MEMBER,
                party=self.party(attendee.party),
                title=attendee.title[:200],
                substitute_for=(
                    self.person(attendee.substitute_for) if attendee.substitute_for else None
                ),
            )
        for conflict in facts.conflicts:
            for agenda_item in _items_in(conflict.paragraphs, created):
                models.Recusal.objects.get_or_create(
                    agenda_item=agenda_item, person=self.person(conflict.name)
                )

    def write_item(self, meeting, item):
        agenda_item = models.AgendaItem.objects.create(
            meeting=meeting,
            paragraph=item.paragraph[:40],
            item_number=item.item_number[:40],
            title=item.title[:500],
            registry_number=item.registry_number[:100],
            decision=item.decision,
            summary=item.summary,
            other_parts=_other_parts(item),
            tabled=item.tabled,
        )
        for reference in item.document_references:
            models.DocumentReference.objects.create(
                agenda_item=agenda_item,
                attachment_label=reference.attachment_label[:100],
                document=reference.document[:300],
                document_date=_date(reference.document_date),
            )
        for document in item.documents:
            models.DocumentReference.objects.create(
                agenda_item=agenda_item, document=document[:300]
            )
        for order, speaker in enumerate(item.speakers, start=1):
            person = self.person(speaker.name, speaker.title)
            models.Speaker.objects.create(
                agenda_item=agenda_item,
                order=order,
                person=person,
                party=self.party(speaker.party),
                title=speaker.title[:200],
            )
        order = 0
        motions = []
        for motion in item.motions:
            order += 1
            kind = (
                models.ProtocolNote.Kind.MOTION
                if motion.kind == "motion"
                else models.ProtocolNote.Kind.PROTOCOL_NOTE
            )
            note = self.write_note(agenda_item, order, kind, motion.text, motion.people, [])
            motions.append((note, {person.name for person in motion.people}))
        votes = [self.write_vote(agenda_item, index, vote) for index, vote in enumerate(item.votes)]
        for note in item.notes:
            order += 1
            own = {person.party for person in note.people}
            saved = self.write_note(
                agenda_item,
                order,
                note.kind,
                "" if note.attachment_label else note.text,
                note.people,
                [party for party in note.parties if party not in own],
                attachment_label=note.attachment_label,
            )
            if note.kind == "reservation":
                self.link_reservation(saved, note, votes, motions)
        for someone in _recused(item):
            models.Recusal.objects.get_or_create(
                agenda_item=agenda_item,
                person=self.person(someone.name),
                defaults={"note": item.conflict_of_interest[:500]},
            )
        for order, recipient in enumerate(item.extract_to, start=1):
            models.ExtractRecipient.objects.create(
                agenda_item=agenda_item, order=order, recipient=recipient[:300]
            )
        return agenda_item

    def write_note(self, agenda_item, order, kind, text, people, parties, attachment_label=""):
        note = models.ProtocolNote.objects.create(
            agenda_item=agenda_item,
            kind=kind,
            order=order,
            body=text,
            attachment_label=attachment_label[:100],
        )
        note.parties.set([self.party(party) for party in parties])
        for position, someone in enumerate(people, start=1):
            models.Signatory.objects.create(
                note=note, order=position, person=self.person(someone.name)
            )
        return note

    def write_vote(self, agenda_item, index, vote):
        counts = vote.counts
        yes, no = counts.get("yes"), counts.get("no")
        outcome = ""
        if yes is not None and no is not None and yes != no:
            outcome = models.VoteChoice.YES if yes > no else models.VoteChoice.NO
        saved = models.Vote.objects.create(
            agenda_item=agenda_item,
            order=index + 1,
            proposition=vote.proposition,
            yes_count=yes,
            no_count=no,
            abstain_count=counts.get("abstain"),
            outcome=outcome,
        )
        if vote.counts_match_names is not False:
            for ballot in vote.ballots:
                models.Ballot.objects.create(
                    vote=saved,
                    person=self.person(ballot.name),
                    party=self.party(ballot.party),
                    is_substitute=ballot.role == "serving_substitute",
                    choice=ballot.vote,
                )
        return saved

    def link_reservation(self, saved, note, votes, motions):
        if note.vote is not None and note.vote < len(votes):
            saved.vote = votes[note.vote]
        if rules.RESERVATION_FOR_OWN.search(note.text):
            reserving = set(note.persons)
            for motion, movers in motions:
                if motion.kind == models.ProtocolNote.Kind.MOTION and reserving & movers:
                    saved.in_favour_of = motion
                    break
        saved.save(update_fields=["vote", "in_favour_of"])


def _items_in(paragraphs, created):
    """The created items a "§§ 63-65" or "Kf 73" range covers."""
    numbers = [int(number) for number in re.findall(r"\d+", paragraphs)]
    if not numbers:
        return []
    low, high = numbers[0], numbers[-1] if len(numbers) > 1 else numbers[0]
    return [
        agenda_item
        for agenda_item in created.values()
        if (found := re.search(r"\d+", agenda_item.paragraph)) and low <= int(found[0]) <= high
    ]


OTHER_PARTS = [
    ("previous_handling", "Tidigare behandling"),
    ("proposition_order", "Propositionsordning"),
    ("information", "Information"),
    ("proposal", "Förslag till beslut"),
    ("deliberation", "Överläggning"),
    ("conflict_of_interest", "Jäv"),
]


def _other_parts(item):
    """The item's parts with no field of their own, each under its heading, verbatim;
    a vote whose counts and names disagree is kept here too."""
    parts = [(heading, getattr(item, name)) for name, heading in OTHER_PARTS]
    if item.speakers:
        # The speakers are saved one by one; their sentence says nothing more.
        parts = [(heading, text) for heading, text in parts if heading != "Överläggning"]
    parts += [("Omröstning", vote.text) for vote in item.votes if vote.counts_match_names is False]
    parts += [(part.heading, part.text) for part in item.unparsed]
    return "\n\n".join(f"{heading}\n{text}" if heading else text for heading, text in parts if text)


def _date(value):
    return datetime.date.fromisoformat(value) if value else None


def _time(value):
    if not value:
        return None
    hours, minutes = value.split(":")
    try:
        return datetime.time(int(hours), int(minutes))
    except ValueError:
        return None
