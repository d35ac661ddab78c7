import datetime
import json
from pathlib import Path

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.translation import gettext

from huddinge_safety.followups.models import FollowUp
from huddinge_safety.goals.models import Indicator
from huddinge_safety.programs.models import Guideline, Program, ResponsibilityArea
from huddinge_safety.protocols.models import (
    AgendaItem,
    Body,
    DocumentReference,
    Meeting,
    Party,
    Person,
    ProtocolNote,
    Signatory,
    Speaker,
)

DEMO_FILE = Path(__file__).resolve().parents[2] / "demo" / "huddinge_2018_2021.json"


def parse_date(value):
    return datetime.date.fromisoformat(value) if value else None


class Command(BaseCommand):
    help = (
        "Loads Huddinge's Program för trygghet och säkerhet 2018–2021 with its 2019 and "
        "2021 follow-ups and the minutes that decided on them, as the two source documents "
        "state them. Existing records are kept as they are, so running it again changes nothing."
    )

    @transaction.atomic
    def handle(self, *args, **options):
        data = json.loads(DEMO_FILE.read_text(encoding="utf-8"))
        body, _ = Body.objects.get_or_create(name=data["body"])
        self.parties = {}
        for party in data["parties"]:
            self.parties[party["abbreviation"]], _ = Party.objects.get_or_create(
                abbreviation=party["abbreviation"], defaults={"name": party["name"]}
            )
        program = self.load_program(data["program"])
        for follow_up in data["follow_ups"]:
            self.load_follow_up(program, body, follow_up)
        loaded = gettext("Demo data for “%(program)s” is loaded.") % {"program": program}
        self.stdout.write(self.style.SUCCESS(loaded))

    def load_program(self, data):
        program, _ = Program.objects.get_or_create(
            title=data["title"],
            defaults={
                "start_year": data["start_year"],
                "end_year": data["end_year"],
                "overall_goal": data["overall_goal"],
                "description": data["description"],
            },
        )
        for number, title in enumerate(data["areas"], start=1):
            ResponsibilityArea.objects.get_or_create(
                program=program, number=number, defaults={"title": title}
            )
        for guideline in data["guidelines"]:
            Guideline.objects.get_or_create(
                program=program,
                title=guideline["title"],
                defaults={"description": guideline["description"]},
            )
        for indicator in data["indicators"]:
            Indicator.objects.get_or_create(
                program=program,
                name=indicator["name"],
                defaults={key: indicator[key] for key in ("unit", "direction", "source")},
            )
        return program

    def load_follow_up(self, program, body, data):
        agenda_item = self.load_agenda_item(body, data["agenda_item"])
        if FollowUp.objects.filter(program=program, year=data["year"]).exists():
            return
        follow_up = FollowUp.objects.create_for_year(
            program,
            data["year"],
            agenda_item=agenda_item,
            **{
                key: data[key]
                for key in ("overall_status", "overall_narrative", "summary", "document_reference")
            },
        )
        follow_up.record_steps_to(data["status"])

    def load_agenda_item(self, body, data):
        meeting, _ = Meeting.objects.get_or_create(body=body, date=parse_date(data["meeting_date"]))
        item, _ = AgendaItem.objects.get_or_create(
            meeting=meeting,
            title=data["title"],
            defaults={
                key: data[key] for key in ("item_number", "paragraph", "decision", "summary")
            },
        )
        for reference in data["document_references"]:
            DocumentReference.objects.get_or_create(
                agenda_item=item,
                attachment_label=reference["attachment_label"],
                document=reference["document"],
                defaults={"document_date": parse_date(reference["document_date"])},
            )
        for order, speaker in enumerate(data["speakers"], start=1):
            person = self.person(speaker)
            Speaker.objects.get_or_create(
                agenda_item=item,
                order=order,
                defaults={
                    "person": person,
                    "party": person.party,
                    "title": speaker.get("title", ""),
                },
            )
        for note_data in data["notes"]:
            self.load_note(item, note_data)
        return item

    def load_note(self, item, data):
        note, _ = ProtocolNote.objects.get_or_create(
            agenda_item=item,
            kind=data["kind"],
            attachment_label=data["attachment_label"],
            on_behalf_of=self.parties.get(data["on_behalf_of"]),
            defaults={"date": parse_date(data["date"]), "body": data["body"]},
        )
        for order, signatory in enumerate(data["signatories"], start=1):
            Signatory.objects.get_or_create(
                note=note,
                order=order,
                defaults={
                    "person": self.person(signatory),
                    "is_substitute": signatory.get("is_substitute", False),
                },
            )

    def person(self, data):
        person, _ = Person.objects.get_or_create(
            name=data["name"],
            defaults={
                "party": self.parties.get(data.get("party")),
                "title": data.get("title", ""),
            },
        )
        return person
