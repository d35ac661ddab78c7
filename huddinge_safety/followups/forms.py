"""Forms of the public pages: the program page's filters, sent by GET."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .models import AssessmentStatus


class WrittenOptionsSelect(forms.Select):
    """A select whose options but the empty one are officials' texts, marked in
    the language they were written in (the page may be in English)."""

    def create_option(self, *args, **kwargs):
        option = super().create_option(*args, **kwargs)
        if option["value"] != "":
            option["attrs"]["lang"] = settings.LANGUAGE_CODE
        return option


class MatrixFilterForm(forms.Form):
    """Which goals the program page's status matrix shows: those of one area,
    those with one status in the newest published follow-up, or all."""

    area = forms.TypedChoiceField(
        label=_("Responsibility area"), required=False, coerce=int, widget=WrittenOptionsSelect
    )
    status = forms.ChoiceField(
        label=_("Status in the latest follow-up"),
        required=False,
        choices=[("", _("All statuses")), *AssessmentStatus.choices],
    )

    def __init__(self, data, *, areas):
        super().__init__(data)
        self.fields["area"].choices = [
            ("", _("All areas")),
            *((area.pk, str(area)) for area in areas),
        ]

    def filters(self):
        """The chosen area's id and status (None for all); none while the form
        has errors."""
        if not self.is_valid():
            return {"area": None, "status": None}
        return {
            "area": self.cleaned_data["area"] or None,
            "status": self.cleaned_data["status"] or None,
        }
