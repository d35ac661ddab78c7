"""Committee minutes: bodies, meetings, agenda items, who spoke and what was noted."""

import datetime
from typing import NamedTuple

import pgtrigger
from django.contrib.postgres.indexes import GinIndex
from django.db import models
from django.db.models import F, OuterRef, Q, Value
from django.db.models.functions import Cast, Coalesce
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
    def for_display(self):
        """A meeting with its signatures, attendance and items, in fixed queries."""
        return self.select_related("body", "chair", "secretary").prefetch_related(
            models.Prefetch("adjusters", queryset=Adjuster.objects.select_related("person")),
            models.Prefetch("attendances", queryset=Attendance.objects.for_display()),
            "agenda_items",
        )

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
    place = models.CharField(
        _("place"), max_length=300, blank=True, help_text=_("E.g. ”Stadshuset, sal 1”.")
    )
    start_time = models.TimeField(_("start time"), null=True, blank=True)
    end_time = models.TimeField(_("end time"), null=True, blank=True)
    chair = models.ForeignKey(
        Person,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="meetings_chaired",
        verbose_name=_("chair"),
    )
    secretary = models.ForeignKey(
        Person,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="meetings_as_secretary",
        verbose_name=_("secretary"),
    )
    adjusted_on = models.DateField(
        _("adjusted on"),
        null=True,
        blank=True,
        help_text=_("The day the minutes were adjusted (justerade) and signed."),
    )
    adjustment_place = models.CharField(_("place of adjustment"), max_length=300, blank=True)
    notice_posted_on = models.DateField(
        _("notice posted on"),
        null=True,
        blank=True,
        help_text=_(
            "The day the notice that the minutes are adjusted was posted on the "
            "official notice board (anslag). The time to appeal runs from it."
        ),
    )
    notice_removed_on = models.DateField(_("notice taken down on"), null=True, blank=True)
    minutes_kept_at = models.CharField(
        _("minutes kept at"),
        max_length=300,
        blank=True,
        help_text=_("Where the minutes are kept (förvaringsplats), e.g. ”Stadsledningskontoret”."),
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
            models.CheckConstraint(
                condition=Q(adjusted_on__isnull=True)
                | Q(date__isnull=True)
                | Q(adjusted_on__gte=F("date")),
                name="meeting_adjusted_after_meeting",
                violation_error_message=_(
                    "The minutes cannot be adjusted before the meeting was held."
                ),
            ),
            models.CheckConstraint(
                condition=Q(notice_posted_on__isnull=True)
                | Q(adjusted_on__isnull=True)
                | Q(notice_posted_on__gte=F("adjusted_on")),
                name="meeting_notice_after_adjustment",
                violation_error_message=_(
                    "The notice cannot be posted before the minutes were adjusted."
                ),
            ),
            models.CheckConstraint(
                condition=Q(notice_removed_on__isnull=True)
                | (
                    Q(notice_posted_on__isnull=False)
                    & Q(notice_removed_on__gte=F("notice_posted_on"))
                ),
                name="meeting_notice_removed_after_posted",
                violation_error_message=_("The notice cannot be taken down before it was posted."),
            ),
        ]

    def __str__(self):
        when = date_format(self.date, "j F Y") if self.date else gettext("date unknown")
        return f"{self.body}, {when}"

    def get_absolute_url(self):
        return reverse("protocols:meeting", args=[self.pk])

    @property
    def appeal_deadline(self):
        """The last day to appeal the decisions (laglighetsprövning), or None
        while the notice is not posted."""
        return appeal_deadline(self.notice_posted_on) if self.notice_posted_on else None


APPEAL_TIME = datetime.timedelta(weeks=3)


def appeal_deadline(notice_posted_on):
    """The last day to appeal: three weeks from the day the notice of the
    adjusted minutes was posted (kommunallagen 13 kap. 5 §), moved to the next
    weekday when it falls on a Saturday, Sunday, public holiday, Midsummer Eve,
    Christmas Eve or New Year's Eve (lagen (1930:173) om beräkning av
    lagstadgad tid, 2 §)."""
    day = notice_posted_on + APPEAL_TIME
    while day.weekday() >= 5 or day in days_off(day.year):
        day += datetime.timedelta(days=1)
    return day


