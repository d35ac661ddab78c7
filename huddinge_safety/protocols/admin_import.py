"""Admin: "Importera protokoll". An official uploads a protocol (PDF, DOCX or text),
sees what it would create or leave as it is, fixes the text and previews again, and
saves it all in one transaction."""

import hashlib

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .importing import UnreadableDocument, extract_text, parse
from .importing.saving import ProtocolImportError, plan, save
from .models import Attendance

# A protocol of a few hundred pages is a few megabytes of PDF.
MAX_UPLOAD_BYTES = 20 * 1024 * 1024


class ProtocolImportForm(forms.Form):
    file = forms.FileField(
        label=_("Protocol file"),
        required=False,
        help_text=_("PDF, DOCX or plain text. Its text is read into the field below."),
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
        # As a browser sends it back from the text field: CRLF line ends, no edges.
        cleaned["text"] = cleaned.get("text", "").replace("\r\n", "\n").replace("\r", "\n").strip()
        if not cleaned["text"]:
            raise forms.ValidationError(_("Choose a file or paste the protocol's text."))
        return cleaned


def _fingerprint(data):
    """What the preview showed, so that Save saves that and nothing else."""
    shown = "\0".join([data["text"], data["body"], str(data["date"] or "")])
    return hashlib.sha256(shown.encode()).hexdigest()


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
        protocol = preview = previewed = None
        errors = []
        if form.is_valid():
            data = form.cleaned_data
            protocol = parse(data["text"])
            try:
                if not protocol.items:
                    raise ProtocolImportError(
                        gettext("No paragraph was found in the text; is it a protocol?")
                    )
                previewed = _fingerprint(data)
                if "save" in request.POST:
                    if request.POST.get("previewed") == previewed:
                        return self.saved(request, save(protocol, data["body"], data["date"]))
                    errors.append(
                        gettext("The text has changed since the preview; check it before saving.")
                    )
                preview = plan(protocol, data["body"], data["date"])
            except ProtocolImportError as error:
                errors.append(str(error))
            # The text read from a file is what the official fixes and sends again.
            form = ProtocolImportForm(
                initial={"text": data["text"], "body": data["body"], "date": data["date"]}
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
        }
        return TemplateResponse(request, "admin/protocols/import.html", context)

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
