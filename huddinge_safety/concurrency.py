"""No lost update in the admin: optimistic locking of change forms.

A change form carries, in a hidden field, when the object or one of the rows
of its inlines last changed as the form was shown: the newest date of their
django-simple-history records. Saving locks the object's row and compares: if
someone saved in between, the form comes back with the official's own input
and a message saying who changed what and when, and nothing is saved. The
form then carries the newer date, so saving again overwrites on purpose."""

import datetime

from django import forms
from django.contrib.admin.utils import unquote
from django.db import transaction
from django.utils.translation import gettext

from huddinge_safety.history import describe, newest_change

SEEN_CHANGE = "seen_change"
# Enough to name the changes; the history page lists them all.
CHANGES_NAMED = 5


class ConcurrentChangeMixin:
    """For a ``HistoryAdmin``: its ``change_histories`` tell of others' saves."""

    change_form_template = "admin/concurrent_change_form.html"

    def watched_histories(self, request, object_id):
        """The histories whose newer changes refuse ``request``'s save: all that
        the form edits, unless the admin lets this user edit only part of it."""
        return self.change_histories(object_id)

    def last_change(self, object_id, request=None):
        histories = (
            self.change_histories(object_id)
            if request is None
            else self.watched_histories(request, object_id)
        )
        return (
            self.model._default_manager.filter(pk=object_id)
            .annotate(last_change=newest_change(*histories))
            .values_list("last_change", flat=True)
            .first()
        )

    def changes_since(self, request, object_id, seen):
        """Who changed what after ``seen``, newest first, as sentences."""
        records = sorted(
            (
                record
                for history in self.watched_histories(request, object_id)
                for record in history.filter(history_date__gt=seen)
                .select_related("history_user")
                .order_by("-history_date")[:CHANGES_NAMED]
            ),
            key=lambda record: record.history_date,
            reverse=True,
        )[:CHANGES_NAMED]
        return [describe(record) for record in records]

    def get_fields(self, request, obj=None):
        # The hidden field is rendered by the template, not in a fieldset.
        return [name for name in super().get_fields(request, obj) if name != SEEN_CHANGE]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if obj is None:
            return form
        admin = self

        class ConcurrentChangeForm(form):
            seen_change = forms.CharField(widget=forms.HiddenInput)

            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                if not self.is_bound:
                    self.fields[SEEN_CHANGE].initial = admin.last_change(
                        self.instance.pk, request
                    ).isoformat()

            def clean(self):
                cleaned_data = super().clean()
                newest = admin.last_change(self.instance.pk, request)
                try:
                    seen = datetime.datetime.fromisoformat(cleaned_data.get(SEEN_CHANGE, ""))
                except ValueError:
                    seen = None
                if seen is None or newest > seen:
                    changes = admin.changes_since(request, self.instance.pk, seen or newest)
                    # Shown again, the form carries the newest change: saving it
                    # again now overwrites those changes knowingly.
                    self.data = self.data.copy()
                    self.data[self.add_prefix(SEEN_CHANGE)] = newest.isoformat()
                    raise forms.ValidationError(
                        gettext(
                            "Someone else saved after you opened this page: %(changes)s. "
                            "Your changes are not saved, but they are still in the form "
                            "below. Compare them with the history; save again if they "
                            "are to replace the other changes."
                        )
                        % {"changes": "; ".join(changes) or gettext("unknown changes")},
                        code="concurrent_change",
                    )
                return cleaned_data

        return ConcurrentChangeForm

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        """Saving holds the object's row lock from before the check until the
        save commits, so that two saves cannot both pass the check."""
        if request.method != "POST" or object_id is None:
            return super().changeform_view(request, object_id, form_url, extra_context)
        with transaction.atomic():
            obj = self.get_object(request, unquote(object_id))
            if obj is not None:
                list(
                    self.model._default_manager.select_for_update()
                    .filter(pk=obj.pk)
                    .values_list("pk", flat=True)
                )
            return super().changeform_view(request, object_id, form_url, extra_context)
