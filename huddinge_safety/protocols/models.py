"""Committee minutes: bodies, meetings, agenda items, who spoke and what was noted."""

import datetime

from django.contrib.postgres.indexes import GinIndex
from django.db import models
from django.db.models import OuterRef, Q
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from huddinge_safety.history import newest_change
from huddinge_safety.search import stored_search_vector


class BodyQuerySet(models.QuerySet):
    def with_meeting_stats(self):
        """Annotate ``meeting_count`` and ``latest_meeting`` (the newest known date)."""
        return self.annotate(
            meeting_count=models.Count("meetings"), latest_meeting=models.Max("meetings__date")
        ).order_by(*self.model._meta.ordering)


class Body(models.Model):
    """A committee, board or council (beredning, nämnd, styrelse)."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    history = HistoricalRecords()

    objects = BodyQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("body")
        verbose_name_plural = _("bodies")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("protocols:body", args=[self.pk])


class PartyQuerySet(models.QuerySet):
    def with_member_count(self):
        return self.annotate(member_count=models.Count("members")).order_by(
            *self.model._meta.ordering
        )


class Party(models.Model):
    abbreviation = models.CharField(_("abbreviation"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=200, blank=True)
    history = HistoricalRecords()

    objects = PartyQuerySet.as_manager()

    class Meta:
        ordering = ["abbreviation"]
        verbose_name = _("party")
        verbose_name_plural = _("parties")

    def __str__(self):
        return self.name or self.abbreviation

    def get_absolute_url(self):
        return reverse("protocols:party", args=[self.pk])


class Person(models.Model):
    """A member or official. Party and title are as currently known; each speech
    and signature keeps its own copy as it was at the time."""

    name = models.CharField(_("name"), max_length=200)
    party = models.ForeignKey(
        Party,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="members",
        verbose_name=_("party"),
    )
    title = models.CharField(
        _("title"), max_length=200, blank=True, help_text=_("E.g. head of security.")
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("protocols:person", args=[self.pk])


class MeetingQuerySet(models.QuerySet):
    def with_item_count(self):
        # Meta.ordering does not apply to GROUP BY queries, so it is restated.
        return self.annotate(item_count=models.Count("agenda_items")).order_by(
            *self.model._meta.ordering
        )

    def for_list(self):
        """Meetings with their body and the titles of their items, in two queries."""
        return self.select_related("body").prefetch_related(
            models.Prefetch(
                "agenda_items",
                queryset=AgendaItem.objects.only(
                    "meeting_id", "item_number", "paragraph", "title"
                ).order_by("paragraph", "item_number", "pk"),
            )
        )

    def in_year(self, year):
        return self.filter(date__year=year)

    def years(self):
        """The years that have meetings, newest first."""
        return [day.year for day in self.dates("date", "year", order="DESC")]


class Meeting(models.Model):
    body = models.ForeignKey(Body, models.PROTECT, related_name="meetings", verbose_name=_("body"))
    date = models.DateField(
        _("date"), null=True, blank=True, help_text=_("Left empty if the date is not known.")
    )
    history = HistoricalRecords()

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = [models.F("date").desc(nulls_last=True), "body__name", "pk"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        constraints = [
            models.UniqueConstraint(
                fields=["body", "date"],
                condition=Q(date__isnull=False),
                name="one_meeting_per_body_and_date",
                violation_error_message=_("The body already has a meeting on this date."),
            ),
            models.CheckConstraint(
                condition=Q(date__range=(datetime.date(1900, 1, 1), datetime.date(2100, 12, 31))),
                name="meeting_date_within_reason",
                violation_error_message=_(
                    "The date of the meeting must be between 1 January 1900 and 31 December 2100."
                ),
            ),
        ]

    def __str__(self):
        when = date_format(self.date, "j F Y") if self.date else gettext("date unknown")
        return f"{self.body}, {when}"

    def get_absolute_url(self):
        return reverse("protocols:meeting", args=[self.pk])


class AgendaItemQuerySet(models.QuerySet):
    def for_display(self):
        """An item with its meeting, references, speakers and notes, in fixed queries."""
        return self.select_related("meeting__body").prefetch_related(
            "document_references",
            models.Prefetch("speakers", queryset=Speaker.objects.select_related("person", "party")),
            models.Prefetch("notes", queryset=ProtocolNote.objects.for_display()),
        )

    def with_last_change(self):
        """Annotate ``last_change``: when anything the item's page (and PDF) shows
        last changed. One query; the PDF cache is keyed on it."""
        return self.annotate(last_change=newest_change(*agenda_item_histories()))


def agenda_item_histories(item="pk"):
    """History querysets of everything an agenda item's page shows: the item, its
    meeting and body, documents, speakers, notes, signatories, people and parties.

    ``item`` names the item's pk in the outer query, so that a query on another
    model (a follow-up decided in the item) can reach it, e.g. ``"agenda_item__pk"``."""
    prefix = item.removesuffix("pk")
    speakers = Speaker.objects.filter(agenda_item=OuterRef(OuterRef(item)))
    notes = ProtocolNote.objects.filter(agenda_item=OuterRef(OuterRef(item)))
    signatories = Signatory.objects.filter(note__agenda_item=OuterRef(OuterRef(item)))
    return [
        AgendaItem.history.filter(id=OuterRef(item)),
        Meeting.history.filter(id=OuterRef(f"{prefix}meeting_id")),
        Body.history.filter(id=OuterRef(f"{prefix}meeting__body_id")),
        DocumentReference.history.filter(agenda_item_id=OuterRef(item)),
        Speaker.history.filter(agenda_item_id=OuterRef(item)),
        ProtocolNote.history.filter(agenda_item_id=OuterRef(item)),
        Signatory.history.filter(note_id__in=notes.values("pk")),
        Person.history.filter(
            Q(id__in=speakers.values("person_id")) | Q(id__in=signatories.values("person_id"))
        ),
        Party.history.filter(
            Q(id__in=speakers.values("party_id"))
            | Q(id__in=notes.values("on_behalf_of_id"))
            | Q(id__in=signatories.values("person__party_id"))
        ),
    ]


class AgendaItem(models.Model):
    """An ärende or paragraf of a meeting, with its decision and summary."""

    meeting = models.ForeignKey(
        Meeting, models.PROTECT, related_name="agenda_items", verbose_name=_("meeting")
    )
    item_number = models.CharField(
        _("item number"), max_length=40, blank=True, help_text=_("E.g. ”Ärende 11”.")
    )
    paragraph = models.CharField(
        _("paragraph"), max_length=40, blank=True, help_text=_("E.g. ”§ 8”.")
    )
    title = models.CharField(_("heading"), max_length=500)
    registry_number = models.CharField(_("registry number"), max_length=100, blank=True)
    decision = models.TextField(_("decision"), blank=True)
    summary = models.TextField(_("summary"), blank=True)
    search_vector = stored_search_vector("title", "decision", "summary")
    history = HistoricalRecords(excluded_fields=["search_vector"])

    objects = AgendaItemQuerySet.as_manager()

    class Meta:
        ordering = ["meeting", "paragraph", "item_number", "pk"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        indexes = [GinIndex(fields=["search_vector"], name="agendaitem_search")]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "item_number"],
                condition=~Q(item_number=""),
                name="unique_item_number_per_meeting",
                violation_error_message=_(
                    "The meeting already has an agenda item with this number."
                ),
            ),
            models.UniqueConstraint(
                fields=["meeting", "paragraph"],
                condition=~Q(paragraph=""),
                name="unique_paragraph_per_meeting",
                violation_error_message=_("The meeting already has a paragraph with this number."),
            ),
        ]

    def __str__(self):
        label = " ".join(part for part in (self.paragraph, self.item_number) if part)
        return f"{label}: {self.title}" if label else self.title

    def get_absolute_url(self):
        return reverse("protocols:agenda_item", args=[self.pk])

    @property
    def search_title(self):
        return f"{self} – {self.meeting}"


class DocumentReference(models.Model):
    """A document the decision refers to, e.g. ”bilaga 1 till kommunstyrelsens
    tjänsteutlåtande daterat den 6 februari 2020”."""

    agenda_item = models.ForeignKey(
        AgendaItem,
        models.CASCADE,
        related_name="document_references",
        verbose_name=_("agenda item"),
    )
    attachment_label = models.CharField(
        _("attachment"), max_length=100, blank=True, help_text=_("E.g. ”bilaga 1”.")
    )
    document = models.CharField(
        _("document"), max_length=300, help_text=_("E.g. ”kommunstyrelsens tjänsteutlåtande”.")
    )
    document_date = models.DateField(_("dated"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["agenda_item", "pk"]
        verbose_name = _("document reference")
        verbose_name_plural = _("document references")

    def __str__(self):
        text = self.document
        if self.attachment_label:
            text = gettext("%(attachment)s to %(document)s") % {
                "attachment": self.attachment_label,
                "document": text,
            }
        if self.document_date:
            text = gettext("%(document)s dated %(date)s") % {
                "document": text,
                "date": date_format(self.document_date, "j F Y"),
            }
        return text


class Speaker(models.Model):
    """One speaker in an item's deliberation (överläggning), in speaking order."""

    agenda_item = models.ForeignKey(
        AgendaItem, models.CASCADE, related_name="speakers", verbose_name=_("agenda item")
    )
    order = models.PositiveSmallIntegerField(_("order"))
    person = models.ForeignKey(
        Person, models.PROTECT, related_name="speeches", verbose_name=_("person")
    )
    party = models.ForeignKey(
        Party,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="speeches",
        verbose_name=_("party at the time"),
    )
    title = models.CharField(_("title at the time"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["agenda_item", "order"]
        verbose_name = _("speaker")
        verbose_name_plural = _("speakers")
        constraints = [
            models.UniqueConstraint(
                fields=["agenda_item", "order"],
                name="unique_speaker_order_per_item",
                violation_error_message=_("Two speakers cannot have the same place in the order."),
            ),
        ]

    def __str__(self):
        if self.party_id:
            return f"{self.person} ({self.party.abbreviation})"
        if self.title:
            return f"{self.person}, {self.title}"
        return str(self.person)


class ProtocolNoteQuerySet(models.QuerySet):
    def for_display(self):
        """Notes with their party group and signatories in order, in fixed queries."""
        return self.select_related("on_behalf_of").prefetch_related(
            models.Prefetch(
                "signatories",
                queryset=Signatory.objects.select_related("person__party").order_by("order"),
            )
        )

    def by_party(self, party):
        """Notes entered on behalf of ``party`` or signed by one of its members."""
        signed = Signatory.objects.filter(person__party=party).values("note")
        return self.for_display().filter(Q(on_behalf_of=party) | Q(pk__in=signed))


class ProtocolNote(models.Model):
    """A statement entered in the minutes: protocol note, reservation or motion."""

    class Kind(models.TextChoices):
        PROTOCOL_NOTE = "protocol_note", _("Protocol note")
        RESERVATION = "reservation", _("Reservation")
        MOTION = "motion", _("Motion")

    agenda_item = models.ForeignKey(
        AgendaItem, models.CASCADE, related_name="notes", verbose_name=_("agenda item")
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=Kind.choices, default=Kind.PROTOCOL_NOTE
    )
    attachment_label = models.CharField(
        _("attachment"), max_length=100, blank=True, help_text=_("E.g. ”bilaga 8.1”.")
    )
    on_behalf_of = models.ForeignKey(
        Party,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="notes",
        verbose_name=_("for party group"),
    )
    date = models.DateField(_("date"), null=True, blank=True)
    body = models.TextField(_("text"), blank=True)
    search_vector = stored_search_vector("body")
    history = HistoricalRecords(excluded_fields=["search_vector"])

    objects = ProtocolNoteQuerySet.as_manager()

    class Meta:
        ordering = ["agenda_item", "attachment_label", "pk"]
        verbose_name = _("protocol note")
        verbose_name_plural = _("protocol notes")
        indexes = [GinIndex(fields=["search_vector"], name="protocolnote_search")]

    def __str__(self):
        label = f" ({self.attachment_label})" if self.attachment_label else ""
        return f"{self.get_kind_display()}{label}: {self.agenda_item.title}"

    def get_absolute_url(self):
        return f"{self.agenda_item.get_absolute_url()}#anteckning-{self.pk}"

    @property
    def search_title(self):
        label = f", {self.attachment_label}" if self.attachment_label else ""
        party = ""
        if self.on_behalf_of:
            party = " " + gettext("for %(party)s") % {"party": self.on_behalf_of}
        return (
            f"{self.get_kind_display()}{label}{party} – {self.agenda_item} "
            f"({self.agenda_item.meeting})"
        )


class Signatory(models.Model):
    note = models.ForeignKey(
        ProtocolNote,
        models.CASCADE,
        related_name="signatories",
        verbose_name=_("protocol note"),
    )
    order = models.PositiveSmallIntegerField(_("order"))
    person = models.ForeignKey(
        Person, models.PROTECT, related_name="signatures", verbose_name=_("person")
    )
    is_substitute = models.BooleanField(
        _("substitute's statement"),
        default=False,
        help_text=_("Signed as a substitute (suppleantyttrande)."),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["note", "order"]
        verbose_name = _("signatory")
        verbose_name_plural = _("signatories")
        constraints = [
            models.UniqueConstraint(
                fields=["note", "order"],
                name="unique_signatory_order_per_note",
                violation_error_message=_(
                    "Two signatories cannot have the same place in the order."
                ),
            ),
        ]

    def __str__(self):
        if self.is_substitute:
            return gettext("%(person)s (substitute's statement)") % {"person": self.person}
        return str(self.person)
