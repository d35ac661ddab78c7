"""Admin: "Importera protokoll". An official uploads a protocol (PDF, DOCX or text),
sees what it would create or leave as it is, fixes the text and previews again, and
saves it all in one transaction, the uploaded file kept as the meeting's minutes.

Between preview and save the file waits in the storage under a random name. The form
carries that name with the file's own name and SHA-256, signed for the official who
uploaded it, so that Save attaches the very file previewed, and nobody else's."""

import datetime
import hashlib
import re
import secrets
from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile, File
from django.core.files.storage import default_storage
from django.db import transaction
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from huddinge_safety.documents.models import Attachment, check_file

from .importing import UnreadableDocument, extract_text, parse
from .importing.saving import ProtocolImportError, plan, save
from .models import Attendance

# A protocol of a few hundred pages is a few megabytes of PDF.
MAX_UPLOAD_BYTES = 20 * 1024 * 1024
REFUSED_ORIGINAL = _("The file cannot be kept as the meeting's minutes: %(reason)s")


class ProtocolImportForm(forms.Form):
    file = forms.FileField(
        label=_("Protocol file"),
        required=False,
        help_text=_(
            "PDF, DOCX or plain text. Its text is read into the field below, and the file is "
            "kept as the meeting's minutes."
        ),
    )
    text = forms.CharField(
        label=_("Text of the protocol"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 20, "cols": 100, "spellcheck": "false"}),
        help_text=_("Fix the text here and preview again if a part was read wrongly."),
    )
    body = forms.CharField(
        label=_("Body"),
        required=False,
        max_length=200,
        help_text=_("Only if the protocol does not name it."),
    )
    date = forms.DateField(
        label=_("Date of the meeting"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Only if the protocol does not state it."),
    )
    original = forms.CharField(required=False, widget=forms.HiddenInput)

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("file")
        if upload:
            if upload.size > MAX_UPLOAD_BYTES:
                raise forms.ValidationError(_("The file is larger than 20 MB."))
            try:
                cleaned["text"] = extract_text(upload.read(), upload.name)
            except UnreadableDocument as error:
                raise forms.ValidationError(
                    _("The file cannot be read as a PDF, DOCX or text file.")
                ) from error
            try:
                check_file(File(upload, upload.name))
            except ValidationError as error:
                raise forms.ValidationError(
                    REFUSED_ORIGINAL, params={"reason": " ".join(error.messages)}
                ) from error
        # As a browser sends it back from the text field: CRLF line ends, no edges.
        cleaned["text"] = cleaned.get("text", "").replace("\r\n", "\n").replace("\r", "\n").strip()
        if not cleaned["text"]:
            raise forms.ValidationError(_("Choose a file or paste the protocol's text."))
        return cleaned


def _fingerprint(data):
    """What the preview showed, so that Save saves that and nothing else."""
    shown = "\0".join([data["text"], data["body"], str(data["date"] or ""), data["original"]])
    return hashlib.sha256(shown.encode()).hexdigest()


@dataclass
class KeptOriginal:
    """An uploaded protocol, kept in the storage between preview and save."""

    FOLDER = "protokollimport"
    # A file not saved within this time is removed, and its form refused.
    KEPT_FOR = datetime.timedelta(days=1)
    SALT = "huddinge_safety.protocols.import.original"
    TOKEN = re.compile(r"[0-9a-f]{32}")

    token: str
    name: str
    data: bytes

    @classmethod
    def keep(cls, upload, user):
        """Stores ``upload`` under a random name; returns what the form carries."""
        cls.forget_stale()
        token = secrets.token_hex(16)
        upload.seek(0)
        data = upload.read()
        default_storage.save(cls.path(token), ContentFile(data))
        kept = {
            "token": token,
            "name": upload.name,
            "sha256": hashlib.sha256(data).hexdigest(),
            "user": user.pk,
        }
        return signing.dumps(kept, salt=cls.SALT)

    @classmethod
    def load(cls, signed, user):
        """The file that :meth:`keep` gave ``signed`` for, if ``user`` uploaded it,
        it is still kept and its bytes are those uploaded."""
        lost = ProtocolImportError(
            gettext("The file from the preview is gone or has changed; choose it again.")
        )
        try:
            kept = signing.loads(signed, salt=cls.SALT, max_age=cls.KEPT_FOR)
        except signing.BadSignature as error:
            raise lost from error
        token = kept["token"]
        if kept["user"] != user.pk or not cls.TOKEN.fullmatch(token):
            raise lost
        if not default_storage.exists(cls.path(token)):
            raise lost
        with default_storage.open(cls.path(token)) as stored:
            data = stored.read()
        if hashlib.sha256(data).hexdigest() != kept["sha256"]:
            raise lost
        return cls(token=token, name=kept["name"], data=data)

    @classmethod
    def path(cls, token):
        return f"{cls.FOLDER}/{token}"

    @classmethod
    def forget_stale(cls):
        try:
            names = default_storage.listdir(cls.FOLDER)[1]
        except FileNotFoundError:
            return
        stale = timezone.now() - cls.KEPT_FOR
        for name in names:
            if default_storage.get_modified_time(cls.path(name)) < stale:
                default_storage.delete(cls.path(name))

    def forget(self):
        default_storage.delete(self.path(self.token))

    @property
    def file(self):
        return ContentFile(self.data, name=self.name)


def _attendance_rows(protocol):
    if protocol is None:
        return []
    roles = dict(Attendance.Role.choices)
    return [
        {
            "name": person.name,
            "party": person.party,
            "role": person.title or roles.get(person.role, person.role),
            "substitute_for": person.substitute_for,
        }
        for person in protocol.meeting.attendance
    ]


class ProtocolImportMixin:
    """Adds the import page to the meetings' admin and a link to it on their list."""

    change_list_template = "admin/protocols/import_change_list.html"

    def get_urls(self):
        return [
            path(
                "importera/",
                self.admin_site.admin_view(self.import_view),
                name="protocols_meeting_import",
            ),
            *super().get_urls(),
        ]

    def has_import_permission(self, request):
        return request.user.has_perms(["protocols.add_meeting", "protocols.add_agendaitem"])

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "may_import": self.has_import_permission(request)}
        return super().changelist_view(request, extra_context)

    def import_view(self, request):
        if not self.has_import_permission(request):
            raise PermissionDenied
        form = ProtocolImportForm(
            request.POST if request.method == "POST" else None,
            request.FILES if request.method == "POST" else None,
        )
        protocol = preview = previewed = original = None
        errors = []
        if form.is_valid():
            data = form.cleaned_data
            protocol = parse(data["text"])
            try:
                if data["file"]:
                    data["original"] = KeptOriginal.keep(data["file"], request.user)
                if data["original"]:
                    original = KeptOriginal.load(data["original"], request.user)
            except ProtocolImportError as error:
                errors.append(str(error))
                data["original"] = ""
            try:
                if not protocol.items:
                    raise ProtocolImportError(
                        gettext("No paragraph was found in the text; is it a protocol?")
                    )
                previewed = _fingerprint(data)
                if "save" in request.POST and not errors:
                    if request.POST.get("previewed") == previewed:
                        return self.save_protocol(request, protocol, data, original)
                    errors.append(
                        gettext("The text has changed since the preview; check it before saving.")
                    )
                preview = plan(protocol, data["body"], data["date"])
            except ProtocolImportError as error:
                errors.append(str(error))
            # The text read from a file is what the official fixes and sends again.
            form = ProtocolImportForm(
                initial={name: data[name] for name in ["text", "body", "date", "original"]}
            )
        elif form.is_bound:
            errors = form.non_field_errors()
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Import a protocol"),
            "opts": self.opts,
            "form": form,
            "errors": errors,
            "protocol": protocol,
            "preview": preview,
            "previewed": previewed,
            "attendance": _attendance_rows(protocol),
            "original": original,
            "justified": protocol is not None and protocol.meeting.justified,
        }
        return TemplateResponse(request, "admin/protocols/import.html", context)

    def save_protocol(self, request, protocol, data, original):
        """Saves the protocol and attaches its original file, both or neither."""
        with transaction.atomic():
            result = save(protocol, data["body"], data["date"])
            attachment = None
            if original is not None:
                try:
                    attachment = Attachment.attach_protocol(
                        result.saved_meeting,
                        original.file,
                        justified=protocol.meeting.justified,
                        added_by=request.user,
                    )
                except ValidationError as error:
                    raise ProtocolImportError(
                        REFUSED_ORIGINAL % {"reason": " ".join(error.messages)}
                    ) from error
        if original is not None:
            transaction.on_commit(original.forget)
        if attachment is not None:
            self.message_user(
                request,
                gettext("%(file)s is kept with the meeting as “%(kind)s”.")
                % {"file": attachment.file_name, "kind": attachment.get_kind_display()},
                messages.SUCCESS,
            )
        return self.saved(request, result)

    def saved(self, request, result):
        meeting = result.saved_meeting
        self.message_user(
            request,
            gettext("%(meeting)s: %(new)s paragraphs saved, %(kept)s were already there.")
            % {
                "meeting": meeting,
                "new": len(result.new_items),
                "kept": len(result.items) - len(result.new_items),
            },
            messages.SUCCESS,
        )
        return HttpResponseRedirect(reverse("admin:protocols_meeting_change", args=[meeting.pk]))
