"""The DCAT-AP-SE catalogue of the open data, as JSON-LD."""

import json

from django.urls import reverse

from huddinge_safety.api.downloads import DOWNLOADS
from huddinge_safety.pagecache.models import ContentVersion

EU = "http://publications.europa.eu/resource/authority/"


def catalogue(client):
    response = client.get(reverse("api:catalogue"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/ld+json"
    assert response["Access-Control-Allow-Origin"] == "*"
    return json.loads(response.content)


def test_the_catalogue_describes_the_api_and_every_file(client, records, settings):
    data = catalogue(client)
    assert data["@type"] == "dcat:Catalog"
    assert data["@context"]["dcat"] == "http://www.w3.org/ns/dcat#"
    assert data["dct:publisher"]["foaf:name"] == settings.MUNICIPALITY_NAME
    assert data["dct:license"] == {"@id": "http://creativecommons.org/publicdomain/zero/1.0/"}
    assert data["dct:title"]["@language"] == "sv"
    datasets = data["dcat:dataset"]
    assert len(datasets) == 1 + len(DOWNLOADS)
    for dataset in datasets:
        assert dataset["@type"] == "dcat:Dataset"
        assert dataset["dct:publisher"] == data["dct:publisher"]
        assert dataset["dct:accrualPeriodicity"]["@id"].startswith(f"{EU}frequency/")
        assert dataset["dcat:contactPoint"]["vcard:fn"]
        [distribution] = dataset["dcat:distribution"]
        assert distribution["dct:license"] == data["dct:license"]
        assert distribution["dct:format"]["@id"] in (f"{EU}file-type/CSV", f"{EU}file-type/JSON")
        address = distribution.get("dcat:downloadURL", distribution["dcat:accessURL"])["@id"]
        assert client.get(address).status_code == 200, address
    files = [
        dataset for dataset in datasets if "dcat:downloadURL" in dataset["dcat:distribution"][0]
    ]
    assert {dataset["dct:title"]["@value"] for dataset in files} == {
        "Mål med status per år",
        "Indikatorvärden",
        "Sammanträden och ärenden",
        "Protokollsanteckningar, reservationer och yrkanden",
        "Omröstningar",
        "Omröstningar med namnupprop",
    }


def test_licence_and_contact_point_come_from_the_settings(client, db, settings):
    settings.OPEN_DATA_LICENSE = "https://creativecommons.org/licenses/by/4.0/"
    settings.OPEN_DATA_CONTACT_NAME = "Trygghetsenheten"
    settings.OPEN_DATA_CONTACT_EMAIL = "oppnadata@huddinge.se"
    # New settings come with a deploy, whose migrate bumps the content version
    # that keys the page cache and the ETag.
    ContentVersion.objects.bump()
    data = catalogue(client)
    assert data["dct:license"] == {"@id": "https://creativecommons.org/licenses/by/4.0/"}
    contact = data["dcat:dataset"][0]["dcat:contactPoint"]
    assert contact == {
        "@type": "vcard:Organization",
        "vcard:fn": "Trygghetsenheten",
        "vcard:hasEmail": {"@id": "mailto:oppnadata@huddinge.se"},
    }