def days_off(year):
    """The weekdays of ``year`` that are no working days under lag (1930:173):
    the public holidays (lag (1989:253) om allmänna helgdagar) and Midsummer,
    Christmas and New Year's Eves. Saturdays and Sundays are left to the caller."""
    easter = easter_sunday(year)
    midsummer_eve = next(
        datetime.date(year, 6, day)
        for day in range(19, 26)
        if datetime.date(year, 6, day).weekday() == 4
    )
    return {
        datetime.date(year, 1, 1),
        datetime.date(year, 1, 6),
        easter - datetime.timedelta(days=2),
        easter + datetime.timedelta(days=1),
        datetime.date(year, 5, 1),
        easter + datetime.timedelta(days=39),
        datetime.date(year, 6, 6),
        midsummer_eve,
        datetime.date(year, 12, 24),
        datetime.date(year, 12, 25),
        datetime.date(year, 12, 26),
        datetime.date(year, 12, 31),
    }


def easter_sunday(year):
    """Easter Sunday of ``year`` in the Gregorian calendar (the anonymous
    algorithm of Meeus, Jones and Butcher)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    ell = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * ell) // 451
    month, day = divmod(h + ell - 7 * m + 114, 31)
    return datetime.date(year, month, day + 1)


class Adjuster(models.Model):
    """A member who adjusted (justerade) and signed the minutes, in signing order."""

    meeting = models.ForeignKey(
        Meeting, models.CASCADE, related_name="adjusters", verbose_name=_("meeting")
    )
    order = models.PositiveSmallIntegerField(_("order"))
    person = models.ForeignKey(
        Person, models.PROTECT, related_name="adjusted_minutes", verbose_name=_("person")
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting_id", "order"]
        verbose_name = _("adjuster")
        verbose_name_plural = _("adjusters")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "order"],
                name="unique_adjuster_order_per_meeting",
                violation_error_message=_("Two adjusters cannot have the same place in the order."),
            ),
            models.UniqueConstraint(
                fields=["meeting", "person"],
                name="unique_adjuster_per_meeting",
                violation_error_message=_("The person is already an adjuster of the meeting."),
            ),
        ]

    def __str__(self):
        return str(self.person)


class AttendanceQuerySet(models.QuerySet):
    def for_display(self):
        """Grouped by role as the minutes list them (members, serving substitutes,
        substitutes, others), in order within each group, with their people and
        paragraphs."""
        roles = Attendance.Role
        rank = models.Case(
            *(models.When(role=role, then=index) for index, role in enumerate(roles)),
            output_field=models.IntegerField(),
        )
        return self.select_related(
            "person", "party", "substitute_for", "from_item", "to_item"
        ).order_by(rank, "order", "pk")


class Attendance(models.Model):
    """Who took part in a meeting and as what: a member, a substitute, a
    substitute serving in a member's place, or someone else present such as an
    official. ``from_item`` and ``to_item`` bound the paragraphs it applies to;
    empty, it applies from the first or to the last."""

    class Role(models.TextChoices):
        MEMBER = "member", _("Member")
        SERVING_SUBSTITUTE = "serving_substitute", _("Serving substitute")
        SUBSTITUTE = "substitute", _("Substitute")
        OTHER = "other", _("Also present")

    meeting = models.ForeignKey(
        Meeting, models.CASCADE, related_name="attendances", verbose_name=_("meeting")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    person = models.ForeignKey(
        Person, models.PROTECT, related_name="attendances", verbose_name=_("person")
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    party = models.ForeignKey(
        Party,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="attendances",
        verbose_name=_("party at the time"),
    )
    title = models.CharField(
        _("title at the time"),
        max_length=200,
        blank=True,
        help_text=_("For officials and others present, e.g. ”stadsdirektör”."),
    )
    substitute_for = models.ForeignKey(
        Person,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="substituted_by",
        verbose_name=_("serving for"),
        help_text=_("The member in whose place a serving substitute takes part."),
    )
    from_item = models.ForeignKey(
        "AgendaItem",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="attendances_from",
        verbose_name=_("from paragraph"),
        help_text=_("Empty: from the first paragraph."),
    )
    to_item = models.ForeignKey(
        "AgendaItem",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="attendances_to",
        verbose_name=_("to paragraph"),
        help_text=_("Empty: to the last paragraph."),
    )
    arrival = models.CharField(
        _("arrival"), max_length=200, blank=True, help_text=_("E.g. ”kl. 9.30, under § 45”.")
    )
    departure = models.CharField(
        _("departure"), max_length=200, blank=True, help_text=_("E.g. ”kl. 11.00, efter § 60”.")
    )
    history = HistoricalRecords()

    objects = AttendanceQuerySet.as_manager()

    class Meta:
        ordering = ["meeting_id", "order", "pk"]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "person", "role", "substitute_for", "from_item"],
                nulls_distinct=False,
                name="unique_attendance_per_meeting",
                violation_error_message=_(
                    "The person is already recorded in this role for these paragraphs."
                ),
            ),
            models.CheckConstraint(
                condition=Q(substitute_for__isnull=True) | Q(role="serving_substitute"),
                name="attendance_only_serving_substitute_serves_for",
                violation_error_message=_("Only a serving substitute serves for a member."),
            ),
            models.CheckConstraint(
                condition=~Q(substitute_for=F("person")),
                name="attendance_not_substitute_for_self",
                violation_error_message=_("A substitute cannot serve for themselves."),
            ),
        ]

    def __str__(self):
        return f"{self.person}, {self.get_role_display().lower()}"

    @property
    def paragraphs(self):
        """The paragraphs it applies to, e.g. ”§ 43–§ 58”; empty when all."""
        first = self.from_item.label if self.from_item else ""
        last = self.to_item.label if self.to_item else ""
        if first and last:
            return first if first == last else f"{first}–{last}"
        if first:
            return gettext("from %(item)s") % {"item": first}
        if last:
            return gettext("up to %(item)s") % {"item": last}
        return ""


class AgendaItemQuerySet(models.QuerySet):
    def for_display(self):
        """Items with their meeting, references (and their files), conflicts of interest,
        speakers, statements, votes and extract recipients, in fixed queries."""
        return self.with_speakers_and_notes().prefetch_related(
            models.Prefetch(
                "document_references", queryset=DocumentReference.objects.for_display()
            ),
            models.Prefetch("recusals", queryset=Recusal.objects.for_display()),
            models.Prefetch("votes", queryset=Vote.objects.for_display()),
            "extract_recipients",
        )

    def for_page(self):
        """An item as its own page shows it: with its meeting, speakers and statements,
        and ``has_references``, ``has_recusals``, ``has_votes``,
        ``has_extract_recipients`` and ``has_attachments`` (public files of the item
        or its notes) saying whether it records any, for the page to read only those
        it has. Most items record none of the five: asked here, they cost the page
        five queries less, without which it misses its speed target in ``make bench``
        (issue 12)."""
        item = OuterRef("pk")
        # The documents app adds the files to the items: read through the relation,
        # the apps' imports keep pointing one way.
        attachments = self.model._meta.get_field("attachments").related_model.objects.public()
        return self.with_speakers_and_notes().annotate(
            has_references=models.Exists(DocumentReference.objects.filter(agenda_item=item)),
            has_recusals=models.Exists(Recusal.objects.filter(agenda_item=item)),
            has_votes=models.Exists(Vote.objects.filter(agenda_item=item)),
            has_extract_recipients=models.Exists(ExtractRecipient.objects.filter(agenda_item=item)),
            has_attachments=models.Exists(attachments.of_item(item)),
        )

    def with_speakers_and_notes(self):
        return self.select_related("meeting__body").prefetch_related(
            models.Prefetch("speakers", queryset=Speaker.objects.select_related("person", "party")),
            models.Prefetch("notes", queryset=ProtocolNote.objects.for_display()),
        )

    def with_last_change(self):
        """Annotate ``last_change``: when anything the item's page (and PDF) shows
        last changed. One query; the PDF cache is keyed on it."""
        return self.annotate(last_change=newest_change(*agenda_item_histories()))


def agenda_item_histories(item="pk"):
    """History querysets of everything an agenda item's page shows: the item, its
    meeting and body, documents, conflicts of interest, speakers, notes,
    signatories, votes, ballots, extract recipients, people and parties.

    ``item`` names the item's pk in the outer query, so that a query on another
    model (a follow-up decided in the item) can reach it, e.g. ``"agenda_item__pk"``."""
    prefix = item.removesuffix("pk")
    speakers = Speaker.objects.filter(agenda_item=OuterRef(OuterRef(item)))
    notes = ProtocolNote.objects.filter(agenda_item=OuterRef(OuterRef(item)))
    signatories = Signatory.objects.filter(note__agenda_item=OuterRef(OuterRef(item)))
    recusals = Recusal.objects.filter(agenda_item=OuterRef(OuterRef(item)))
    votes = Vote.objects.filter(agenda_item=OuterRef(OuterRef(item)))
    ballots = Ballot.objects.filter(vote__agenda_item=OuterRef(OuterRef(item)))
    note_parties = ProtocolNote.parties.through.objects.filter(
        protocolnote__agenda_item=OuterRef(OuterRef(item))
    )
    return [
        AgendaItem.history.filter(id=OuterRef(item)),
        Meeting.history.filter(id=OuterRef(f"{prefix}meeting_id")),
        Body.history.filter(id=OuterRef(f"{prefix}meeting__body_id")),
        DocumentReference.history.filter(agenda_item_id=OuterRef(item)),
        Speaker.history.filter(agenda_item_id=OuterRef(item)),
        ProtocolNote.history.filter(agenda_item_id=OuterRef(item)),
        Signatory.history.filter(note_id__in=notes.values("pk")),
        Recusal.history.filter(agenda_item_id=OuterRef(item)),
        Vote.history.filter(agenda_item_id=OuterRef(item)),
        Ballot.history.filter(vote_id__in=votes.values("pk")),
        ExtractRecipient.history.filter(agenda_item_id=OuterRef(item)),
        Person.history.filter(
            Q(id__in=speakers.values("person_id"))
            | Q(id__in=signatories.values("person_id"))
            | Q(id__in=recusals.values("person_id"))
            | Q(id__in=ballots.values("person_id"))
        ),
        Party.history.filter(
            Q(id__in=speakers.values("party_id"))
            | Q(id__in=notes.values("on_behalf_of_id"))
            | Q(id__in=note_parties.values("party_id"))
            | Q(id__in=signatories.values("person__party_id"))
            | Q(id__in=ballots.values("party_id"))
        ),
    ]


def first_number(field):
    """SQL: the first run of up to nine digits in ``field``, as text, or NULL."""
    return models.Func(F(field), Value(r"\d{1,9}"), function="substring")


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
    other_parts = models.TextField(
        _("other parts of the minutes"),
        blank=True,
        help_text=_(
            "Parts of the minutes with no field of their own (e.g. Tidigare behandling, "
            "Propositionsordning), each under its heading, as written."
        ),
    )
    tabled = models.BooleanField(
        _("tabled"),
        default=False,
        help_text=_("The item was put aside to a later meeting (bordlagt)."),
    )
    # ”§ 9” before ”§ 10”: the first number of the paragraph (or, without one, of
    # the item number), kept by PostgreSQL. Nine digits always fit an integer.
    sort_key = models.GeneratedField(
        expression=Cast(
            Coalesce(first_number("paragraph"), first_number("item_number")),
            models.IntegerField(),
        ),
        output_field=models.IntegerField(null=True),
        db_persist=True,
        verbose_name=_("sort key"),
    )
    search_vector = stored_search_vector("title", "decision", "summary")
    history = HistoricalRecords(excluded_fields=["search_vector", "sort_key"])

    objects = AgendaItemQuerySet.as_manager()

    class Meta:
        ordering = ["meeting", "sort_key", "paragraph", "item_number", "pk"]
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
        return f"{self.label}: {self.title}" if self.label else self.title

    def get_absolute_url(self):
        return reverse("protocols:agenda_item", args=[self.pk])

    @property
    def label(self):
        """Its paragraph and item number, e.g. ”§ 8 Ärende 11”."""
        return " ".join(part for part in (self.paragraph, self.item_number) if part)

    @property
    def motions(self):
        """Its motions (yrkanden) in order, from the prefetched statements."""
        return [note for note in self.notes.all() if note.kind == ProtocolNote.Kind.MOTION]

    @property
    def notes_and_reservations(self):
        """Its protocol notes and reservations in order, from the prefetched statements."""
        return [note for note in self.notes.all() if note.kind != ProtocolNote.Kind.MOTION]

    @property
    def search_title(self):
        return f"{self} – {self.meeting}"


class DocumentReferenceQuerySet(models.QuerySet):
    def for_display(self):
        """References with their files."""
        return self.prefetch_related("attachments")


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

    objects = DocumentReferenceQuerySet.as_manager()

    class Meta:
        ordering = ["agenda_item_id", "pk"]
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
        ordering = ["agenda_item_id", "order"]
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
        """Notes with their files, party group and signatories in order, in fixed queries."""
        return self.select_related("on_behalf_of", "vote").prefetch_related(
            "attachments",
            "parties",
            models.Prefetch(
                "signatories",
                queryset=Signatory.objects.select_related("person__party").order_by("order"),
            ),
        )

    def by_party(self, party):
        """Notes entered on behalf of ``party``, by its members as a group, or
        signed by one of its members."""
        signed = Signatory.objects.filter(person__party=party).values("note")
        grouped = ProtocolNote.parties.through.objects.filter(party=party).values("protocolnote")
        return self.for_display().filter(
            Q(on_behalf_of=party) | Q(pk__in=grouped) | Q(pk__in=signed)
        )


class ProtocolNote(models.Model):
    """A statement entered in the minutes: protocol note, reservation or motion
    (yrkande). The signatories are who made it; a reservation may name the vote
    it reserves against (else it is against the decision) and the motion it
    favours (”till förmån för det egna yrkandet”)."""

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
    parties = models.ManyToManyField(
        Party,
        blank=True,
        related_name="group_notes",
        verbose_name=_("by the members of"),
        help_text=_(
            "The party groups whose members enter it, e.g. ”Representanterna från S, V och MP”."
        ),
    )
    order = models.PositiveSmallIntegerField(
        _("order"), default=0, help_text=_("Its place among the item's statements.")
    )
    date = models.DateField(_("date"), null=True, blank=True)
    body = models.TextField(_("text"), blank=True)
    vote = models.ForeignKey(
        "Vote",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="reservations",
        verbose_name=_("against the vote"),
        help_text=_("For a reservation against a vote; empty, it is against the decision."),
    )
    in_favour_of = models.ForeignKey(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="reservations_in_favour",
        verbose_name=_("in favour of the motion"),
        help_text=_(
            "For a reservation in favour of a motion (”till förmån för det egna yrkandet”)."
        ),
    )
    search_vector = stored_search_vector("body")
    history = HistoricalRecords(excluded_fields=["search_vector"], m2m_fields=[parties])

    objects = ProtocolNoteQuerySet.as_manager()

    class Meta:
        ordering = ["agenda_item_id", "order", "attachment_label", "pk"]
        verbose_name = _("protocol note")
        verbose_name_plural = _("protocol notes")
        indexes = [GinIndex(fields=["search_vector"], name="protocolnote_search")]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="reservation")
                | (Q(vote__isnull=True) & Q(in_favour_of__isnull=True)),
                name="protocolnote_only_reservation_links",
                violation_error_message=_(
                    "Only a reservation names a vote or a motion it reserves against or for."
                ),
            ),
        ]

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
        ordering = ["note_id", "order"]
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


class RecusalQuerySet(models.QuerySet):
    def for_display(self):
        """Conflicts of interest with their people."""
        return self.select_related("person")


class Recusal(models.Model):
    """A member's conflict of interest (jäv) on one paragraph: the member takes no
    part in it."""

    agenda_item = models.ForeignKey(
        AgendaItem, models.CASCADE, related_name="recusals", verbose_name=_("agenda item")
    )
    person = models.ForeignKey(
        Person, models.PROTECT, related_name="recusals", verbose_name=_("person")
    )
    note = models.CharField(
        _("note"),
        max_length=500,
        blank=True,
        help_text=_("E.g. ”anmäler jäv och deltar inte i handläggningen”."),
    )
    history = HistoricalRecords()

    objects = RecusalQuerySet.as_manager()

    class Meta:
        ordering = ["agenda_item_id", "pk"]
        verbose_name = _("conflict of interest")
        verbose_name_plural = _("conflicts of interest")
        constraints = [
            models.UniqueConstraint(
                fields=["agenda_item", "person"],
                name="unique_recusal_per_item",
                violation_error_message=_(
                    "The person's conflict of interest in this item is already recorded."
                ),
            ),
        ]

    def __str__(self):
        return str(self.person)


class ExtractRecipient(models.Model):
    """One line of ”Protokollsutdrag skickas till”: who is sent an extract."""

    agenda_item = models.ForeignKey(
        AgendaItem, models.CASCADE, related_name="extract_recipients", verbose_name=_("agenda item")
    )
    order = models.PositiveSmallIntegerField(_("order"))
    recipient = models.CharField(_("recipient"), max_length=300)
    history = HistoricalRecords()

    class Meta:
        ordering = ["agenda_item_id", "order"]
        verbose_name = _("extract recipient")
        verbose_name_plural = _("extract recipients")
        constraints = [
            models.UniqueConstraint(
                fields=["agenda_item", "order"],
                name="unique_extract_recipient_order_per_item",
                violation_error_message=_(
                    "Two recipients cannot have the same place in the order."
                ),
            ),
        ]

    def __str__(self):
        return self.recipient


class VoteChoice(models.TextChoices):
    """A member's answer in a vote by roll call."""

    YES = "yes", _("Yes")
    NO = "no", _("No")
    ABSTAIN = "abstain", _("Abstains")


