"""The DCAT-AP-SE description of the open data, as JSON-LD, for Sweden's data
portal to harvest: the API and each CSV file, with publisher, licence, contact
point and how often each changes."""

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from .downloads import DOWNLOADS

EU = "http://publications.europa.eu/resource/authority/"
CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
SWEDISH = {"@id": f"{EU}language/SWE"}
# Justice, legal system and public safety; government and public sector.
THEMES = [{"@id": f"{EU}data-theme/JUST"}, {"@id": f"{EU}data-theme/GOVE"}]


def swedish(text):
    return {"@value": str(text), "@language": "sv"}


def catalogue(build_url):
    """The catalogue; ``build_url`` makes a path absolute."""
    home = build_url("/")
    publisher = {
        "@id": settings.OPEN_DATA_PUBLISHER_URL or home,
        "@type": "foaf:Agent",
        "foaf:name": settings.MUNICIPALITY_NAME,
    }
    contact = {"@type": "vcard:Organization", "vcard:fn": settings.OPEN_DATA_CONTACT_NAME}
    if settings.OPEN_DATA_CONTACT_EMAIL:
        contact["vcard:hasEmail"] = {"@id": f"mailto:{settings.OPEN_DATA_CONTACT_EMAIL}"}
    licence = {"@id": settings.OPEN_DATA_LICENSE}
    common = {
        "dct:publisher": publisher,
        "dcat:contactPoint": contact,
        "dct:language": SWEDISH,
        "dcat:theme": THEMES,
    }
    documentation = build_url(reverse("api:documentation"))
    api = {
        "@id": build_url(reverse("api:api-root")),
        "@type": "dcat:Dataset",
        "dct:title": swedish(_("Safety program, follow-ups and minutes (API)")),
        "dct:description": swedish(
            _(
                "The programs with their areas, goals, guidelines and indicators, the "
                "published follow-ups as decided, and the minutes: meetings, agenda items, "
                "speakers and notes, as a read-only JSON API."
            )
        ),
        "dcat:keyword": [swedish(word) for word in (_("safety"), _("follow-up"), _("minutes"))],
        "dct:accrualPeriodicity": {"@id": f"{EU}frequency/IRREG"},
        "dcat:landingPage": {"@id": documentation},
        **common,
        "dcat:distribution": [
            {
                "@type": "dcat:Distribution",
                "dct:title": swedish(_("JSON API")),
                "dcat:accessURL": {"@id": build_url(reverse("api:api-root"))},
                "dct:conformsTo": {"@id": build_url(reverse("api:schema"))},
                "dct:format": {"@id": f"{EU}file-type/JSON"},
                "dcat:mediaType": {
                    "@id": "https://www.iana.org/assignments/media-types/application/json"
                },
                "dct:license": licence,
            }
        ],
    }
    csv_documentation = build_url(reverse("api:csv_documentation"))
    files = [
        {
            "@id": f"{csv_documentation}#{download.slug}",
            "@type": "dcat:Dataset",
            "dct:title": swedish(download.title),
            "dct:description": swedish(download.description),
            "dct:accrualPeriodicity": {"@id": f"{EU}frequency/{download.frequency}"},
            "dcat:landingPage": {"@id": csv_documentation},
            **common,
            "dcat:distribution": [
                {
                    "@type": "dcat:Distribution",
                    "dct:title": swedish(download.filename),
                    "dcat:accessURL": {"@id": csv_documentation},
                    "dcat:downloadURL": {
                        "@id": build_url(reverse("api:download", args=[download.slug]))
                    },
                    "dct:format": {"@id": f"{EU}file-type/CSV"},
                    "dcat:mediaType": {
                        "@id": "https://www.iana.org/assignments/media-types/text/csv"
                    },
                    "dct:license": licence,
                }
            ],
        }
        for download in DOWNLOADS.values()
    ]
    return {
        "@context": CONTEXT,
        "@id": build_url(reverse("api:catalogue")),
        "@type": "dcat:Catalog",
        "dct:title": swedish(
            _("Open data on safety and security – %(municipality)s")
            % {"municipality": settings.MUNICIPALITY_NAME}
        ),
        "dct:description": swedish(
            _("The safety program, its yearly follow-ups and the minutes that decide them.")
        ),
        "dct:publisher": publisher,
        "dct:license": licence,
        "dct:language": SWEDISH,
        "foaf:homepage": {"@id": home},
        "dcat:dataset": [api, *files],
    }
