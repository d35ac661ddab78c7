"""Attachments in the admin: an inline on each owner's page, and a page of their
own where a correction of a decided attachment is added."""

from django import forms
from django.contrib import admin
from django.forms.models import BaseInlineFormSet
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .models import LOCKED_MESSAGE, OWNERS, Attachment

FACTS = ["file_facts", "added"]


class StoredFileInput(forms.ClearableFileInput):
    """Does not link the stored file: its storage address is not served (the
    public address is the ”View on site” link, for public files)."""

    def is_initial(self, value):
        return False


class AttachmentForm(forms.ModelForm):
    """A decided attachment is shown but cannot be edited."""

    class Meta:
        widgets = {"file": StoredFileInput}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.is_locked:
            for field in self.fields.values():
                field.disabled = True


class AttachmentFormSet(BaseInlineFormSet):
    user = None

    def clean(self):
        super().clean()
        for form in self.deleted_forms:
            if form.instance.is_locked:
                raise forms.ValidationError(LOCKED_MESSAGE)

    def save_new(self, form, commit=True):
        form.instance.added_by = self.user
        return super().save_new(form, commit)


class FileFactsMixin:
    @admin.display(description=_("file details"))
    def file_facts(self, attachment):
        if not attachment.pk:
            return "–"
        return format_html(
            "{} · {} · {}<br>SHA-256 <code>{}</code>",
            attachment.file_name,
            filesizeformat(attachment.size),
            attachment.get_text_display(),
            attachment.sha256,
        )

    @admin.display(description=_("added"))
    def added(self, attachment):
        if not attachment.pk:
            return "–"
        return format_html(
            "{} {}",
            date_format(localtime(attachment.added_at), "j F Y H:i"),
            attachment.added_by or "",
        )


class AttachmentInline(FileFactsMixin, admin.StackedInline):
    """The files of a meeting, agenda item, protocol note or follow-up."""

    model = Attachment
    form = AttachmentForm
    formset = AttachmentFormSet
    extra = 0
    fields = ["title", "kind", "date", "file", "is_public", *FACTS]
    readonly_fields = FACTS
    show_change_link = True

    def get_queryset(self, request):
        return super().get_queryset(request).with_owners().select_related("added_by")

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        return type(formset.__name__, (formset,), {"user": request.user})


class AgendaItemAttachmentInline(AttachmentInline):
    fields = ["title", "kind", "date", "reference", "file", "is_public", *FACTS]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "reference":
            # Only the references of this item's decision.
            item_id = request.resolver_match.kwargs.get("object_id")
            kwargs["queryset"] = db_field.related_model.objects.filter(agenda_item_id=item_id)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Attachment)
class AttachmentAdmin(FileFactsMixin, SimpleHistoryAdmin):
    form = AttachmentForm
    list_display = ["title", "kind", "date", "is_public", "added_at"]
    list_filter = ["kind", "is_public"]
    search_fields = ["title", "file_name", "sha256"]
    autocomplete_fields = [*OWNERS, "supersedes"]
    readonly_fields = [*FACTS, "correction_link"]

    def get_fieldsets(self, request, obj=None):
        fieldsets = [
            (_("Belongs to"), {"fields": OWNERS}),
            (None, {"fields": ["title", "kind", "date", "file", "is_public"]}),
            (_("Correction"), {"fields": ["supersedes", "correction_reason"]}),
        ]
        if obj is not None:
            fieldsets.append((_("File"), {"fields": [*FACTS, "correction_link"]}))
        return fieldsets

    def get_queryset(self, request):
        return super().get_queryset(request).with_owners().select_related("added_by")

    @admin.display(description=_("correct"))
    def correction_link(self, attachment):
        return format_html(
            '<a class="button" href="{}?supersedes={}">{}</a>',
            reverse("admin:documents_attachment_add"),
            attachment.pk,
            _("Add a correction…"),
        )

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.is_locked:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.is_locked:
            return False
        return super().has_delete_permission(request, obj)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.added_by = request.user
        super().save_model(request, obj, form, change)
