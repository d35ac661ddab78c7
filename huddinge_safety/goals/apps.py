from django.apps import AppConfig


class GoalsConfig(AppConfig):
    name = "huddinge_safety.goals"
    verbose_name = "Mål och indikatorer"
