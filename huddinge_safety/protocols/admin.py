from django import forms
from django.contrib import admin
from django.db.models import Prefetch
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from huddinge_safety.concurrency import ConcurrentChangeMixin
from huddinge_safety.formsets import InlineFormSet

from .models import (
    Adjuster,
    AgendaItem,
    Attendance,
    Ballot,
    Body,
    DocumentReference,
    ExtractRecipient,
    Meeting,
    Party,
    Person,
    ProtocolNote,
    Recusal,
    Signatory,
    Speaker,
    Vote,
)


@admin.register(Body)
class BodyAdmin(SimpleHistoryAdmin):
    search_fields = ["name"]


@admin.register(Party)
class PartyAdmin(SimpleHistoryAdmin):
    list_display = ["abbreviation", "name"]
    search_fields = ["abbreviation", "name"]


@admin.register(Person)
class PersonAdmin(SimpleHistoryAdmin):
    list_display = ["name", "party", "title"]
    list_filter = ["party"]
    list_select_related = ["party"]
    search_fields = ["name", "title"]


class ChoicesOncePerPageMixin:
    """Plain selects whose choices are read once per page, not once per inline row
    (an autocomplete widget looks up its selected value row by row)."""

    choices_once_per_page = ()

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name in self.choices_once_per_page:
            field.choices = list(field.choices)
        return field


class ScopedChoicesFormSet(InlineFormSet):
    """An inline formset whose selects in ``scoped_fields`` offer only rows of the
    parent object (the paragraphs of this meeting, the votes of this item), read
    once per formset. ``scoped_fields`` maps a field name to a function of the
    parent that returns the queryset."""

    scoped_fields = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.scoped = {}
        for name, scope in self.scoped_fields.items():
            queryset = scope(self.instance if self.instance.pk else None)
            self.scoped[name] = (
                queryset,
                [("", "---------")] + [(row.pk, str(row)) for row in queryset],
            )

    def add_fields(self, form, index):
        super().add_fields(form, index)
        for name, (queryset, choices) in self.scoped.items():
            field = form.fields[name]
            field.queryset = queryset
            field.widget.choices = choices


def scoped_formset(**scoped_fields):
    return type("ScopedFormSet", (ScopedChoicesFormSet,), {"scoped_fields": scoped_fields})


