from django.apps import AppConfig


class BackupsConfig(AppConfig):
    name = "huddinge_safety.backups"
    verbose_name = "Säkerhetskopior"
