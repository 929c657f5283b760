"""Demo content for the directory: a dozen organisations in Dalarna and Blekinge, their
activities of every kind, and logins for an owner, an editor and a staff reviewer.

Idempotent: organisations are found by organisation number, activities by title within their
organisation, users by e-mail.
"""

import datetime

from django.utils import timezone

from portal.models import Municipality, TargetGroup

from .factories import make_orgnr
from .models import Activity, ActivityKind, Membership, Organisation
from .reviewers import ensure_reviewer_group

V, P, R = (
    Organisation.Status.VERIFIED,
    Organisation.Status.PENDING,
    Organisation.Status.REJECTED,
)

# serial, name, legal form, status, municipalities (SCB codes), languages, areas, target groups,
# description, public e-mail, reason
ORGANISATIONS = [
    (
        101,
        "Språkvännerna i Leksand",
        "ideell_forening",
        V,
        ["2029", "2031"],
        ["sv", "ar", "uk"],
        ["språkträning", "mentorskap"],
        ["kvotflyktingar", "skyddsbehovande-ukraina"],
        "Vi är ett fyrtiotal frivilliga i Leksand och Rättvik som träffar nyanlända för samtal "
        "på svenska. Vi samarbetar med kommunernas integrationsenhet och med biblioteken.",
        "kontakt@sprakvannerna.example",
        "",
    ),
    (
        102,
        "Falu Flyktingguider",
        "ideell_forening",
        V,
        ["2080", "2081"],
        ["sv", "en", "ti", "so"],
        ["flyktingguider", "samhällsorientering"],
        ["kvotflyktingar", "abo-flyktingar"],
        "Vi matchar nyanlända familjer med en guide som bor i Falun eller Borlänge. Guiden visar "
        "vardagen: vårdcentralen, föreningslivet, skidspåret och var man köper vinterkläder.",
        "guider@falu-flyktingguider.example",
        "",
    ),
    (
        103,
        "Moraklubbens idrottsallians",
        "ideell_forening",
        V,
        ["2062"],
        ["sv", "prs", "ar"],
        ["idrott", "barn och unga"],
        ["ensamkommande"],
        "Idrottsföreningar i Mora som tillsammans öppnar träningar för barn och unga som är nya i "
        "Sverige. Utrustning lånas ut utan kostnad.",
        "",
        "",
    ),
    (
        104,
        "Studieförbundet Dalaljus",
        "studieforbund",
        V,
        ["2080", "2085", "2061"],
        ["sv", "ar", "fa", "so"],
        ["digital delaktighet", "arbetsmarknad"],
        ["kvotflyktingar", "abo-flyktingar", "frivilliga"],
        "Vi ordnar studiecirklar i digital vardag och om hur arbetsmarknaden fungerar, i Falun, "
        "Ludvika och Smedjebacken.",
        "dalaljus@studieforbund.example",
        "",
    ),
    (
        105,
        "Vansbro församlings mötesplats",
        "trossamfund",
        V,
        ["2021"],
        ["sv", "uk", "ru"],
        ["hälsa", "föräldrastöd"],
        ["skyddsbehovande-ukraina"],
        "En öppen mötesplats i församlingshemmet med samtalsgrupper om hälsa och föräldraskap, "
        "för alla oavsett tro.",
        "",
        "",
    ),
    (
        106,
        "Säters läxhjälpsnätverk",
        "ideell_forening",
        P,
        ["2082"],
        ["sv", "ar"],
        ["läxhjälp"],
        ["ensamkommande"],
        "Pensionerade lärare som vill hjälpa elever i Säter med läxorna två kvällar i veckan.",
        "",
        "",
    ),
    (
        107,
        "Avesta Kvinnoforum",
        "ideell_forening",
        R,
        ["2084"],
        ["sv", "so", "am"],
        ["kvinnors delaktighet"],
        [],
        "Träffar för kvinnor som är nya i Avesta.",
        "",
        "Organisationsnumret hör till en annan förening. Kontrollera numret och skicka in "
        "uppgifterna igen.",
    ),
    (
        201,
        "Karlskrona Språkcafé",
        "ideell_forening",
        V,
        ["1080"],
        ["sv", "ar", "fa", "uk"],
        ["språkträning"],
        ["asylsokande", "skyddsbehovande-ukraina", "kvotflyktingar"],
        "Varje vecka dukar vi fram kaffe och samtalskort på stadsbiblioteket i Karlskrona. Alla "
        "som vill öva svenska är välkomna, oavsett nivå.",
        "sprakcafe@karlskrona-forening.example",
        "",
    ),
    (
        202,
        "Ronneby Mentorsnätverk",
        "ideell_forening",
        V,
        ["1081", "1082"],
        ["sv", "en", "ar"],
        ["mentorskap", "arbetsmarknad"],
        ["kvotflyktingar", "abo-flyktingar"],
        "Yrkesverksamma i Ronneby och Karlshamn som är mentorer för nyanlända som vill in på "
        "arbetsmarknaden eller vidare till studier.",
        "mentor@ronneby-natverk.example",
        "",
    ),
    (
        203,
        "Stiftelsen Blekinge Hälsobro",
        "stiftelse",
        V,
        ["1080", "1081", "1082", "1083", "1060"],
        ["sv", "ar", "ti", "so", "prs"],
        ["hälsa"],
        ["asylsokande", "kvotflyktingar"],
        "Hälsokommunikatörer som talar flera språk och berättar om hur vården i Sverige "
        "fungerar, i samarbete med regionen.",
        "info@halsobro.example",
        "",
    ),
    (
        204,
        "Sölvesborgs Digitalhjälp",
        "ekonomisk_forening",
        P,
        ["1083"],
        ["sv", "pl", "uk"],
        ["digital delaktighet"],
        [],
        "Hjälp med BankID, e-tjänster och digitala myndighetskontakter.",
        "",
        "",
    ),
    (
        205,
        "Olofströms Fritidsgård för alla",
        "annan",
        R,
        ["1060"],
        ["sv"],
        ["idrott"],
        [],
        "Fritidsverksamhet.",
        "",
        "Beskrivningen räcker inte för att bedöma verksamheten. Berätta mer om vad ni gör och "
        "för vilka, så granskar vi på nytt.",
    ),
]

