"""/healthz, which load balancers, docker compose and the image's HEALTHCHECK poll."""

from django.db import DatabaseError, connection, transaction
from django.http import HttpResponse
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe


@never_cache
@require_safe
@transaction.non_atomic_requests
def healthz(request):
    """Answers "ok" when the database does, else 503."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return HttpResponse("database unavailable", content_type="text/plain", status=503)
    return HttpResponse("ok", content_type="text/plain")


class HealthCheckMiddleware:
    """Answers /healthz before any other middleware asks for the Host header.

    A health check calls the container by its address (127.0.0.1:8000), which is
    not in ALLOWED_HOSTS in production, so Django would answer 400. Placed first
    in MIDDLEWARE, this also spares the check the https redirect and the page cache."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info == reverse("healthz"):
            return healthz(request)
        return self.get_response(request)
