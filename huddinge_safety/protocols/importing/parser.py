"""A protocol's text to a :class:`~.structure.Protocol`: the rules of rules.py, combined.

The text is cut into the first page and one block per paragraph (§); each block into
its heading, title and sections (Beslut, Handlingar, Yrkanden, …); each section is read
by the reader for its kind. Whatever no reader places is kept verbatim in ``unparsed``."""

import itertools
import re
from collections import Counter

from . import rules
from .structure import (
    Ballot,
    DocumentReference,
    Item,
    Meeting,
    Motion,
    Note,
    Person,
    Protocol,
    Unparsed,
    Vote,
)
from .text import clean_lines


def parse(text):
    furniture = []
    lines = clean_lines(text, furniture)
    meeting = Meeting()
    _running_header_facts(furniture, meeting)
    starts = _item_starts(lines)
    if not starts:
        # An excerpt of one item without its § heading.
        items = [_parse_item(None, lines)] if any(map(rules.is_section_heading, lines)) else []
        preamble = [] if items else lines
    else:
        preamble = lines[: starts[0]]
        bounds = [*starts, len(lines)]
        items = [
            _parse_item(lines[start], lines[start + 1 : end])
            for start, end in itertools.pairwise(bounds)
        ]
    _parse_first_page(preamble, meeting)
    return Protocol(meeting=meeting, items=items)


# --- Cutting the text -------------------------------------------------------------------


def _running_header_facts(furniture, meeting):
    """Body, date and protocol number as the running page header states them: the
    most frequent of each among the lines taken out as page furniture."""
    bodies, dates = Counter(), Counter()
    for line in furniture:
        if match := rules.PROTOCOL_NUMBER.match(line):
            meeting.protocol_number = meeting.protocol_number or match["number"]
        elif match := rules.MEETING_DATE_LINE.match(line):
            dates[match["date"]] += 1
        elif rules.BODY_NAME.match(line):
            bodies[line] += 1
        elif rules.DATE_ONLY.match(line):
            dates[rules.parse_date(line)] += 1
    if bodies:
        meeting.body = bodies.most_common(1)[0][0]
    if dates:
        meeting.date = dates.most_common(1)[0][0]


def _item_starts(lines):
    starts = []
    previous = ""
    for index, line in enumerate(lines):
        if line and _heading_match(line) and not _continues_reference(line, previous):
            starts.append(index)
        if line:
            previous = line
    return starts


def _heading_match(line):
    for pattern in (rules.PARAGRAPH_HEADING, rules.ABBREVIATED_HEADING, rules.ITEM_HEADING):
        if match := pattern.match(line):
            return match
    return None


def _continues_reference(line, previous):
    """A "§ 12 och den 3 maj 2023, § 40." wrapped from the line before, not a heading."""
    match = rules.PARAGRAPH_HEADING.match(line)
    if not match:
        return False
    rest = (match["rest"] or "").strip()
    if rest and rules.REFERENCE_CONTINUATION.match(rest):
        return True
    if line[len(match[0]) - len(match["rest"] or "") :].lstrip().startswith(("–", "-")):
        return True
    return bool(rules.OPEN_SENTENCE_END.search(previous)) and not rules.REGISTRY.search(rest)


# --- One item -------------------------------------------------------------------------------


def _parse_item(heading, lines):
    item = Item()
    rest = ""
    if heading:
        rest = _read_heading(heading, item)
    title_lines = [rest] if rest else []
    index = 0
    while index < len(lines) and not lines[index] and not title_lines:
        index += 1
    while index < len(lines) and lines[index] and not rules.is_section_heading(lines[index]):
        title_lines.append(lines[index])
        index += 1
    title = " ".join(title_lines)
    if not item.registry_number and (match := rules.REGISTRY.search(title)):
        item.registry_number = match["number"]
        title = (title[: match.start()] + title[match.end() :]).strip(" ,")
    item.title = title.strip()

    sections = _sections(lines[index:])
    for name, section_heading, body in sections:
        _read_section(item, name, section_heading, body)
    _link_reservations(item)
    return item


def _read_heading(heading, item):
    """Fills paragraph, item number and registry number; returns the rest (a title)."""
    match = _heading_match(heading)
    rest = (match["rest"] or "").strip()
    if match.re is rules.ITEM_HEADING:
        item.item_number = f"{match['label']} {match['number']}"
    elif match.re is rules.PARAGRAPH_HEADING:
        prefix = (match["prefix"] or "").strip()
        number = re.sub(r"\s+", "", match["number"])
        item.paragraph = f"{prefix} § {number}".strip()
    else:
        item.paragraph = f"{match['prefix']} {match['number']}"
    if registry := rules.REGISTRY.search(rest):
        item.registry_number = registry["number"]
        rest = (rest[: registry.start()] + rest[registry.end() :]).strip(" ,")
    elif match.re is rules.ABBREVIATED_HEADING and rest:
        item.registry_number, rest = rest, ""
    return rest


