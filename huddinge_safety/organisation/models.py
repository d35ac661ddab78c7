"""The municipality's organisational units (förvaltningar, bolag, avdelningar)
and the officials who work in them. Goals and guidelines name the unit that
answers for them in the yearly follow-up."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class UnitQuerySet(models.QuerySet):
    def of_user(self, user):
        """The units ``user`` is an official of."""
        return self.filter(officials=user)


class Unit(models.Model):
    """An organisational unit that answers for goals and guidelines."""

    class Kind(models.TextChoices):
        ADMINISTRATION = "administration", _("Administration")
        COMPANY = "company", _("Municipal company")
        DEPARTMENT = "department", _("Department")

    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(
        _("kind"), max_length=20, choices=Kind.choices, default=Kind.ADMINISTRATION
    )
    officials = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="units",
        verbose_name=_("officials"),
        help_text=_("They fill in the follow-up of the unit's goals and guidelines."),
    )
    history = HistoricalRecords(m2m_fields=[officials])

    objects = UnitQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisational unit")
        verbose_name_plural = _("organisational units")

    def __str__(self):
        return self.name
