from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class PageCacheConfig(AppConfig):
    name = "huddinge_safety.pagecache"
    verbose_name = _("Page cache")

    def ready(self):
        from .models import install_content_triggers

        # After every migrate (a deploy) and flush: (re)install the triggers on the
        # content tables and bump the version, so new templates are never hidden
        # behind pages cached by the previous release.
        post_migrate.connect(install_content_triggers, sender=self)
