"""Precision and recall of the parser per field, against hand-written expected results.

``python -m huddinge_safety.protocols.importing.check FILE.expected.json …`` (what
``make import-check`` runs). Each expected file names its ``source`` text beside it;
a key an expected item leaves out means empty."""

import json
import sys
from pathlib import Path

from .parser import parse

ITEM_FIELDS = [
    "paragraph",
    "item_number",
    "registry_number",
    "title",
    "tabled",
    "documents",
    "extract_to",
    "motions",
    "votes",
    "notes",
]
MEETING_FIELDS = [
    "body",
    "date",
    "protocol_number",
    "place",
    "start",
    "end",
    "chair",
    "secretary",
    "adjusters",
    "adjustment_date",
    "notice_posted",
    "notice_removed",
    "kept_at",
    "attendance",
    "conflicts",
]


def facts(field, value):
    """The comparable facts of one field's value: each list element, or the value."""
    if field == "motions":
        return [(tuple(motion["persons"]), motion["kind"]) for motion in value or []]
    if field == "votes":
        return [
            (
                vote["proposition"],
                tuple(vote["yes"]),
                tuple(vote["no"]),
                tuple(vote["abstain"]),
                tuple(sorted(vote["counts"].items())),
            )
            for vote in value or []
        ]
    if field == "notes":
        return [
            (note["kind"], tuple(note["parties"]), tuple(note["persons"])) for note in value or []
        ]
    if field in ("attendance", "conflicts"):
        return [
            tuple(person.get(key, "") for key in ("name", "party", "role", "substitute_for"))
            for person in value or []
        ]
    if isinstance(value, list):
        return list(value)
    return [value] if value else []


def load(expected_path):
    expected_path = Path(expected_path)
    expected = json.loads(expected_path.read_text(encoding="utf-8"))
    text = (expected_path.parent / expected["source"]).read_text(encoding="utf-8")
    return expected, parse(text).to_dict()


def score(pairs):
    """{field: (true positives, found, expected)} over (expected, parsed) pairs; items
    are matched in order, an item missing on either side counts all its facts."""
    totals = {}

    def add(field, expected_facts, found_facts):
        hits = sum(1 for fact in found_facts if fact in expected_facts)
        tp, found, wanted = totals.get(field, (0, 0, 0))
        totals[field] = (tp + hits, found + len(found_facts), wanted + len(expected_facts))

    for expected, parsed in pairs:
        for field in MEETING_FIELDS:
            if field in expected["meeting"]:
                add(
                    f"meeting.{field}",
                    facts(field, expected["meeting"][field]),
                    facts(field, parsed["meeting"][field]),
                )
        expected_items, parsed_items = expected["items"], parsed["items"]
        for index in range(max(len(expected_items), len(parsed_items))):
            want = expected_items[index] if index < len(expected_items) else {}
            got = parsed_items[index] if index < len(parsed_items) else {}
            for field in ITEM_FIELDS:
                add(field, facts(field, want.get(field)), facts(field, got.get(field)))
    return totals


def report(totals):
    lines = [f"{'field':<24}{'precision':>10}{'recall':>10}{'expected':>10}"]
    for field, (tp, found, wanted) in totals.items():
        if not found and not wanted:
            continue
        precision = tp / found if found else 1.0
        recall = tp / wanted if wanted else 1.0
        lines.append(f"{field:<24}{precision:>10.1%}{recall:>10.1%}{wanted:>10}")
    return "\n".join(lines)


def main(paths):
    pairs = [load(path) for path in paths]
    totals = score(pairs)
    print(f"{len(pairs)} protocol(s): {', '.join(Path(path).name for path in paths)}")
    print(report(totals))
    perfect = all(tp == found == wanted for tp, found, wanted in totals.values())
    return 0 if perfect else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