def _sections(lines):
    """(name, heading, lines) of each section; lines before the first under None."""
    sections = [[None, "", []]]
    for line in lines:
        name = rules.section_heading(line) if line else None
        if name:
            sections.append([name, line.rstrip(":"), []])
        else:
            sections[-1][2].append(line)
    return [tuple(section) for section in sections if section[0] or any(section[2])]


def _read_section(item, name, heading, lines):
    text = reflow(lines)
    if name is None:
        item.unparsed.append(Unparsed(heading="", text=text))
    elif name == "decision":
        _read_decision(item, lines, text)
    elif name == "proposal":
        item.proposal = _join(item.proposal, text)
    elif name == "summary":
        item.summary = _join(item.summary, text)
    elif name == "previous":
        item.previous_handling = _join(item.previous_handling, text)
    elif name == "documents":
        item.documents.extend(entries(lines))
    elif name == "extract_to":
        item.extract_to.extend(entries(lines))
    elif name == "information":
        item.information = _join(item.information, text)
    elif name == "conflict":
        item.conflict_of_interest = _join(item.conflict_of_interest, text)
    elif name == "deliberation":
        item.deliberation = _join(item.deliberation, text)
        item.speakers.extend(read_speakers(text))
    elif name == "motions":
        motions = read_motions(text)
        item.motions.extend(motions)
        if not motions:
            item.unparsed.append(Unparsed(heading=heading, text=text))
    elif name == "proposition_order":
        item.proposition_order = _join(item.proposition_order, text)
        item.votes.extend(read_votes(text))
    elif name == "vote":
        votes = read_votes(text)
        item.votes.extend(votes)
        if not votes:
            item.unparsed.append(Unparsed(heading=heading, text=text))
    elif name in ("notes", "reservations"):
        notes = read_notes(text, heading)
        item.notes.extend(notes)
        if not notes:
            item.unparsed.append(Unparsed(heading=heading, text=text))


def _join(existing, text):
    return f"{existing}\n\n{text}" if existing else text


def _read_decision(item, lines, text):
    item.decision = _join(item.decision, text)
    first = text.split("\n", 1)[0]
    if match := rules.PROPOSED_BY.match(first):
        item.proposed_by = _person(match["name"], match["party"], first[: match.start("name")])
    elif match := rules.ACCORDING_TO.match(first):
        item.according_to = match["source"]
    if rules.TABLED.search(text):
        item.tabled = True
        if match := rules.TABLED_UNTIL.search(text):
            item.tabled_until = rules.parse_date(match["date"])
    for match in rules.DOCUMENT_REFERENCE.finditer(text):
        reference = DocumentReference(
            attachment_label=match["label"],
            document=match["document"],
            document_date=rules.parse_date(match["date"] or ""),
        )
        if reference not in item.document_references:
            item.document_references.append(reference)


# --- Text shape -------------------------------------------------------------------------------


def reflow(lines):
    """Lines of a section as text: wrapped lines joined, paragraphs separated by a blank
    line, each point of a numbered list on a line of its own."""
    blocks, block = [], []
    for line in [*lines, ""]:
        if line:
            block.append(line)
        elif block:
            blocks.append(block)
            block = []
    width = max((len(line) for line in lines), default=0)
    paragraphs = []
    for block in blocks:
        segments = [block[0]]
        for previous, line in itertools.pairwise(block):
            if _starts_segment(line, previous, width):
                segments.append(line)
            else:
                segments[-1] = f"{segments[-1]} {line}"
        text = "\n".join(segments)
        if paragraphs and rules.LIST_ITEM.match(text) and _ends_in_list_item(paragraphs[-1]):
            paragraphs[-1] = f"{paragraphs[-1]}\n{text}"
        else:
            paragraphs.append(text)
    return "\n\n".join(paragraphs)


def _starts_segment(line, previous, width):
    """Whether ``line`` starts a new line of the text rather than continuing ``previous``:
    a list point, after a colon, or after a sentence ending well short of the width."""
    if rules.LIST_ITEM.match(line) or previous.endswith(":"):
        return True
    ended = previous.endswith((".", "!", "?"))
    return ended and len(previous) < 0.75 * width and line[:1].isupper()


