"""Languages organisations and activities work in: ISO 639-1 codes (ISO 639-3 where there is
no two-letter code), shown by their Swedish names."""

from django.utils.translation import gettext_lazy as _

LANGUAGES = [
    ("sv", _("Swedish")),
    ("en", _("English")),
    ("ar", _("Arabic")),
    ("fa", _("Persian")),
    ("prs", _("Dari")),
    ("ps", _("Pashto")),
    ("so", _("Somali")),
    ("ti", _("Tigrinya")),
    ("am", _("Amharic")),
    ("uk", _("Ukrainian")),
    ("ru", _("Russian")),
    ("ku", _("Kurdish")),
    ("tr", _("Turkish")),
    ("pl", _("Polish")),
    ("bs", _("Bosnian")),
    ("sr", _("Serbian")),
    ("hr", _("Croatian")),
    ("sq", _("Albanian")),
    ("es", _("Spanish")),
    ("fr", _("French")),
    ("de", _("German")),
    ("fi", _("Finnish")),
    ("ro", _("Romanian")),
    ("th", _("Thai")),
    ("zh", _("Chinese")),
    ("vi", _("Vietnamese")),
    ("ur", _("Urdu")),
    ("hi", _("Hindi")),
    ("uz", _("Uzbek")),
    ("syc", _("Syriac")),
    ("sgn", _("Swedish Sign Language")),
]

LANGUAGE_NAMES = dict(LANGUAGES)


def language_names(codes):
    return [LANGUAGE_NAMES[code] for code in codes if code in LANGUAGE_NAMES]