class Answer(NamedTuple):
    choice: str
    count: int | None
    ballots: list


class VoteQuerySet(models.QuerySet):
    def for_display(self):
        """Votes with their named answers: yes, then no, then abstentions."""
        return self.prefetch_related(
            models.Prefetch(
                "ballots",
                # ”yes”, ”no”, ”abstain” sort so backwards.
                queryset=Ballot.objects.select_related("person", "party").order_by("-choice", "pk"),
            )
        )


class Vote(models.Model):
    """A vote (omröstning) on an item: the proposition put, and the result. The
    counts are as the minutes give them; where the minutes name each member's
    answer too (ballots), the database holds the counts to those names."""

    agenda_item = models.ForeignKey(
        AgendaItem, models.CASCADE, related_name="votes", verbose_name=_("agenda item")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=1)
    proposition = models.TextField(
        _("proposition"),
        blank=True,
        help_text=_(
            "The approved proposition, e.g. ”Ja för bifall till Jonas Attenius yrkande och "
            "Nej för bifall till Axel Josefsons yrkande.”"
        ),
    )
    yes_count = models.PositiveSmallIntegerField(_("yes"), null=True, blank=True)
    no_count = models.PositiveSmallIntegerField(_("no"), null=True, blank=True)
    abstain_count = models.PositiveSmallIntegerField(_("abstain"), null=True, blank=True)
    outcome = models.CharField(
        _("outcome"),
        max_length=10,
        blank=True,
        choices=[(VoteChoice.YES, _("Yes won")), (VoteChoice.NO, _("No won"))],
        help_text=_("On a tie, the side the chair's casting vote decided."),
    )
    search_vector = stored_search_vector("proposition")
    history = HistoricalRecords(excluded_fields=["search_vector"])

    objects = VoteQuerySet.as_manager()

    class Meta:
        ordering = ["agenda_item_id", "order", "pk"]
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        indexes = [GinIndex(fields=["search_vector"], name="vote_search")]
        constraints = [
            models.UniqueConstraint(
                fields=["agenda_item", "order"],
                name="unique_vote_order_per_item",
                violation_error_message=_("Two votes cannot have the same place in the order."),
            ),
            models.CheckConstraint(
                condition=Q(outcome="")
                | Q(yes_count__isnull=True)
                | Q(no_count__isnull=True)
                | Q(outcome="yes", yes_count__gte=F("no_count"))
                | Q(outcome="no", no_count__gte=F("yes_count")),
                name="vote_outcome_follows_counts",
                violation_error_message=_("The outcome contradicts the counts of yes and no."),
            ),
        ]

    def __str__(self):
        return gettext("Vote %(order)s: %(item)s") % {"order": self.order, "item": self.agenda_item}

    def get_absolute_url(self):
        return f"{self.agenda_item.get_absolute_url()}#omrostning-{self.pk}"

    @property
    def search_title(self):
        return f"{self} ({self.agenda_item.meeting})"

    def answers(self):
        """Per answer (yes, no, abstain): its label, the count, and the ballots
        naming it, from the prefetched ballots. Where members are named, an
        unstated count is zero."""
        ballots = list(self.ballots.all())
        return [
            Answer(
                choice,
                count if count is not None or not ballots else 0,
                [ballot for ballot in ballots if ballot.choice == choice],
            )
            for choice, count in self.counts().items()
        ]

    def counts(self):
        return {
            VoteChoice.YES: self.yes_count,
            VoteChoice.NO: self.no_count,
            VoteChoice.ABSTAIN: self.abstain_count,
        }

    def count_errors(self, choices):
        """Swedish messages for each count that differs from the ballots'
        ``choices`` (one per ballot); none when there are no ballots."""
        if not choices:
            return []
        return [
            gettext("%(choice)s: the count is %(count)s but %(names)s members are named.")
            % {"choice": choice.label, "count": count if count is not None else "–", "names": named}
            for choice, count in self.counts().items()
            if (count or 0) != (named := choices.count(choice))
        ]


