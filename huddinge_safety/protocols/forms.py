from django import forms
from django.utils.translation import gettext_lazy as _


class MeetingFilterForm(forms.Form):
    """The filters of the meetings list, read from the query string (so that a
    filtered list has an address, and works without JavaScript)."""

    body = forms.TypedChoiceField(label=_("Body"), required=False, coerce=int, empty_value=None)
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)

    def __init__(self, data, *, bodies, years):
        super().__init__(data, auto_id="filter-%s", label_suffix="")
        self.fields["body"].choices = [("", _("All bodies")), *((b.pk, b.name) for b in bodies)]
        self.fields["year"].choices = [("", _("All years")), *((year, year) for year in years)]

    def filter(self, meetings):
        """``meetings`` narrowed by every filter given with a valid value; an invalid
        one is left out (the form shows why)."""
        self.is_valid()
        if body := self.cleaned_data.get("body"):
            meetings = meetings.filter(body_id=body)
        if year := self.cleaned_data.get("year"):
            meetings = meetings.in_year(year)
        return meetings

    @property
    def is_filtered(self):
        return any(self.data.get(name) for name in self.fields)
