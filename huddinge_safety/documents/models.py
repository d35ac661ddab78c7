"""Files kept with the record: the minutes as signed, the notice of a meeting, an
item's tjänsteutlåtande and bilagor, a note as handed in, a follow-up's report.

Each file's content type is read from its bytes, its SHA-256 kept, and its text
read once at upload into one row per page for search. An attachment of a decided
follow-up, the justified minutes and every file of a justified meeting cannot be
changed or deleted (the database refuses it); a correction is a new attachment that
supersedes it, with a reason."""

import contextlib
import hashlib
import uuid
from pathlib import PurePath

import pgtrigger
from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.core.exceptions import SuspiciousFileOperation, ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils import timezone
from django.utils.text import get_valid_filename
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from huddinge_safety.followups.models import LOCKED_SQL, FollowUp
from huddinge_safety.protocols.models import AgendaItem, DocumentReference, Meeting, ProtocolNote
from huddinge_safety.search import stored_search_vector

from . import content

OWNERS = ["meeting", "agenda_item", "note", "follow_up"]
MAX_STEM_LENGTH = 100
LOCKED_MESSAGE = _(
    "The attachment belongs to the decided record and cannot be changed or deleted. "
    "Add a correction that supersedes it instead."
)


def validate_size(file):
    if file._committed:
        return
    limit = settings.ATTACHMENT_MAX_BYTES
    if file.size > limit:
        raise ValidationError(
            _("The file is %(size)s; the largest file accepted is %(limit)s."),
            code="file_size",
            params={"size": filesizeformat(file.size), "limit": filesizeformat(limit)},
        )


def validate_content_type(file):
    # Only a new upload is read; a stored file was checked when it came.
    if not file._committed:
        content.content_type(file.file)


def check_file(file):
    """Raises the ValidationError that attaching ``file`` would meet: its type, read
    from its content, or its size refused. For a file to be attached later."""
    Attachment(file=file).clean_fields(
        exclude=[field.name for field in Attachment._meta.fields if field.name != "file"]
    )


def safe_file_name(name, content_type):
    """``name`` without folders or characters unsafe in a file name or a URL,
    ending in the extension of the type the file really is."""
    try:
        safe = get_valid_filename(PurePath(name.replace("\\", "/")).name)
    except SuspiciousFileOperation:
        safe = ""
    extension = content.EXTENSIONS[content_type]
    stem = safe[: -len(extension)] if safe.lower().endswith(extension) else safe
    return f"{stem.strip('.')[:MAX_STEM_LENGTH] or gettext('document')}{extension}"


def storage_name(attachment, filename):
    """A name of its own for each stored file: a random folder keeps two files
    of the same name apart and makes a file's place impossible to guess."""
    return f"dokument/{uuid.uuid4().hex}/{attachment.file_name}"


class AttachmentQuerySet(models.QuerySet):
    def public(self):
        """What anyone may open: marked public, and never a file of a follow-up
        that is not published."""
        return self.filter(
            Q(follow_up__isnull=True) | Q(follow_up__status=FollowUp.Status.PUBLISHED),
            is_public=True,
        )

    def of_item(self, item):
        """The files of an agenda item and of its protocol notes; ``item`` may be
        an ``OuterRef``."""
        return self.filter(Q(agenda_item=item) | Q(note__agenda_item=item))

    def with_owners(self):
        """With what ``is_locked`` reads: the follow-up, and the meeting, whether
        the attachment belongs to it, to one of its items or to a note."""
        return self.select_related(
            "follow_up", "meeting", "agenda_item__meeting", "note__agenda_item__meeting"
        )

    def listed(self):
        """These attachments in order, each with the listed file it corrects
        (``corrects``) and the listed correction that supersedes it
        (``corrected_by``), else None. A correction belongs where the file it
        corrects is, so a listing of one owner's public files holds both, or the
        other one is not public: then it is neither named nor linked."""
        by_pk = {attachment.pk: attachment for attachment in self}
        for attachment in by_pk.values():
            attachment.corrects = by_pk.get(attachment.supersedes_id)
            attachment.corrected_by = None
        for attachment in by_pk.values():
            if attachment.corrects:
                attachment.corrects.corrected_by = attachment
        return list(by_pk.values())