# organisation serial, title, kind, status, weekdays, start, end, municipality or None (online),
# address, languages, cost, schedule note, description
ACTIVITIES = [
    (
        101,
        "Språkcafé på Leksands bibliotek",
        ActivityKind.LANGUAGE_CAFE,
        "published",
        ["tue"],
        "17:30",
        "19:00",
        "2029",
        "Leksands bibliotek, Kyrkallén 1",
        ["sv"],
        "Gratis",
        "Inte under jul- och sommaruppehållet.",
        "Samtal på enkel svenska i små grupper. Vi pratar om vardag, väder och nyheter, och "
        "fikat bjuder vi på.",
    ),
    (
        101,
        "Samtalsvandring runt Siljan",
        ActivityKind.SPORTS,
        "published",
        ["sat"],
        "10:00",
        "12:00",
        "2031",
        "Samling vid Rättviks station",
        ["sv", "uk"],
        "Gratis",
        "",
        "En promenad i lugnt tempo där vi övar svenska och lär känna naturen kring Siljan.",
    ),
    (
        101,
        "Julpyssel för familjer",
        ActivityKind.OTHER,
        "draft",
        [],
        None,
        None,
        "2029",
        "Församlingshemmet",
        ["sv"],
        "",
        "Planeras till december.",
        "Ett utkast som ännu inte är publicerat.",
    ),
    (
        102,
        "Flyktingguide i Falun och Borlänge",
        ActivityKind.REFUGEE_GUIDE,
        "published",
        [],
        None,
        None,
        "2080",
        "",
        ["sv", "en", "ti"],
        "Gratis",
        "Guide och familj träffas ungefär varannan vecka under ett år.",
        "Du får en guide som bor i samma stad och som hjälper dig att hitta i vardagen och i "
        "föreningslivet.",
    ),
    (
        103,
        "Öppen innebandy för unga",
        ActivityKind.SPORTS,
        "published",
        ["wed"],
        "18:00",
        "19:30",
        "2062",
        "Prästholmshallen, Mora",
        ["sv", "prs"],
        "Gratis, skor och klubba lånas ut",
        "",
        "Träning för dig mellan 13 och 19 år. Ingen anmälan behövs, kom som du är.",
    ),
    (
        104,
        "Digital vardag – BankID, 1177 och e-tjänster",
        ActivityKind.DIGITAL_SKILLS,
        "published",
        ["mon"],
        "13:00",
        "15:00",
        "2085",
        "Studieförbundets lokal, Ludvika",
        ["sv", "ar", "so"],
        "Gratis",
        "Åtta träffar per termin.",
        "Vi går igenom de e-tjänster som du behöver i vardagen och övar i egen takt med "
        "cirkelledare som talar flera språk.",
    ),
    (
        104,
        "Så fungerar arbetsmarknaden",
        ActivityKind.LABOUR_MARKET,
        "published",
        [],
        None,
        None,
        None,
        "",
        ["sv", "ar", "fa"],
        "Gratis",
        "Fyra onlineträffar våren 2026.",
        "Om anställningsavtal, fackförbund, lön och skatt – och om hur du söker jobb i Dalarna.",
    ),
    (
        104,
        "Svenska för föräldrar (arkiverad)",
        ActivityKind.LANGUAGE_CAFE,
        "archived",
        ["thu"],
        "09:00",
        "11:00",
        "2080",
        "Falun",
        ["sv"],
        "",
        "",
        "En cirkel som avslutades förra året.",
    ),
    (
        105,
        "Må bra-grupp på ukrainska och ryska",
        ActivityKind.HEALTH,
        "published",
        ["thu"],
        "14:00",
        "16:00",
        "2021",
        "Församlingshemmet i Vansbro",
        ["uk", "ru", "sv"],
        "Gratis",
        "",
        "Samtal om sömn, stress och hälsa tillsammans med en sjuksköterska och en tolk.",
    ),
    (
        201,
        "Språkcafé på stadsbiblioteket",
        ActivityKind.LANGUAGE_CAFE,
        "published",
        ["thu"],
        "17:00",
        "19:00",
        "1080",
        "Stadsbiblioteket, Stortorget, Karlskrona",
        ["sv", "ar", "fa", "uk"],
        "Gratis",
        "",
        "Öva svenska över en kopp kaffe. Frivilliga samtalsledare finns vid varje bord.",
    ),
    (
        201,
        "Läxhjälp för gymnasieelever",
        ActivityKind.HOMEWORK_HELP,
        "published",
        ["mon", "wed"],
        "16:00",
        "18:00",
        "1080",
        "Stadsbiblioteket, Karlskrona",
        ["sv", "ar"],
        "Gratis",
        "Inte under skollov.",
        "Studenter från högskolan hjälper till med matematik, svenska och samhällskunskap.",
    ),
    (
        202,
        "Mentor för jobb och studier",
        ActivityKind.MENTORING,
        "published",
        [],
        None,
        None,
        "1081",
        "",
        ["sv", "en", "ar"],
        "Gratis",
        "Mentor och adept bestämmer själva när de ses, under sex månader.",
        "Vi matchar dig med en mentor från ett yrke som liknar ditt eller det du vill arbeta med.",
    ),
    (
        202,
        "Föreningskväll: så fungerar en ideell förening",
        ActivityKind.OTHER,
        "published",
        [],
        "18:00",
        "20:00",
        "1082",
        "Folkets hus, Karlshamn",
        ["sv", "ar"],
        "Gratis",
        "En kväll per termin.",
        "Vad är ett årsmöte, hur blir man medlem och hur startar man en egen förening? Vi "
        "berättar och svarar på frågor.",
    ),
    (
        203,
        "Hälsoinformation på ditt språk",
        ActivityKind.HEALTH,
        "published",
        [],
        None,
        None,
        "1082",
        "Medborgarhuset, Karlshamn",
        ["ar", "ti", "so", "prs"],
        "Gratis",
        "Datum annonseras varje termin.",
        "Hälsokommunikatörer berättar om vårdcentralen, tandvården och barnhälsovården.",
    ),
    (
        204,
        "Digital drop-in",
        ActivityKind.DIGITAL_SKILLS,
        "published",
        ["fri"],
        "10:00",
        "12:00",
        "1083",
        "Sölvesborg",
        ["sv", "pl"],
        "Gratis",
        "",
        "Organisationen väntar på granskning, så aktiviteten syns inte ännu.",
    ),
]

