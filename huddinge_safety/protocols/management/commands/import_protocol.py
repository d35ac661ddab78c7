import datetime
import json
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _

from huddinge_safety.documents.models import Attachment, check_file
from huddinge_safety.protocols.importing import UnreadableDocument, extract_text, parse
from huddinge_safety.protocols.importing.saving import ProtocolImportError, plan, save


def iso_date(value):
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as error:
        raise CommandError(
            _("“%(value)s” is not a date; write it as YYYY-MM-DD.") % {"value": value}
        ) from error


class Command(BaseCommand):
    help = (
        "Reads a protocol (PDF, DOCX or text) and saves its meeting and paragraphs, the file "
        "kept as the meeting's minutes (justified or not yet, as the protocol says). What is "
        "already saved stays as it is, so importing it again changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The protocol: a .pdf, .docx or .txt file.")
        parser.add_argument("--body", default="", help="The body's name, if the text lacks it.")
        parser.add_argument("--date", type=iso_date, help="The meeting's date, YYYY-MM-DD.")
        parser.add_argument(
            "--user", help="The username of the official who adds the file, if any."
        )
        parser.add_argument("--dry-run", action="store_true", help="Saves nothing.")
        parser.add_argument("--json", action="store_true", help="Prints the parsed protocol.")

    def handle(self, *args, **options):
        path = Path(options["file"])
        user = self.user(options["user"])
        try:
            data = path.read_bytes()
            text = extract_text(data, path.name)
        except OSError as error:
            raise CommandError(
                _("The file %(file)s cannot be read: %(error)s")
                % {"file": path, "error": error.strerror}
            ) from error
        except UnreadableDocument as error:
            raise CommandError(
                _("%(file)s is not a PDF, DOCX or text file that can be read.") % {"file": path}
            ) from error
        original = ContentFile(data, name=path.name)
        try:
            check_file(original)
        except ValidationError as error:
            raise self.refused(path, error) from error
        protocol = parse(text)
        if options["json"]:
            self.stdout.write(json.dumps(protocol.to_dict(), ensure_ascii=False, indent=2))
        attachment = None
        try:
            if options["dry_run"]:
                result = plan(protocol, options["body"], options["date"])
            else:
                with transaction.atomic():
                    result = save(protocol, options["body"], options["date"])
                    attachment = Attachment.attach_protocol(
                        result.saved_meeting,
                        original,
                        justified=protocol.meeting.justified,
                        added_by=user,
                    )
        except ProtocolImportError as error:
            raise CommandError(str(error)) from error
        except ValidationError as error:
            raise self.refused(path, error) from error
        if not options["json"]:
            self.report(result, saved=not options["dry_run"])
            if attachment is not None:
                self.stdout.write(
                    _("%(file)s is kept with the meeting as “%(kind)s”.")
                    % {"file": attachment.file_name, "kind": attachment.get_kind_display()}
                )

    def user(self, username):
        if username is None:
            return None
        try:
            return get_user_model().objects.get_by_natural_key(username)
        except get_user_model().DoesNotExist as error:
            raise CommandError(_("There is no user %(user)s.") % {"user": username}) from error

    def refused(self, path, error):
        return CommandError(
            _("%(file)s cannot be kept as the meeting's minutes: %(reason)s")
            % {"file": path, "reason": " ".join(error.messages)}
        )

    def report(self, result, saved):
        new = len(result.new_items)
        kept = len(result.items) - new
        if saved:
            message = _("%(new)s paragraphs saved, %(kept)s were already there.")
        else:
            message = _("%(new)s paragraphs would be saved, %(kept)s are already there.")
        self.stdout.write(message % {"new": new, "kept": kept})
        if result.new_people:
            self.stdout.write(_("New people: %s") % ", ".join(result.new_people))
        if result.new_parties:
            self.stdout.write(_("New parties: %s") % ", ".join(result.new_parties))
        for item in result.items:
            if item.status == "changed":
                self.stdout.write(
                    _(
                        "%(item)s is saved already and reads differently in the protocol "
                        "(%(fields)s); it is left as it is."
                    )
                    % {"item": item.label, "fields": ", ".join(item.differences)}
                )
        for warning in result.warnings:
            self.stderr.write(warning)