class Attachment(models.Model):
    class Kind(models.TextChoices):
        MINUTES = "minutes", _("Justified minutes")
        UNJUSTIFIED_MINUTES = "unjustified_minutes", _("Minutes not yet justified")
        NOTICE = "notice", _("Notice of meeting")
        OFFICIAL_REPORT = "official_report", _("Official report (tjänsteutlåtande)")
        APPENDIX = "appendix", _("Appendix")
        MOTION = "motion", _("Motion")
        NOTE = "note", _("Note as handed in")
        REPORT = "report", _("Follow-up report as decided")
        OTHER = "other", _("Other document")

    class Text(models.TextChoices):
        SEARCHABLE = "searchable", _("Text searchable")
        NO_TEXT = "no_text", _("No text (scanned?): not searchable")
        NOT_READ = "not_read", _("Not searched (spreadsheet)")

    meeting = models.ForeignKey(
        Meeting,
        models.CASCADE,
        null=True,
        blank=True,
        related_name="attachments",
        verbose_name=_("meeting"),
    )
    agenda_item = models.ForeignKey(
        AgendaItem,
        models.CASCADE,
        null=True,
        blank=True,
        related_name="attachments",
        verbose_name=_("agenda item"),
    )
    note = models.ForeignKey(
        ProtocolNote,
        models.CASCADE,
        null=True,
        blank=True,
        related_name="attachments",
        verbose_name=_("protocol note"),
    )
    follow_up = models.ForeignKey(
        FollowUp,
        models.CASCADE,
        null=True,
        blank=True,
        related_name="attachments",
        verbose_name=_("follow-up"),
    )
    reference = models.ForeignKey(
        DocumentReference,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="attachments",
        verbose_name=_("document reference"),
        help_text=_("The reference in the decision that this file is, if any."),
    )
    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    date = models.DateField(_("date of the document"), null=True, blank=True)
    file = models.FileField(
        _("file"),
        upload_to=storage_name,
        max_length=300,
        validators=[validate_size, validate_content_type],
        help_text=_("PDF, DOCX, XLSX, ODT or plain text."),
    )
    file_name = models.CharField(_("file name"), max_length=200, editable=False)
    content_type = models.CharField(_("content type"), max_length=100, editable=False)
    size = models.PositiveBigIntegerField(_("size in bytes"), editable=False)
    sha256 = models.CharField(_("SHA-256"), max_length=64, editable=False)
    text = models.CharField(_("text"), max_length=20, choices=Text.choices, editable=False)
    is_public = models.BooleanField(
        _("public"),
        default=True,
        help_text=_("A follow-up's attachments are public only once it is published."),
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("added by"),
    )
    added_at = models.DateTimeField(_("added"), default=timezone.now, editable=False)
    supersedes = models.OneToOneField(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="superseded_by",
        verbose_name=_("corrects"),
        help_text=_("The attachment this one corrects and replaces."),
    )
    correction_reason = models.TextField(_("reason for the correction"), blank=True)
    history = HistoricalRecords()

    objects = AttachmentQuerySet.as_manager()

    class Meta:
        ordering = ["date", "added_at", "pk"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    *(
                        Q(**{f"{owner}__isnull": owner != chosen for owner in OWNERS})
                        for chosen in OWNERS
                    ),
                    _connector=Q.OR,
                ),
                name="attachment_has_one_owner",
                violation_error_message=_(
                    "An attachment belongs to exactly one meeting, agenda item, protocol "
                    "note or follow-up."
                ),
            ),
            models.CheckConstraint(
                condition=Q(supersedes__isnull=True) | ~Q(correction_reason=""),
                name="correction_has_reason",
                violation_error_message=_("A correction needs a reason."),
            ),
            # A reference is part of an agenda item's decision: so is its file.
            models.CheckConstraint(
                condition=Q(reference__isnull=True) | Q(agenda_item__isnull=False),
                name="referenced_file_belongs_to_an_item",
                violation_error_message=_(
                    "Only an agenda item's attachment can be a document reference."
                ),
            ),
            models.CheckConstraint(
                condition=Q(sha256__regex=r"^[0-9a-f]{64}$"),
                name="attachment_sha256_is_hex",
            ),
        ]
        triggers = [
            # The justified minutes, every file of a justified meeting (its own, its
            # items' and their notes') and every attachment of a decided follow-up
            # are the record: changed or deleted by no code and no SQL.
            pgtrigger.Trigger(
                name="protect_decided_attachment",
                operation=pgtrigger.Update | pgtrigger.Delete,
                when=pgtrigger.Before,
                func=f"""
                    IF OLD.kind = 'minutes' OR EXISTS (
                        SELECT 1 FROM followups_followup
                         WHERE id = OLD.follow_up_id AND status IN {LOCKED_SQL}
                    ) OR EXISTS (
                        SELECT 1 FROM protocols_meeting
                         WHERE adjusted_on IS NOT NULL AND id IN (
                            OLD.meeting_id,
                            (SELECT meeting_id FROM protocols_agendaitem
                              WHERE id = OLD.agenda_item_id),
                            (SELECT item.meeting_id
                               FROM protocols_protocolnote note
                               JOIN protocols_agendaitem item ON item.id = note.agenda_item_id
                              WHERE note.id = OLD.note_id))
                    ) THEN
                        RAISE EXCEPTION 'pgtrigger: the attachment is decided: % refused', TG_OP
                            USING ERRCODE = 'integrity_constraint_violation';
                    END IF;
                    IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
                    RETURN NEW;
                """,  # noqa: S608 -- constant SQL
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        pages = None
        if self.has_new_file:
            pages = self.__dict__.pop("new_pages", None)
            if pages is None:
                pages = self.describe_file()
        with transaction.atomic():
            super().save(*args, **kwargs)
            if pages is not None:
                self.pages.all().delete()
                DocumentPage.objects.bulk_create(
                    DocumentPage(attachment=self, number=number, text=text)
                    for number, text in enumerate(pages, start=1)
                    if text
                )

    def get_absolute_url(self):
        return reverse("documents:file", args=[self.pk, self.sha256[:16], self.file_name])

    @classmethod
    def attach_protocol(cls, meeting, file, *, justified, added_by=None):
        """Keeps ``file``, the protocol ``meeting`` was imported from, as its
        attachment: the justified minutes, public, when the protocol is justified;
        otherwise the minutes not yet justified, not public (minutes become a public
        record once justified). The file is checked as any attachment's is
        (ValidationError when refused); one the meeting has already is not added
        again. Returns the new attachment, or None."""
        kind = cls.Kind.MINUTES if justified else cls.Kind.UNJUSTIFIED_MINUTES
        attachment = cls(
            meeting=meeting,
            kind=kind,
            title=f"{kind.label}, {meeting}",
            date=meeting.date,
            file=file,
            is_public=justified,
            added_by=added_by,
        )
        attachment.full_clean()
        if meeting.attachments.filter(sha256=attachment.sha256).exists():
            return None
        attachment.save()
        return attachment

    @property
    def has_new_file(self):
        return bool(self.file) and not self.file._committed

    @property
    def owning_meeting(self):
        """The meeting this attachment is part of the minutes of: its own, its
        agenda item's or its protocol note's; None for a follow-up's."""
        if self.meeting_id is not None:
            return self.meeting
        if self.agenda_item_id is not None:
            return self.agenda_item.meeting
        if self.note_id is not None:
            return self.note.agenda_item.meeting
        return None

    @property
    def is_locked(self):
        """Whether the database refuses to change or delete this attachment."""
        if self.pk is None:
            return False
        if self.kind == self.Kind.MINUTES:
            return True
        if self.follow_up_id is not None:
            return self.follow_up.status in (FollowUp.Status.APPROVED, FollowUp.Status.PUBLISHED)
        return self.owning_meeting.adjusted_on is not None

    def clean(self):
        if self.has_new_file:
            # An unreadable file: its validator has said why.
            with contextlib.suppress(ValidationError):
                self.describe_file()
        if self.reference_id and self.reference.agenda_item_id != self.agenda_item_id:
            raise ValidationError(
                {"reference": _("The reference must be one of the agenda item's decision.")}
            )
        if self.supersedes_id:
            superseded = self.supersedes
            if not any(getattr(self, f"{name}_id") for name in OWNERS):
                for name in OWNERS:
                    setattr(self, f"{name}_id", getattr(superseded, f"{name}_id"))
            if any(getattr(self, f"{n}_id") != getattr(superseded, f"{n}_id") for n in OWNERS):
                raise ValidationError(
                    {"supersedes": _("A correction belongs where the attachment it corrects is.")}
                )
            if not self.correction_reason.strip():
                raise ValidationError({"correction_reason": _("A correction needs a reason.")})

    def describe_file(self):
        """Reads the newly uploaded file: its type, name, size, checksum and the
        text of its pages (returned, and kept for ``save``)."""
        upload = self.file.file
        kind = content.content_type(upload)
        digest = hashlib.sha256()
        for chunk in iter(lambda: upload.read(1024 * 1024), b""):
            digest.update(chunk)
        self.content_type = kind
        self.file_name = safe_file_name(self.file.name, kind)
        self.size = self.file.size
        self.sha256 = digest.hexdigest()
        extraction = content.extract_pages(upload, kind)
        upload.seek(0)
        if extraction.pages is None:
            self.text = self.Text.NOT_READ
        elif extraction.pages:
            self.text = self.Text.SEARCHABLE
        else:
            self.text = self.Text.NO_TEXT
        self.new_pages = extraction.pages or []
        return self.new_pages


class DocumentPageQuerySet(models.QuerySet):
    def public(self):
        return self.filter(
            Q(attachment__follow_up__isnull=True)
            | Q(attachment__follow_up__status=FollowUp.Status.PUBLISHED),
            attachment__is_public=True,
        )


class DocumentPage(models.Model):
    """The text of one page of an attachment, as read at upload, for search."""

    attachment = models.ForeignKey(
        Attachment, models.CASCADE, related_name="pages", verbose_name=_("attachment")
    )
    number = models.PositiveIntegerField(_("page"))
    text = models.TextField(_("text"))
    search_vector = stored_search_vector("text")

    objects = DocumentPageQuerySet.as_manager()

    class Meta:
        ordering = ["attachment_id", "number"]
        verbose_name = _("document page")
        verbose_name_plural = _("document pages")
        indexes = [GinIndex(fields=["search_vector"], name="documentpage_search")]
        constraints = [
            models.UniqueConstraint(
                fields=["attachment", "number"], name="unique_page_number_per_attachment"
            ),
        ]

    def __str__(self):
        return gettext("%(document)s, page %(page)s") % {
            "document": self.attachment,
            "page": self.number,
        }

    def get_absolute_url(self):
        # PDF viewers open the page named in the fragment.
        return f"{self.attachment.get_absolute_url()}#page={self.number}"

    @property
    def search_title(self):
        return gettext("%(document)s (%(kind)s), page %(page)s") % {
            "document": self.attachment.title,
            "kind": self.attachment.get_kind_display(),
            "page": self.number,
        }
