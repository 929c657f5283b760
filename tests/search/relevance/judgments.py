"""Judged queries over the demo content: what a person types, and the hits that fit.

Each judgment lists the titles of the fitting hits (the demo's titles are unique enough),
best first where one clearly fits best; ``first`` names the hit that must come first where
the issue asked for it. ``NOTHING`` means the query must find nothing. Typing mistakes are
judged on the did-you-mean suggestion's results when the query itself finds nothing: one
click away, as a visitor meets them.
"""

from dataclasses import dataclass, field

NOTHING = ()

AGREEMENTS_RÖK = (
    "RÖK Dalarna 2024–2027",
    "RÖK Blekinge 2022–2026",
    "RÖK Blekinge 2019–2021",
    "RÖK Blekinge 2016–2018",
    "RÖK Värmland 2027–2029",
)
AGREEMENTS_LÖK = (
    "LÖK Leksand 2024–2026",
    "LÖK Rättvik 2025–2027",
    "LÖK Ronneby 2020–2022",
    "LÖK Karlskrona 2027–2028",
)
LÖK_WORK = "LÖK-arbete i praktiken: så tar ni fram en lokal överenskommelse"
AGREEMENTS = AGREEMENTS_RÖK + AGREEMENTS_LÖK + ("Överenskommelser",)
LANGUAGE_CAFES = (
    "Språkcafé på Leksands bibliotek",
    "Språkcafé på stadsbiblioteket",
    "Karlskrona Språkcafé",
    "Språkstöd för frivilliga – åtta kvällar",
    "Civilsamhällets roll i mottagandet – nätverksträff",
)
MENTORING = ("Ronneby Mentorsnätverk", "Mentor för jobb och studier")
QUOTA_EVENT = "Mottagande av kvotflyktingar – från anvisning till första veckan"
REFUGEE_GUIDES = ("Flyktingguide i Falun och Borlänge", "Falu Flyktingguider")
SFI = (
    "SFI och arbetsmarknad – kortare vägar till jobb",
    "LÖK Leksand 2024–2026",
    "LÖK Rättvik 2025–2027",
    "Samhällsorientering i praktiken – kurs i tre delar",
)
METHOD_SUPPORT = ("Metodstöd för samverkan 2017", "Metodstöd")
ACTION_PLAN = (
    "Handlingsplan: fördjupning av de fyra inriktningarna",
    "RÖK Blekinge 2019–2021",
    "Beslut Integrationsrådet 2019-09-12",
    "Introduktion till regional samverkan i Blekinge",
    "RÖK Blekinge 2022–2026",
    LÖK_WORK,
    "Överenskommelser",
)
COUNTY_BOARD = (
    "Kommuntal",
    "Bosättningslagen – frågestund för nya handläggare",
    QUOTA_EVENT,
    "Om portalen",
    "Tillgänglighetsredogörelse",
    "Tillsammans för ett effektivare mottagande",
    "Yrkesväg",
    "Samhällsorientering i praktiken – kurs i tre delar",
    "SFI och arbetsmarknad – kortare vägar till jobb",
    "Civilsamhällets roll i mottagandet – nätverksträff",
    LÖK_WORK,
    "Språkstöd för frivilliga – åtta kvällar",
    "Introduktion till regional samverkan i Blekinge",
    "Ensamkommande barn och unga – skola och socialtjänst tillsammans",
    "RÖK Dalarna 2024–2027",
    "RÖK Blekinge 2022–2026",
    "RÖK Blekinge 2019–2021",
    "RÖK Blekinge 2016–2018",
    "Samverkan för ett bättre mottagande",
)
HEALTH = (
    "Hälsofrämjande insatser för nyanlända",
    "Hälsoinformation på ditt språk",
    "Må bra-grupp på ukrainska och ryska",
    "Stiftelsen Blekinge Hälsobro",
    "Vansbro församlings mötesplats",
    "Tillsammans för ett effektivare mottagande",
)
RECEPTION = (
    "Samverkan för ett bättre mottagande",
    "Tillsammans för ett effektivare mottagande",
    QUOTA_EVENT,
    "Civilsamhällets roll i mottagandet – nätverksträff",
)


@dataclass(frozen=True)
class Judgment:
    category: str
    text: str
    relevant: tuple[str, ...]
    filters: dict = field(default_factory=dict)
    first: str | None = None  # the hit that must come first


