from django.contrib import admin
from django.db.models import Prefetch
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from huddinge_safety.concurrency import ConcurrentChangeMixin
from huddinge_safety.documents.admin import AgendaItemAttachmentInline, AttachmentInline
from huddinge_safety.formsets import InlineFormSet

from .models import (
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


@admin.register(Meeting)
class MeetingAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "body", "date"]
    list_filter = ["body"]
    list_select_related = ["body"]
    date_hierarchy = "date"
    search_fields = ["body__name"]
    inlines = [AttachmentInline]

    def get_queryset(self, request):
        # A meeting is named by its body, also in autocomplete results.
        return super().get_queryset(request).select_related("body")


class ChoicesOncePerPageMixin:
    """Plain selects whose choices are read once per page, not once per inline row
    (an autocomplete widget looks up its selected value row by row)."""

    choices_once_per_page = ()

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name in self.choices_once_per_page:
            field.choices = list(field.choices)
        return field


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


class ProtocolNoteInline(ChoicesOncePerPageMixin, admin.StackedInline):
    """Notes of the item. Their signatories are edited on each note's own page
    (Django admin has no nested inlines); the list here shows them in order."""

    model = ProtocolNote
    formset = InlineFormSet
    extra = 0
    fields = ["kind", "attachment_label", "on_behalf_of", "date", "body", "signatory_list"]
    readonly_fields = ["signatory_list"]
    choices_once_per_page = ["on_behalf_of"]
    show_change_link = True

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("agenda_item", "on_behalf_of")
            .prefetch_related(
                Prefetch("signatories", queryset=Signatory.objects.select_related("person"))
            )
        )

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
    list_display = ["title", "item_number", "paragraph", "meeting", "registry_number"]
    list_filter = ["meeting__body"]
    list_select_related = ["meeting__body"]
    search_fields = ["title", "item_number", "paragraph", "registry_number", "decision"]
    autocomplete_fields = ["meeting"]
    inlines = [
        DocumentReferenceInline,
        SpeakerInline,
        ProtocolNoteInline,
        AgendaItemAttachmentInline,
    ]

    def change_histories(self, object_id):
        return [
            *super().change_histories(object_id),
            *(
                model.history.filter(agenda_item_id=object_id)
                for model in [DocumentReference, Speaker, ProtocolNote]
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
    inlines = [SignatoryInline, AttachmentInline]
