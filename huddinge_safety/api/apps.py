from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "huddinge_safety.api"
    verbose_name = _("Open data")