class AdjusterInline(ChoicesOncePerPageMixin, admin.TabularInline):
    """Who adjusted (justerade) the minutes, in signing order."""

    model = Adjuster
    formset = InlineFormSet
    extra = 0
    fields = ["order", "person"]
    choices_once_per_page = ["person"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("person")


def items_of(meeting):
    return AgendaItem.objects.filter(meeting=meeting) if meeting else AgendaItem.objects.none()


class AttendanceInline(ChoicesOncePerPageMixin, admin.TabularInline):
    """Members, serving substitutes, substitutes and others present, each with
    the paragraphs they took part in (empty: all)."""

    model = Attendance
    formset = scoped_formset(from_item=items_of, to_item=items_of)
    extra = 0
    fields = [
        "order",
        "person",
        "role",
        "party",
        "title",
        "substitute_for",
        "from_item",
        "to_item",
        "arrival",
        "departure",
    ]
    choices_once_per_page = ["person", "party", "substitute_for"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("person", "party", "substitute_for", "from_item", "to_item")
        )


@admin.register(Meeting)
class MeetingAdmin(ConcurrentChangeMixin, SimpleHistoryAdmin):
    list_display = ["__str__", "body", "date", "place"]
    list_filter = ["body"]
    list_select_related = ["body"]
    date_hierarchy = "date"
    search_fields = ["body__name", "place"]
    fieldsets = [
        (None, {"fields": ["body", "date", "place", "start_time", "end_time"]}),
        (_("Signatures"), {"fields": ["chair", "secretary", "adjusted_on", "adjustment_place"]}),
        (
            _("Notice on the official notice board"),
            {
                "fields": [
                    "notice_posted_on",
                    "notice_removed_on",
                    "minutes_kept_at",
                    "last_day_to_appeal",
                ]
            },
        ),
    ]
    readonly_fields = ["last_day_to_appeal"]
    inlines = [AdjusterInline, AttendanceInline]

    def get_queryset(self, request):
        # A meeting is named by its body, also in autocomplete results.
        return super().get_queryset(request).select_related("body")

    def change_histories(self, object_id):
        return [
            *super().change_histories(object_id),
            *(model.history.filter(meeting_id=object_id) for model in [Adjuster, Attendance]),
        ]

    @admin.display(description=_("last day to appeal"))
    def last_day_to_appeal(self, meeting):
        deadline = meeting.appeal_deadline
        if deadline is None:
            return _("Computed when the day the notice was posted is given.")
        return date_format(deadline, "j F Y")


class DocumentReferenceInline(admin.TabularInline):
    model = DocumentReference
    formset = InlineFormSet
    extra = 0


class SpeakerInline(ChoicesOncePerPageMixin, admin.TabularInline):
    """Who spoke, in speaking order, with party or title as it was at the time."""

    model = Speaker
    formset = InlineFormSet
    extra = 0
    fields = ["order", "person", "party", "title"]
    choices_once_per_page = ["person", "party"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("person", "party")


def votes_of(item):
    return (
        Vote.objects.filter(agenda_item=item).select_related("agenda_item")
        if item
        else Vote.objects.none()
    )


def motions_of(item):
    return (
        ProtocolNote.objects.filter(agenda_item=item, kind=ProtocolNote.Kind.MOTION).select_related(
            "agenda_item"
        )
        if item
        else ProtocolNote.objects.none()
    )


class RecusalInline(ChoicesOncePerPageMixin, admin.TabularInline):
    """Members with a conflict of interest (jäv) in the item."""

    model = Recusal
    formset = InlineFormSet
    extra = 0
    fields = ["person", "note"]
    choices_once_per_page = ["person"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("person")


class ExtractRecipientInline(admin.TabularInline):
    """”Protokollsutdrag skickas till”, one recipient a row."""

    model = ExtractRecipient
    formset = InlineFormSet
    extra = 0
    fields = ["order", "recipient"]


COUNT_FIELDS = ["yes_count", "no_count", "abstain_count"]


class VoteForm(forms.ModelForm):
    """Counts that differ from the named ballots already saved are refused here,
    with the reason, before the database refuses them at commit."""

    def clean(self):
        cleaned_data = super().clean()
        if self.instance.pk and not self.errors:
            # The instance takes the form's values only after clean().
            typed = Vote(**{name: cleaned_data.get(name) for name in COUNT_FIELDS})
            choices = list(self.instance.ballots.values_list("choice", flat=True))
            for error in typed.count_errors(choices):
                self.add_error(None, error)
        return cleaned_data


class VoteInline(admin.StackedInline):
    """Votes on the item. Each member's answer is edited on the vote's own page."""

    model = Vote
    form = VoteForm
    formset = InlineFormSet
    extra = 0
    fields = [
        "order",
        "proposition",
        "yes_count",
        "no_count",
        "abstain_count",
        "outcome",
        "ballot_list",
    ]
    readonly_fields = ["ballot_list"]
    show_change_link = True

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("agenda_item")
            .prefetch_related(Prefetch("ballots", queryset=Ballot.objects.select_related("person")))
        )

    @admin.display(description=_("named answers"))
    def ballot_list(self, vote):
        ballots = vote.ballots.all() if vote.pk else []
        if not ballots:
            return _("None. Save and choose ”Change” to add each member's answer.")
        return format_html(
            "<ul>{}</ul>",
            format_html_join("", "<li>{}</li>", ((ballot,) for ballot in ballots)),
        )


class ProtocolNoteInline(ChoicesOncePerPageMixin, admin.StackedInline):
    """Notes of the item. Their signatories are edited on each note's own page
    (Django admin has no nested inlines); the list here shows them in order."""

    model = ProtocolNote
    extra = 0
    formset = scoped_formset(vote=votes_of, in_favour_of=motions_of)
    fields = [
        "kind",
        "order",
        "attachment_label",
        "on_behalf_of",
        "parties",
        "date",
        "body",
        "vote",
        "in_favour_of",
        "signatory_list",
    ]
    readonly_fields = ["signatory_list"]
    choices_once_per_page = ["on_behalf_of"]
    show_change_link = True

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("agenda_item", "on_behalf_of")
            .prefetch_related(
                "parties",
                Prefetch("signatories", queryset=Signatory.objects.select_related("person")),
            )
        )

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        # Read once per page, not once per note.
        field.choices = list(field.choices)
        return field

    @admin.display(description=_("signatories"))
    def signatory_list(self, note):
        signatories = note.signatories.all() if note.pk else []
        if not signatories:
            return _("None yet. Save and choose ”Change” to add signatories.")
        return format_html(
            "<ol>{}</ol>",
            format_html_join("", "<li>{}</li>", ((signatory,) for signatory in signatories)),
        )


@admin.register(AgendaItem)
class AgendaItemAdmin(ConcurrentChangeMixin, SimpleHistoryAdmin):
    list_display = ["title", "item_number", "paragraph", "meeting", "registry_number", "tabled"]
    list_filter = ["meeting__body", "tabled"]
    list_select_related = ["meeting__body"]
    search_fields = ["title", "item_number", "paragraph", "registry_number", "decision"]
    autocomplete_fields = ["meeting"]
    inlines = [
        DocumentReferenceInline,
        RecusalInline,
        SpeakerInline,
        ProtocolNoteInline,
        VoteInline,
        ExtractRecipientInline,
    ]

    def change_histories(self, object_id):
        return [
            *super().change_histories(object_id),
            *(
                model.history.filter(agenda_item_id=object_id)
                for model in [
                    DocumentReference,
                    Recusal,
                    Speaker,
                    ProtocolNote,
                    Vote,
                    ExtractRecipient,
                ]
            ),
        ]


class SignatoryInline(ChoicesOncePerPageMixin, admin.TabularInline):
    """Signatories in order; a substitute's statement is marked as such."""

    model = Signatory
    formset = InlineFormSet
    extra = 0
    fields = ["order", "person", "is_substitute"]
    choices_once_per_page = ["person"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("person")


@admin.register(ProtocolNote)
class ProtocolNoteAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "kind", "attachment_label", "on_behalf_of", "date"]
    list_filter = ["kind", "on_behalf_of"]
    list_select_related = ["agenda_item", "on_behalf_of"]
    search_fields = ["body", "attachment_label", "agenda_item__title"]
    inlines = [SignatoryInline]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        # A reservation names a vote or motion of its own item only.
        item = obj.agenda_item if obj else None
        for name, scope in [("vote", votes_of), ("in_favour_of", motions_of)]:
            if name in form.base_fields:
                form.base_fields[name].queryset = scope(item)
        return form


class BallotFormSet(InlineFormSet):
    """The named answers must add up to the vote's counts, as the database holds."""

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        choices = [
            form.cleaned_data["choice"]
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        errors = self.instance.count_errors(choices)
        if errors:
            raise forms.ValidationError(errors)


class BallotInline(ChoicesOncePerPageMixin, admin.TabularInline):
    """Each member's answer; a serving substitute is marked as such."""

    model = Ballot
    formset = BallotFormSet
    extra = 0
    fields = ["person", "party", "is_substitute", "choice"]
    choices_once_per_page = ["person", "party"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("person", "party")


@admin.register(Vote)
class VoteAdmin(ConcurrentChangeMixin, SimpleHistoryAdmin):
    list_display = ["__str__", "yes_count", "no_count", "abstain_count", "outcome"]
    list_select_related = ["agenda_item"]
    search_fields = ["proposition", "agenda_item__title"]
    autocomplete_fields = ["agenda_item"]
    fields = [
        "agenda_item",
        "order",
        "proposition",
        "yes_count",
        "no_count",
        "abstain_count",
        "outcome",
    ]
    inlines = [BallotInline]

    def change_histories(self, object_id):
        return [*super().change_histories(object_id), Ballot.history.filter(vote_id=object_id)]
