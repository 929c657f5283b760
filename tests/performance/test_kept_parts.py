"""What the lists and overviews keep of a render in the shared cache (portal.overview.Fragments)
is plain data: a lazy translation in it would be unpickled on every later request, and each
unpickled lazy string builds a proxy class of its own (40 of them cost the directory more than
the filter selects they were kept with)."""

import pickle

from django.core.cache import caches
from django.utils.functional import Promise

import pytest

pytestmark = pytest.mark.django_db

URLS = [
    "/foreningar/",
    "/foreningar/?lan=dalarna&sprak=ar",
    "/foreningar/aktiviteter/",
    "/overenskommelser/",
    "/overenskommelser/?lan=dalarna&typ=lok",
    "/kommuner/",
    "/kommuner/leksand/",
    "/lan/",
    "/lan/dalarna/",
]


def lazy_objects(value, path="value"):
    if isinstance(value, Promise):
        yield path
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from lazy_objects(key, f"{path} key")
            yield from lazy_objects(item, f"{path}[{key!r}]")
    elif isinstance(value, list | tuple | set | frozenset):
        for index, item in enumerate(value):
            yield from lazy_objects(item, f"{path}[{index}]")


def kept_parts():
    store = caches["default"]._cache  # the test settings' local-memory cache: pickled values
    return {key: pickle.loads(value) for key, value in store.items() if ":ov:f:" in key}


@pytest.mark.parametrize("language", ["sv", "en"])
def test_kept_parts_hold_no_lazy_translations(client, demo_content, language):
    client.post("/i18n/setlang/", {"language": language, "next": "/"})
    for url in URLS:
        assert client.get(url).status_code == 200, url
    parts = kept_parts()
    assert len(parts) >= len(URLS)  # the pages did keep parts
    found = {key: list(lazy_objects(entry["value"])) for key, entry in parts.items()}
    assert {key: paths for key, paths in found.items() if paths} == {}
