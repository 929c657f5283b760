"""The synonym list a fresh site starts with, for the data migration, the demo and tests."""

DEFAULT_SYNONYMS = [
    ("RÖK", "regional överenskommelse"),
    ("LÖK", "lokal överenskommelse"),
    ("SFI", "svenska för invandrare"),
    ("ABO", "anläggningsboende"),
    ("AF", "Arbetsförmedlingen"),
    ("FK", "Försäkringskassan"),
    ("MV", "Migrationsverket"),
]


def ensure_default_synonyms():
    from django.core.cache import cache

    from .models import Synonym

    for term, equivalents in DEFAULT_SYNONYMS:
        Synonym.objects.get_or_create(term=term, defaults={"equivalents": equivalents})
    cache.delete("search:synonyms")
