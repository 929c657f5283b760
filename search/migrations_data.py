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


# English words people type, and the Swedish the portal's content uses (staff edit them
# under Snippets → Synonyms like any other).
ENGLISH_SYNONYMS = [
    ("refugee", "flykting"),
    ("refugees", "flyktingar"),
    ("quota refugee", "kvotflykting"),
    ("regional agreement", "regional överenskommelse"),
    ("local agreement", "lokal överenskommelse"),
    ("settlement quota", "kommuntal"),
    ("county quota", "länstal"),
    ("settlement act", "bosättningslagen"),
    ("asylum seeker", "asylsökande"),
    ("unaccompanied minors", "ensamkommande"),
    ("newly arrived", "nyanlända"),
    ("swedish for immigrants", "svenska för invandrare"),
    ("civic orientation", "samhällsorientering"),
    ("language café", "språkcafé"),
    ("homework help", "läxhjälp"),
    ("refugee guide", "flyktingguide"),
    ("method support", "metodstöd"),
    ("action plan", "handlingsplan"),
    ("county administrative board", "länsstyrelsen"),
    ("municipality", "kommun"),
    ("civil society", "civilsamhället"),
    ("association", "förening"),
    ("employment service", "Arbetsförmedlingen"),
    ("migration agency", "Migrationsverket"),
    ("social insurance agency", "Försäkringskassan"),
    ("target group", "målgrupp"),
    ("reception", "mottagande"),
    ("establishment", "etablering"),
    ("training", "utbildning"),
    ("collaboration", "samverkan"),
]


def ensure_default_synonyms():
    from django.core.cache import cache

    from .models import Synonym

    for term, equivalents in [*DEFAULT_SYNONYMS, *ENGLISH_SYNONYMS]:
        Synonym.objects.get_or_create(term=term, defaults={"equivalents": equivalents})
    cache.delete("search:synonyms")