class Ballot(models.Model):
    """One member's answer in a vote by roll call."""

    vote = models.ForeignKey(Vote, models.CASCADE, related_name="ballots", verbose_name=_("vote"))
    person = models.ForeignKey(
        Person, models.PROTECT, related_name="ballots", verbose_name=_("person")
    )
    party = models.ForeignKey(
        Party,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="ballots",
        verbose_name=_("party at the time"),
    )
    is_substitute = models.BooleanField(
        _("serving substitute"),
        default=False,
        help_text=_("Voted as a serving substitute (tjänstgörande ersättare)."),
    )
    choice = models.CharField(_("answer"), max_length=10, choices=VoteChoice.choices)
    history = HistoricalRecords()

    class Meta:
        ordering = ["vote_id", "pk"]
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")
        constraints = [
            models.UniqueConstraint(
                fields=["vote", "person"],
                name="unique_ballot_per_person_and_vote",
                violation_error_message=_("The person has already answered in this vote."),
            ),
        ]

    def __str__(self):
        return f"{self.person}: {self.get_choice_display()}"


# The counts of a vote with ballots are those of its ballots. Checked at commit
# (a deferred constraint trigger), so that a vote and its ballots can be written
# in any order within one transaction.
VOTE_COUNTS_CHECK = """
    IF EXISTS (
        SELECT 1
          FROM protocols_vote vote,
               LATERAL (SELECT count(*) AS total,
                               count(*) FILTER (WHERE choice = 'yes') AS yes,
                               count(*) FILTER (WHERE choice = 'no') AS no,
                               count(*) FILTER (WHERE choice = 'abstain') AS abstain
                          FROM protocols_ballot WHERE vote_id = vote.id) AS named
         WHERE vote.id IN ({vote_ids})
           AND named.total > 0
           AND (named.yes, named.no, named.abstain) IS DISTINCT FROM
               (COALESCE(vote.yes_count, 0), COALESCE(vote.no_count, 0),
                COALESCE(vote.abstain_count, 0))
    ) THEN
        RAISE EXCEPTION 'pgtrigger: the counts of a vote differ from its named ballots'
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NULL;
"""
pgtrigger.Trigger(
    name="vote_counts_match_ballots",
    operation=pgtrigger.Insert | pgtrigger.Update,
    when=pgtrigger.After,
    timing=pgtrigger.Deferred,
    func=VOTE_COUNTS_CHECK.format(vote_ids="NEW.id"),
).register(Vote)
pgtrigger.Trigger(
    name="ballots_match_vote_counts",
    operation=pgtrigger.Insert | pgtrigger.Update | pgtrigger.Delete,
    when=pgtrigger.After,
    timing=pgtrigger.Deferred,
    func=VOTE_COUNTS_CHECK.format(vote_ids="OLD.vote_id, NEW.vote_id"),
).register(Ballot)
# What a row links to must belong to the same meeting or item: an attendance's
# paragraphs to its meeting, a reservation's vote and motion to its item.
pgtrigger.Trigger(
    name="attendance_items_of_its_meeting",
    operation=pgtrigger.Insert | pgtrigger.Update,
    when=pgtrigger.After,
    func="""
        IF EXISTS (SELECT 1 FROM protocols_agendaitem
                    WHERE id IN (NEW.from_item_id, NEW.to_item_id)
                      AND meeting_id <> NEW.meeting_id) THEN
            RAISE EXCEPTION 'pgtrigger: an attendance names a paragraph of another meeting'
                USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN NULL;
    """,
).register(Attendance)
pgtrigger.Trigger(
    name="reservation_links_within_its_item",
    operation=pgtrigger.Insert | pgtrigger.Update,
    when=pgtrigger.After,
    func="""
        IF EXISTS (SELECT 1 FROM protocols_vote
                    WHERE id = NEW.vote_id AND agenda_item_id <> NEW.agenda_item_id)
           OR EXISTS (SELECT 1 FROM protocols_protocolnote
                       WHERE id = NEW.in_favour_of_id
                         AND (agenda_item_id <> NEW.agenda_item_id OR kind <> 'motion')) THEN
            RAISE EXCEPTION 'pgtrigger: a reservation names a vote or motion of another item'
                USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN NULL;
    """,
).register(ProtocolNote)
