from django.conf import settings
from django.urls import reverse, translate_url
from django.utils import translation


def site(request):
    """The municipality's name, shown in every page header, and the language
    officials write in, which their texts keep on a page in another language."""
    return {
        "municipality_name": settings.MUNICIPALITY_NAME,
        "content_language": settings.LANGUAGE_CODE,
    }


def language_switch(request):
    """For each language but the current one: its code, its name in itself, the
    address of its home page and that of this page in it (the same path and
    query; the home page for an address that matches no page)."""
    current = translation.get_language()
    path = request.get_full_path()
    languages = []
    for code, name in settings.LANGUAGES:
        if code == current:
            continue
        with translation.override(code):
            home_url = reverse("home")
        url = translate_url(path, code)
        if url == path:
            url = home_url
        languages.append({"code": code, "name": name, "home_url": home_url, "url": url})
    return {"other_languages": languages}
