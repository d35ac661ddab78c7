"""The admin's inline formsets, with errors that name fields as the UI does."""

from django.forms.models import BaseInlineFormSet


class InlineFormSet(BaseInlineFormSet):
    """Names the fields of a duplicate by their verbose names (”år och geografi”),
    not by their attribute names (”year och geography”) as Django does."""

    def get_unique_error_message(self, unique_check):
        names = [
            str(self.model._meta.get_field(name).verbose_name)
            for name in unique_check
            if name != self.fk.name
        ]
        return super().get_unique_error_message(names)