def _ends_in_list_item(paragraph):
    return bool(rules.LIST_ITEM.match(paragraph.rsplit("\n", 1)[-1]))


def entries(lines):
    """One entry a line (Handlingar, Protokollsutdrag skickas till), wrapped lines joined."""
    found = []
    for line in lines:
        if not line:
            continue
        if found and not found[-1].endswith((".", ":", ";")) and line[:1].islower():
            found[-1] = f"{found[-1]} {line}"
        else:
            found.append(line.lstrip("-–• ").strip())
    return found


def sentences(text):
    return [part for part in re.split(r"(?<=[.!?])\s+(?=[A-ZÅÄÖ\"”])", text) if part.strip()]


# --- People -------------------------------------------------------------------------------------


def _person(name, party, before=""):
    """A person from a matched name and party; role words caught in the name, or just
    before it ("ordföranden", "tjänstgörande ersättaren"), become the role."""
    words = name.split()
    role = ""
    while len(words) > 2 and words[0].lower() in rules.ROLE_WORDS:
        role = rules.ROLE_WORDS[words.pop(0).lower()] or role
    context = before[-40:].lower()
    if "tjänstgörande ersättare" in context:
        role = "serving_substitute"
    elif context.rstrip().endswith("ordföranden") or context.rstrip().endswith("ordförande"):
        role = "chair"
    return Person(name=" ".join(words), party=party.upper() if party else "", role=role)


def people_with_party(text):
    return [
        _person(match["name"], match["party"], text[: match.start()])
        for match in rules.PERSON_WITH_PARTY.finditer(text)
    ]


def party_groups(text):
    parties = []
    for match in rules.PARTY_GROUP.finditer(text):
        for party in rules.PARTY_LIST_SPLIT.split(match["parties"]):
            party = party.strip("() ").upper()
            if party:
                parties.append(party)
    return parties


def _unique(values):
    return list(dict.fromkeys(value for value in values if value))


SPEAKER = re.compile(
    rf"(?P<name>{rules.NAME})\s*(?:,?\s*\((?P<party>{rules.PARTY})\)"
    r"|,\s*(?P<title>[a-zåäö][\wåäö -]*?)(?=\s*(?:,|\boch\b|\.|$)))"
)


def read_speakers(text):
    """Speakers named after "I ärendet yttrar sig", with party or title, in order."""
    match = rules.SPEAKERS_INTRO.search(text)
    if not match:
        return []
    listing = re.split(r"\.\s", text[match.end() :], maxsplit=1)[0]
    speakers = []
    for found in SPEAKER.finditer(listing):
        person = _person(found["name"], found["party"] or "", listing[: found.start()])
        person.title = (found["title"] or "").strip()
        speakers.append(person)
    return speakers


# --- Motions, votes, notes ----------------------------------------------------------------------


def read_motions(text):
    """Each "X (P) yrkar …" sentence; a sentence without its own mover continues the last."""
    motions = []
    for sentence in sentences(text):
        people = people_with_party(sentence)
        verb = rules.MOTION_VERB.search(sentence)
        starts_with_person = bool(people) and rules.PERSON_WITH_PARTY.match(
            _strip_role_words(sentence)
        )
        if motions and not verb and not starts_with_person:
            motions[-1].text = f"{motions[-1].text} {sentence}"
            continue
        movers = _movers(sentence, verb)
        motions.append(
            Motion(
                persons=[person.name for person in movers],
                parties=_unique([person.party for person in movers] + party_groups(sentence)),
                text=sentence,
                kind="motion" if verb and verb[0].startswith(("yrka", "föresl")) else "statement",
                people=movers,
            )
        )
    return motions


def _strip_role_words(sentence):
    words = sentence.split(" ")
    while words and words[0].lower().strip(",") in rules.ROLE_WORDS:
        words.pop(0)
    return " ".join(words)


def _movers(sentence, verb):
    """Who moves: the people named before the verb, else right after it
    ("Vidare yrkar Axel Josefson (M) avslag …")."""
    if not verb:
        return people_with_party(sentence)
    before = people_with_party(sentence[: verb.start()])
    if before:
        return before
    after = sentence[verb.end() :]
    match = rules.PERSON_WITH_PARTY.match(after.lstrip())
    return (
        people_with_party(after[: len(after) - len(after.lstrip()) + match.end()]) if match else []
    )


