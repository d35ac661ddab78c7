import gzip
import re
from hashlib import md5

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.urls import reverse
from django.utils import translation
from django.utils.cache import (
    get_conditional_response,
    patch_cache_control,
    patch_vary_headers,
    set_response_etag,
)
from django.utils.http import http_date, parse_http_date_safe

from .models import ContentVersion

# A response with either Cache-Control directive is personal or must not be kept;
# Django's never_cache (the admin, /healthz) and the draft PDF set them.
PERSONAL_DIRECTIVES = {"private", "no-store"}
# Pages, feeds and data are worth compressing; PDFs are compressed inside already.
COMPRESSIBLE = ("text/", "application/atom+xml", "application/rss+xml", "application/json")
ACCEPTS_GZIP = re.compile(r"\bgzip\b")


class PageCacheMiddleware:
    """Serves whole public pages from the cache to anonymous visitors.

    Anonymous GET and HEAD requests are looked up under a key made of the content
    version, the language and the absolute URL; a 200 response to an anonymous GET is stored
    unless it is personal (sets a cookie, uses a CSRF token, is marked private or
    no-store). Every write to published data bumps the version (see models.py), so
    the very next request renders the page afresh. Logged-in users, who may see
    drafts, and every other method bypass the cache: a draft never gets into it.

    Cached responses keep the ETag and Last-Modified their view gave them (the
    PDF views derive theirs from the report's last change, and keep their own
    cache of the PDFs for when the version moves on); other pages get an ETag of
    their content and the time of the content version as Last-Modified. Either
    way a conditional GET gets 304, and browsers are told to revalidate. Text is
    kept gzipped and sent so to the clients that accept it (nearly all).

    Paths matching ``settings.PAGE_CACHE_EXEMPT`` (the admin, /healthz) and
    searches (see ``is_search``) are left alone, saving them the version lookup.

    Put it after AuthenticationMiddleware and LocaleMiddleware; middleware above it
    (security headers, CSP, sessions, the language) still runs for cached pages.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.exempt = [re.compile(pattern) for pattern in settings.PAGE_CACHE_EXEMPT]

    def __call__(self, request):
        if (
            request.method not in ("GET", "HEAD")
            or any(pattern.search(request.path_info.lstrip("/")) for pattern in self.exempt)
            or request.user.is_authenticated
            or is_search(request)
        ):
            return self.get_response(request)
        version = ContentVersion.objects.current()
        key = page_key(request, version)
        page = cache.get(key)
        if page is None:
            response = self.get_response(request)
            if not is_cacheable(request, response):
                return response
            page = stored_page(response, version)
            if request.method == "GET":
                cache.set(key, page, settings.PAGE_CACHE_SECONDS)
        response = page_response(page, request)
        return get_conditional_response(
            request,
            etag=response.get("ETag"),
            last_modified=parse_http_date_safe(response["Last-Modified"]),
            response=response,
        )


def is_search(request):
    """Whether ``request`` searches for something. Each distinct search would take
    a place in the cache, and few are made twice; the empty search page is cached."""
    return request.path == reverse("search") and bool(request.GET.get("q", "").strip())


def stored_page(response, version):
    """What the cache keeps of a response: its content (text gzipped, once here
    rather than on every request, and half the size to keep), whether it is
    gzipped, and its headers with validators added where the view gave none."""
    if not response.has_header("ETag"):
        set_response_etag(response)
    if not response.has_header("Last-Modified"):
        response.headers["Last-Modified"] = http_date(version.changed_at.timestamp())
    # Browsers revalidate every time; an unchanged page costs them a 304.
    patch_cache_control(response, no_cache=True)
    patch_vary_headers(response, ["Accept-Encoding"])
    gzipped = response["Content-Type"].startswith(COMPRESSIBLE) and not (
        response.has_header("Content-Encoding")
    )
    # Level 1, nginx's default, rather than Django's compress_string's 6: four times
    # faster for a page a quarter bigger (the program page: 0.1 ms and 10 KB instead of
    # 0.5 ms and 8 KB). A page rendered afresh waits for it, and without it the
    # uncached program and report pages miss their make bench targets (issue 12).
    content = (
        gzip.compress(response.content, compresslevel=1, mtime=0) if gzipped else response.content
    )
    return content, gzipped, list(response.items())


def page_response(page, request):
    content, gzipped, headers = page
    if not gzipped:
        return HttpResponse(content, headers=dict(headers))
    if not ACCEPTS_GZIP.search(request.META.get("HTTP_ACCEPT_ENCODING", "")):
        return HttpResponse(gzip.decompress(content), headers=dict(headers))
    response = HttpResponse(content, headers=dict(headers))
    response["Content-Encoding"] = "gzip"
    # Both encodings are the same page: a weak ETag matches either (RFC 9110 8.8.1).
    if response.has_header("ETag") and not response["ETag"].startswith("W/"):
        response["ETag"] = "W/" + response["ETag"]
    return response


def page_key(request, version):
    """The page's key: the content version, the active language (which the address
    alone need not fix: LocaleMiddleware may choose it otherwise) and the URL."""
    url = md5(request.build_absolute_uri().encode(), usedforsecurity=False).hexdigest()
    return f"page:{version.token}:{translation.get_language()}:{url}"


def is_cacheable(request, response):
    directives = {
        directive.split("=")[0].strip().lower()
        for directive in response.get("Cache-Control", "").split(",")
    }
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not directives & PERSONAL_DIRECTIVES
    )