J = Judgment
JUDGMENTS = [
    # inflections
    J("inflection", "överenskommelserna", AGREEMENTS + (LÖK_WORK,)),
    J("inflection", "kvotflykting", (QUOTA_EVENT, "Samverkan för ett bättre mottagande")),
    J("inflection", "flyktingguiden", REFUGEE_GUIDES),
    J("inflection", "handlingsplanen", ACTION_PLAN),
    J("inflection", "språkcaféer", LANGUAGE_CAFES),
    J(
        "inflection",
        "anvisningar",
        ("Bosättningslagen – frågestund för nya handläggare", "Kommuntal", QUOTA_EVENT),
    ),
    J("inflection", "mentorer", MENTORING),
    # loanword plurals and definite forms Snowball stems apart from the singular
    J("inflection", "mentor", MENTORING),
    J("inflection", "mentorerna", MENTORING),
    J("inflection", "språkcafé", LANGUAGE_CAFES),
    J("inflection", "språkcaféet", LANGUAGE_CAFES),
    # compounds
    J("compound", "flykting", REFUGEE_GUIDES + (QUOTA_EVENT,)),
    J(
        "compound",
        "samverkan",
        METHOD_SUPPORT
        + (
            "Introduktion till regional samverkan i Blekinge",
            "Samverkan för ett bättre mottagande",
        ),
    ),
    J("compound", "kvot", (QUOTA_EVENT,)),
    J("compound", "mottagande", RECEPTION),
    J("compound", "hälsa", HEALTH),
    # abbreviations and their long forms
    J("abbreviation", "RÖK", AGREEMENTS_RÖK + ("RÖK Blekinge 2019–2021",)),
    J("abbreviation", "LÖK", AGREEMENTS_LÖK + (LÖK_WORK,)),
    J("abbreviation", "SFI", SFI),
    J("abbreviation", "svenska för invandrare", SFI, first=SFI[0]),
    J("abbreviation", "regional överenskommelse", AGREEMENTS_RÖK),
    J("abbreviation", "lokal överenskommelse", AGREEMENTS_LÖK + (LÖK_WORK,)),
    J("abbreviation", "ABO", ("Samverkan för ett bättre mottagande",)),
    J(
        "abbreviation",
        "Arbetsförmedlingen",
        AGREEMENTS_LÖK[:2]
        + (
            LÖK_WORK,
            "SFI och arbetsmarknad – kortare vägar till jobb",
            "Yrkesväg",
        ),
    ),
    # without å, ä and ö
    J("no diacritics", "overenskommelse", AGREEMENTS + (LÖK_WORK,)),
    J("no diacritics", "lansstyrelsen", COUNTY_BOARD),
    J("no diacritics", "lok rattvik", ("LÖK Rättvik 2025–2027",), first="LÖK Rättvik 2025–2027"),
    J("no diacritics", "rok dalarna", ("RÖK Dalarna 2024–2027",), first="RÖK Dalarna 2024–2027"),
    J("no diacritics", "sprakcafe", LANGUAGE_CAFES),
    J("no diacritics", "bosattningslagen", ("Bosättningslagen – frågestund för nya handläggare",)),
    J("no diacritics", "halsoframjande", HEALTH),
    # typing mistakes (judged on the did-you-mean suggestion)
    J("typo", "kvotflyktnigar", (QUOTA_EVENT, "Samverkan för ett bättre mottagande")),
    J("typo", "handlingsplna", ACTION_PLAN),
    J(
        "typo",
        "ensamkomande",
        (
            "Ensamkommande barn och unga – skola och socialtjänst tillsammans",
            "RÖK Blekinge 2019–2021",
            "Moraklubbens idrottsallians",
        ),
    ),
    J(
        "typo",
        "massflyktsdirektivt",
        ("Massflyktsdirektivet: vad gäller för personer från Ukraina?",),
    ),
    # English
    J("english", "refugee", REFUGEE_GUIDES + (QUOTA_EVENT, "Samverkan för ett bättre mottagande")),
    J("english", "regional agreement", AGREEMENTS_RÖK),
    J("english", "settlement quota", ("Kommuntal",), first="Kommuntal"),
    J("english", "language café", LANGUAGE_CAFES),
    J(
        "english",
        "unaccompanied minors",
        (
            "Ensamkommande barn och unga – skola och socialtjänst tillsammans",
            "RÖK Blekinge 2019–2021",
            "Moraklubbens idrottsallians",
        ),
    ),
    J("english", "action plan", ACTION_PLAN),
    J("english", "method support", METHOD_SUPPORT),
    # phrases
    J("phrase", '"lokal överenskommelse"', AGREEMENTS_LÖK + (LÖK_WORK,) + METHOD_SUPPORT),
    J(
        "phrase",
        '"digital kompetens"',
        (
            "Digital vardag – BankID, 1177 och e-tjänster",
            "Tillsammans för ett effektivare mottagande",
        ),
    ),
    J(
        "phrase",
        '"tillfälligt skydd"',
        ("Massflyktsdirektivet: vad gäller för personer från Ukraina?",),
    ),
    # filters
    J("filter", "språkcafé", LANGUAGE_CAFES[1:], filters={"county": ["10"]}),
    J(
        "filter",
        "överenskommelse",
        (
            "RÖK Dalarna 2024–2027",
            *AGREEMENTS_LÖK[:2],
            LÖK_WORK,
        ),
        filters={"county": ["20"]},
    ),
    J("filter", "överenskommelse", AGREEMENTS_LÖK, filters={"kind": ["local_agreement"]}),
    J(
        "filter",
        "mottagande",
        (QUOTA_EVENT, "LÖK Leksand 2024–2026"),
        filters={"municipality": ["2029"]},
    ),
    J("filter", "flyktingguide", ("Falu Flyktingguider",), filters={"kind": ["organisation"]}),
    # must find nothing
    J("nothing", "zebrafink", NOTHING),
    J("nothing", "och det att", NOTHING),
    J("nothing", "lasagne recept", NOTHING),
    J("nothing", "rubrik", NOTHING),
    J("nothing", "hummerklo", NOTHING),
    J("nothing", "kvotflyktingar -kvotflyktingar", NOTHING),
]