def read_votes(text):
    """Votes: the proposition put, then named ballots or only the counts."""
    starts = [match.start() for match in rules.PROPOSITION.finditer(text)] or [0]
    if starts[0] != 0:
        starts[0] = 0
    bounds = [*starts, len(text)]
    votes = []
    for start, end in itertools.pairwise(bounds):
        if vote := _read_vote(text[start:end]):
            votes.append(vote)
    return votes


def _read_vote(text):
    proposition = rules.PROPOSITION.search(text)
    after = text[proposition.end() :] if proposition else text
    vote = Vote(proposition=proposition["text"].strip() if proposition else "", text=text)
    stated = {}
    for match in rules.BALLOT.finditer(after):
        if match["vote"]:
            key, names, count = match["vote"].lower(), match["names"], match["count"]
            key = "yes" if key == "ja" else "no"
        else:
            key, names, count = "abstain", match["abstainers"], match["abstained"]
        people = people_with_party(names)
        vote.ballots.extend(
            Ballot(name=person.name, party=person.party, role=person.role, vote=key)
            for person in people
        )
        getattr(vote, key).extend(person.name for person in people)
        if count:
            stated[key] = int(count)
    if match := rules.YES_NO_COUNTS.search(after):
        stated.setdefault("yes", rules.parse_count(match["yes"]))
        stated.setdefault("no", rules.parse_count(match["no"]))
    if match := rules.ABSTAIN_COUNT.search(after):
        stated.setdefault("abstain", rules.parse_count(match["abstain"]))
    if match := rules.ABSENT_COUNT.search(after):
        stated.setdefault("absent", rules.parse_count(match["absent"]))
    if not vote.ballots and not stated:
        return None
    named = {"yes": len(vote.yes), "no": len(vote.no), "abstain": len(vote.abstain)}
    vote.counts = {key: stated.get(key, named[key]) for key in named}
    if "absent" in stated:
        vote.counts["absent"] = stated["absent"]
    if vote.ballots:
        vote.counts_match_names = all(stated.get(key, named[key]) == named[key] for key in named)
    return vote


def read_notes(text, heading):
    """Protocol notes and reservations, one for each sentence with a note verb; the
    sentences after it, without one, belong to it."""
    default_kind = "reservation" if heading.lower().startswith("reservation") else "protocol_note"
    notes = []
    for sentence in sentences(text):
        verb = rules.NOTE_VERB.search(sentence)
        if notes and not verb:
            notes[-1].text = f"{notes[-1].text} {sentence}"
            continue
        people = people_with_party(sentence[: verb.start()] if verb else sentence)
        kind = "reservation" if rules.RESERVATION_VERB.search(sentence) else default_kind
        attachment = rules.ATTACHMENT.search(sentence)
        notes.append(
            Note(
                kind=kind,
                parties=_unique([person.party for person in people] + party_groups(sentence)),
                persons=[person.name for person in people],
                text=sentence,
                people=people,
                attachment_label=attachment["label"] if attachment else "",
            )
        )
    return notes


def _link_reservations(item):
    """A reservation against a decision reached by vote is made against that vote."""
    if not item.votes:
        return
    for note in item.notes:
        if note.kind == "reservation":
            note.vote = len(item.votes) - 1


# --- The first page ------------------------------------------------------------------------------


def _parse_first_page(lines, meeting):
    fields, loose = _header_fields(lines)
    for line in loose:
        if not meeting.date and (date := rules.parse_date(line)):
            meeting.date = date
        elif "protokoll" in line.lower():
            continue
        elif not meeting.body and rules.BODY_NAME.match(line):
            meeting.body = line
        else:
            meeting.unparsed.append(Unparsed(heading="", text=line))
    for key, values in fields:
        _read_header_field(meeting, key, values)


def _header_fields(lines):
    """(key, value lines) for each first-page label, and the lines before any label.

    Labels standing in a row without values (a two-column page read column by column)
    get the blocks of value lines that follow, in order, one block each."""
    fields, loose = [], []
    run, blocks = [], []
    after_value = False

    def deal():
        for key_index, block in zip(run, [block for block in blocks if block], strict=False):
            fields[key_index][1].extend(block)

    for line in lines:
        label = rules.header_label(line) if line else None
        if label:
            if len(run) > 1:
                deal()
            if after_value or label[1] or label[0] in rules.HEADER_SECTION_LABELS:
                run, blocks = [], []
            fields.append((label[0], [label[1]] if label[1] else []))
            if not label[1] and label[0] not in rules.HEADER_SECTION_LABELS:
                run.append(len(fields) - 1)
            after_value = False
        elif not fields:
            if line:
                loose.append(line)
        elif len(run) > 1:
            if not line:
                blocks.append([])
            elif blocks:
                blocks[-1].append(line)
            else:
                blocks.append([line])
            after_value = after_value or bool(line)
        elif line:
            fields[-1][1].append(line)
            after_value = True
    if len(run) > 1:
        deal()
    return fields, loose