DATED_ACTIVITY = "Så fungerar arbetsmarknaden"


def bind_reviewer_to_dalarna(reviewer):
    """The demo reviewer works with Dalarna: the admin dashboard, the Needs attention report and
    the weekly digest (opted in) show Dalarna's gaps."""
    from portal.models import County, StaffProfile

    profile, created = StaffProfile.objects.get_or_create(
        user=reviewer, defaults={"weekly_digest": True}
    )
    if created:
        profile.counties.set([County.objects.get(code="20")])


def load(ctx):
    municipalities = {m.code: m for m in Municipality.objects.all()}
    target_groups = {g.slug: g for g in TargetGroup.objects.all()}

    owner = ctx.ensure_user(
        "agare@forening.example",
        role="Organisation owner (directory)",
        first_name="Olle",
        last_name="Ägare",
    )
    editor = ctx.ensure_user(
        "redaktor@forening.example",
        role="Organisation editor (directory)",
        first_name="Rut",
        last_name="Redaktör",
    )
    reviewer = ctx.ensure_user(
        "granskare@lansstyrelsen.example",
        role="Staff reviewer (organisations)",
        is_staff=True,
        first_name="Greta",
        last_name="Granskare",
    )
    reviewer.groups.add(ensure_reviewer_group())
    bind_reviewer_to_dalarna(reviewer)

    by_serial = {}
    for (
        serial,
        name,
        legal_form,
        status,
        codes,
        languages,
        areas,
        groups,
        description,
        email,
        reason,
    ) in ORGANISATIONS:
        number = make_orgnr(serial)
        organisation = Organisation.objects.filter(org_number=number).first()
        if organisation is None:
            organisation = Organisation(
                name=name,
                org_number=number,
                legal_form=legal_form,
                status=status,
                status_reason=reason,
                status_changed_at=timezone.now() if status != P else None,
                description=description,
                email=email,
                email_public=bool(email),
                phone="010-000 00 00",
                phone_public=False,
                city=municipalities[codes[0]].name,
                website=f"https://{name.split()[0].lower()}.example".replace("å", "a")
                .replace("ä", "a")
                .replace("ö", "o"),
                created_by=owner,
            )
            organisation.languages = languages
            organisation.save()
            organisation.municipalities.set([municipalities[c] for c in codes])
            organisation.target_groups.set([target_groups[s] for s in groups if s in target_groups])
            organisation.areas.add(*areas)
            ctx.created += 1
        by_serial[serial] = organisation

    memberships = [(owner, s, Membership.Role.OWNER) for s in by_serial] + [
        (editor, 101, Membership.Role.EDITOR),
        (editor, 104, Membership.Role.EDITOR),
    ]
    for user, serial, role in memberships:
        Membership.objects.get_or_create(
            user=user, organisation=by_serial[serial], defaults={"role": role}
        )

    for (
        serial,
        title,
        kind,
        status,
        weekdays,
        start,
        end,
        code,
        address,
        languages,
        cost,
        note,
        description,
    ) in ACTIVITIES:
        organisation = by_serial[serial]
        if organisation.activities.filter(title=title).exists():
            continue
        activity = Activity(
            organisation=organisation,
            title=title,
            kind=kind,
            status=status,
            start_time=datetime.time.fromisoformat(start) if start else None,
            end_time=datetime.time.fromisoformat(end) if end else None,
            municipality=municipalities[code] if code else None,
            is_online=code is None,
            address=address,
            cost=cost,
            schedule_note=note,
            description=description,
            contact=organisation.email if organisation.email_public else "",
            created_by=editor if serial in (101, 104) else owner,
        )
        if title == DATED_ACTIVITY:
            activity.start_date = datetime.date(2026, 3, 3)
            activity.end_date = datetime.date(2026, 3, 24)
        activity.weekdays = weekdays
        activity.languages = languages
        activity.save()
        groups = [
            target_groups[s] for s in ("kvotflyktingar", "abo-flyktingar") if s in target_groups
        ]
        activity.target_groups.set(groups)
        ctx.created += 1
    ctx.log(f"partners: {len(by_serial)} organisations, {Activity.objects.count()} activities")
