from django.apps import AppConfig


class ProgramsConfig(AppConfig):
    name = "huddinge_safety.programs"
    verbose_name = "Program"
