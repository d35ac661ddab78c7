from django import forms
from django.contrib import admin, messages
from django.contrib.admin.views.decorators import staff_member_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from .models import Preference


class PreferenceForm(forms.ModelForm):
    class Meta:
        model = Preference
        fields = ["email"]


@staff_member_required
def preferences(request):
    """An official's own choice of notifications."""
    preference = Preference.objects.filter(user=request.user).first() or Preference(
        user=request.user
    )
    form = PreferenceForm(request.POST if request.method == "POST" else None, instance=preference)
    if form.is_valid():
        form.save()
        messages.success(request, _("Your choice of notifications is saved."))
        return redirect("notifications:preferences")
    return render(
        request,
        "notifications/preferences.html",
        {
            **admin.site.each_context(request),
            "form": form,
            "title": _("My notifications"),
            "has_email": bool(request.user.email),
        },
    )
