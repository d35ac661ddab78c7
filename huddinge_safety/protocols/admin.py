from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

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


class DocumentReferenceInline(admin.TabularInline):
    model = DocumentReference
    extra = 0


class SpeakerInline(admin.TabularInline):
    model = Speaker
    extra = 0
    autocomplete_fields = ["person"]


@admin.register(AgendaItem)
class AgendaItemAdmin(SimpleHistoryAdmin):
    list_display = ["title", "item_number", "paragraph", "meeting", "registry_number"]
    list_filter = ["meeting__body"]
    list_select_related = ["meeting__body"]
    search_fields = ["title", "item_number", "paragraph", "registry_number", "decision"]
    inlines = [DocumentReferenceInline, SpeakerInline]


class SignatoryInline(admin.TabularInline):
    model = Signatory
    extra = 0
    autocomplete_fields = ["person"]


@admin.register(ProtocolNote)
class ProtocolNoteAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "kind", "attachment_label", "on_behalf_of", "date"]
    list_filter = ["kind", "on_behalf_of"]
    list_select_related = ["agenda_item", "on_behalf_of"]
    search_fields = ["body", "attachment_label", "agenda_item__title"]
    inlines = [SignatoryInline]
