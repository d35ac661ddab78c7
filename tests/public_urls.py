"""Every public URL pattern of the site, read from the URL resolver, so that a new
page is covered by the security tests without being listed anywhere."""

import re

from django.conf import settings
from django.urls import URLResolver, get_resolver
from django.urls.resolvers import LocalePrefixPattern, RoutePattern

# A path converter in a route, e.g. "<int:pk>" (the same syntax Django parses).
PARAMETER = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")


def public_routes(resolver=None, prefix=""):
    """The routes of every URL pattern outside /admin/, e.g. "arenden/<int:pk>/",
    those of i18n_patterns() in every language (Swedish unprefixed, "en/…")."""
    routes = []
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry.pattern, LocalePrefixPattern):
            for code, _name in settings.LANGUAGES:
                language_prefix = "" if code == settings.LANGUAGE_CODE else f"{code}/"
                routes += public_routes(entry, prefix + language_prefix)
            continue
        assert isinstance(entry.pattern, RoutePattern), f"not a path() route: {entry}"
        if isinstance(entry, URLResolver):
            # Everything under /admin/ needs a login: the admin and the officials'
            # own pages beside it (their choice of notifications).
            if str(entry.pattern) != "admin/":
                routes += public_routes(entry, prefix + str(entry.pattern))
        else:
            routes.append(prefix + str(entry.pattern))
    return routes


def fill(route, value):
    """The path of ``route`` with each parameter replaced by ``value(converter)``."""
    return "/" + PARAMETER.sub(lambda match: value(match["converter"] or "str"), route)
