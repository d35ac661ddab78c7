"""Every public URL pattern of the site, read from the URL resolver, so that a new
page is covered by the security tests without being listed anywhere."""

import re

from django.urls import URLResolver, get_resolver
from django.urls.resolvers import RoutePattern

# A path converter in a route, e.g. "<int:pk>" (the same syntax Django parses).
PARAMETER = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")


def public_routes(resolver=None, prefix=""):
    """The routes of every URL pattern outside the admin, e.g. "arenden/<int:pk>/"."""
    routes = []
    for entry in (resolver or get_resolver()).url_patterns:
        assert isinstance(entry.pattern, RoutePattern), f"not a path() route: {entry}"
        if isinstance(entry, URLResolver):
            if entry.app_name != "admin":
                routes += public_routes(entry, prefix + str(entry.pattern))
        else:
            routes.append(prefix + str(entry.pattern))
    return routes


def fill(route, value):
    """The path of ``route`` with each parameter replaced by ``value(converter)``."""
    return "/" + PARAMETER.sub(lambda match: value(match["converter"] or "str"), route)
