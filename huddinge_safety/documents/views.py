"""Public attachments, served by Django so that only what is public is served."""

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.utils.cache import get_conditional_response

from huddinge_safety.readonly import read_only

from . import content
from .models import Attachment

# A file at one address never changes: its checksum is part of the address.
CACHE_CONTROL = "public, max-age=31536000, immutable"
# Even opened directly, a file may run no script and reach nothing of the site.
SANDBOX = "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:"


@read_only
def attachment_file(request, pk, digest, name):
    """A public attachment's file; anything else (not public, a follow-up not yet
    published, a wrong checksum or name) is 404, so no address can be guessed."""
    attachment = get_object_or_404(Attachment.objects.public(), pk=pk)
    if digest != attachment.sha256[:16] or name != attachment.file_name:
        raise Http404
    etag = f'"{attachment.sha256}"'
    not_modified = get_conditional_response(request, etag=etag)
    if not_modified is not None:
        not_modified["Cache-Control"] = CACHE_CONTROL
        return not_modified
    response = FileResponse(
        attachment.file.open("rb"),
        # Only a PDF is shown in the browser; everything else is downloaded.
        as_attachment=attachment.content_type != content.PDF,
        filename=attachment.file_name,
        content_type=attachment.content_type,
    )
    response["Content-Length"] = attachment.size
    response["ETag"] = etag
    response["Cache-Control"] = CACHE_CONTROL
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = SANDBOX
    return response
