"""The attachments in an S3-compatible object store: moto's S3 server, started here
on 127.0.0.1, spoken to by django-storages through boto3 as a real store would be."""

import hashlib
import socket

import boto3
import pytest
from moto.server import ThreadedMotoServer

from huddinge_safety.documents.models import Attachment
from tests.factories import AttachmentFactory

from . import files
from .files import upload

pytestmark = pytest.mark.django_db

BUCKET = "huddinge-dokument"
CREDENTIALS = {"aws_access_key_id": "testing", "aws_secret_access_key": "testing"}


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def s3_endpoint():
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


@pytest.fixture
def bucket(settings, s3_endpoint):
    client = boto3.client("s3", endpoint_url=s3_endpoint, region_name="us-east-1", **CREDENTIALS)
    client.create_bucket(Bucket=BUCKET)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": BUCKET,
                "endpoint_url": s3_endpoint,
                "region_name": "us-east-1",
                "access_key": CREDENTIALS["aws_access_key_id"],
                "secret_key": CREDENTIALS["aws_secret_access_key"],
                "default_acl": None,
                "file_overwrite": False,
            },
        },
    }
    yield client
    for listed in client.list_objects_v2(Bucket=BUCKET).get("Contents", []):
        client.delete_object(Bucket=BUCKET, Key=listed["Key"])
    client.delete_bucket(Bucket=BUCKET)


def test_an_attachment_is_stored_in_the_bucket_served_and_searched(client, bucket, media_root):
    data = files.pdf("Sida ett", "Trygghetsvandringen i Vårby gård genomfördes i maj.")

    attachment = AttachmentFactory(file=upload("vandring.pdf", data))

    stored = bucket.get_object(Bucket=BUCKET, Key=attachment.file.name)["Body"].read()
    assert stored == data
    assert hashlib.sha256(stored).hexdigest() == attachment.sha256
    assert not media_root.exists(), "nothing is written to the local folder"
    response = client.get(attachment.get_absolute_url())
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == data
    assert response["ETag"] == f'"{attachment.sha256}"'
    html = client.get("/sok/", {"q": "trygghetsvandringen"}).text
    assert f"{attachment.get_absolute_url()}#page=2" in html


def test_two_files_of_one_name_get_keys_of_their_own(bucket):
    first = AttachmentFactory(file=upload("a.txt", b"Ett"))
    second = AttachmentFactory(file=upload("a.txt", b"Tva"))

    keys = {item["Key"] for item in bucket.list_objects_v2(Bucket=BUCKET)["Contents"]}
    assert keys == {first.file.name, second.file.name}
    assert Attachment.objects.get(pk=second.pk).file.read() == b"Tva"
