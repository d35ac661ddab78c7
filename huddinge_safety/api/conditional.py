"""ETag and Last-Modified of the open data, from the page cache's content version."""

from functools import wraps
from hashlib import md5

from django.utils.cache import get_conditional_response
from django.utils.http import http_date, quote_etag

from huddinge_safety.pagecache.models import ContentVersion


def versioned(view):
    """Give ``view``'s answers an ETag and a Last-Modified from the content version,
    and answer a conditional GET whose validators still hold with 304 before the
    view runs a query of its own.

    Every answer of the open data is made from the content tables alone, so the
    content version (bumped by every write to them) and the absolute URL (host,
    path, query) determine it: the ETag is their digest."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        version = ContentVersion.objects.current()
        etag = quote_etag(
            md5(
                f"{version.token} {request.build_absolute_uri()}".encode(),
                usedforsecurity=False,
            ).hexdigest()
        )
        last_modified = int(version.changed_at.timestamp())
        not_modified = get_conditional_response(request, etag=etag, last_modified=last_modified)
        if not_modified is not None:
            return not_modified
        response = view(request, *args, **kwargs)
        if response.status_code == 200:
            response["ETag"] = etag
            response["Last-Modified"] = http_date(last_modified)
        return response

    return wrapper
