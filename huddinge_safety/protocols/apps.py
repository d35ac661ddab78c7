from django.apps import AppConfig


class ProtocolsConfig(AppConfig):
    name = "huddinge_safety.protocols"
    verbose_name = "Protokoll"
