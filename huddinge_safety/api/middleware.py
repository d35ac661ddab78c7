from django.http import HttpResponse

READ_METHODS = ("GET", "HEAD", "OPTIONS")


class ReadOnlyCorsMiddleware:
    """Lets scripts on any site read the open data under /api/ (CORS).

    Reading only, never with credentials (no cookies, no Authorization): the
    ``*`` origin forbids them. A browser sends a preflight ``OPTIONS`` before a
    conditional GET (``If-None-Match`` is not a simple header); it is answered
    here, for GET and HEAD alone."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path_info.startswith("/api/") or request.method not in READ_METHODS:
            return self.get_response(request)
        if request.method == "OPTIONS" and "HTTP_ACCESS_CONTROL_REQUEST_METHOD" in request.META:
            response = HttpResponse(status=204)
            response["Access-Control-Allow-Methods"] = "GET, HEAD"
            response["Access-Control-Allow-Headers"] = "If-None-Match, If-Modified-Since"
            response["Access-Control-Max-Age"] = "86400"
        else:
            response = self.get_response(request)
            response["Access-Control-Expose-Headers"] = "ETag, Last-Modified"
        response["Access-Control-Allow-Origin"] = "*"
        return response