def _read_header_field(meeting, key, values):
    text = " ".join(values)
    cleaned = rules.SIGNATURE_DOTS.sub(" ", text).strip()
    if key in ("place_and_time", "time"):
        if match := rules.TIME_RANGE.search(text):
            meeting.start, meeting.end = map(rules.parse_time, (match["start"], match["end"]))
        elif match := rules.SINGLE_TIME.search(text):
            meeting.start = rules.parse_time(match["time"])
        if key == "place_and_time":
            meeting.place = re.split(
                r",?\s*(?:kl\.?\s*\d|\d{4}-\d{2}-\d{2}|\d{1,2}[.:]\d{2})", text
            )[0].strip(" ,")
        meeting.date = meeting.date or rules.parse_date(text)
    elif key in ("members", "serving_substitutes", "substitutes", "others"):
        role = {"members": "member", "serving_substitutes": "serving_substitute"}.get(
            key, key.rstrip("s") if key != "others" else "other"
        )
        for value in values:
            meeting.attendance.extend(_attendees(value, role, meeting))
    elif key == "conflicts":
        for value in values:
            for person in people_with_party(value):
                person.paragraphs = _paragraphs_in(value)
                meeting.conflicts.append(person)
    elif key == "adjusters":
        meeting.adjusters.extend(name for name in _names(cleaned) if name not in meeting.adjusters)
    elif key == "adjustment":
        meeting.adjustment_date = rules.parse_date(text)
        meeting.adjustment_place = re.split(
            r",?\s*(?:\d{4}-\d{2}-\d{2}|\d{1,2} \w+ \d{4}|kl)", text
        )[0].strip(" ,")
    elif key == "paragraphs":
        meeting.paragraphs = text
    elif key == "secretary":
        meeting.secretary = meeting.secretary or cleaned
    elif key == "chair":
        meeting.chair = meeting.chair or _names(cleaned)[0] if cleaned else meeting.chair
    elif key == "body":
        meeting.body = meeting.body or text
    elif key == "meeting_date":
        meeting.date = meeting.date or rules.parse_date(text)
    elif key == "notice_posted":
        meeting.notice_posted = rules.parse_date(text)
    elif key == "notice_removed":
        meeting.notice_removed = rules.parse_date(text)
    elif key == "kept_at":
        meeting.kept_at = text
    elif key in ("signatures", "notice") and text:
        meeting.unparsed.append(Unparsed(heading=key, text=text))


def _names(text):
    without_parties = re.sub(rf"\s*\(\s*{rules.PARTY}\s*\)", "", text)
    return [
        name.strip(" .")
        for name in re.split(r"\s*(?:,|\boch\b|\bsamt\b)\s*", without_parties)
        if name.strip(" .")
    ]


def _paragraphs_in(text):
    match = rules.PARAGRAPH_RANGE.search(text)
    return match[0].strip(" ,") if match else ""


def _attendees(value, role, meeting):
    """People on one line of Beslutande / Ersättare / Övriga närvarande, e.g.
    "Cecilia Ceder (c), tjänstgörande ersättare för Dag Dahl (c) §§ 70-73"."""
    people = []
    matches = list(SPEAKER.finditer(value)) or list(re.finditer(rf"(?P<name>{rules.NAME})", value))
    replaced = set()
    for index, match in enumerate(matches):
        if match["name"] in replaced:
            continue
        end = matches[index + 1].start() if index + 1 < len(matches) else len(value)
        tail = value[match.end() : end]
        person = Person(
            name=match["name"],
            party=(match.groupdict().get("party") or "").upper(),
            role=role,
            title=(match.groupdict().get("title") or "").strip(),
            paragraphs=_paragraphs_in(value[match.end() :]),
        )
        substitute = rules.SUBSTITUTE_FOR.match(
            f"{person.title} {value[match.end() :]}".strip(" ,")
        )
        if substitute:
            person.role = "serving_substitute"
            person.substitute_for = substitute["name"]
            person.title = ""
            replaced.add(substitute["name"])
        if re.search(r"\bordförande\b", f"{person.title} {tail}") and "vice" not in tail:
            meeting.chair = meeting.chair or person.name
        people.append(person)
    return people
