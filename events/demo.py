"""Demo content for the calendar: a season of events in Dalarna and Blekinge (today is
2026-11-25 in the demo): on site, online and hybrid, full and with free places, one cancelled,
a three-part course, a weekly series across the change to summer time, a moved session,
past events for the archive, sign-ups and a waiting list; one event moved after people signed up
(published twice, so its participants were e-mailed the change and its SEQUENCE is 1) and one
past event with an attendance list, so a certificate can be opened; one event asks registration
questions (interpreter yes/no, municipality, wishes) and its participants answered. Idempotent: events are found
by slug, the move is made only while the session is still at its first time, attendance rows are
found by sign-up and session."""

import datetime

from django.utils import timezone

from portal.demo import paragraphs
from portal.models import Municipality, TargetGroup

from .models import (
    Attendance,
    CalendarIndexPage,
    EventOccurrence,
    EventPage,
    RegistrationQuestion,
    Signup,
    SignupAnswer,
)
from .models.event import STOCKHOLM
from .proposals import ensure_review_workflow


def at(day, hour, minute=0):
    year, month, dom = (int(part) for part in day.split("-"))
    return datetime.datetime(year, month, dom, hour, minute, tzinfo=STOCKHOLM)


EVENTS = [
    {
        "slug": "mottagande-av-kvotflyktingar",
        "title": "Mottagande av kvotflyktingar – från anvisning till första veckan",
        "summary": "En förmiddag om hur kommunen förbereder sig när Migrationsverket anvisar "
        "kvotflyktingar, och vad som behöver vara på plats den första veckan.",
        "body": [
            "Kvotflyktingar kommer ofta med kort varsel och har sällan någon kontakt i Sverige. "
            "Vi går igenom kedjan från anvisningsbeslut till att familjen har en bostad, ett "
            "bankkonto och en första tid hos Arbetsförmedlingen.",
            ("h2", "Program"),
            "Länsstyrelsen berättar om hur kommuntalet fördelas. Integrationsenheten i Leksand "
            "och Rättvik delar sin checklista för ankomstdagen, och Försäkringskassan förklarar "
            "vilka ersättningar som kan sökas direkt.",
        ],
        "occurrences": [("2026-12-03", 9, 0, 12, 0)],
        "format": "onsite",
        "venue": "Länsstyrelsen Dalarna, sal Dalälven",
        "address": "Åsgatan 38, Falun",
        "municipalities": ["2080", "2029", "2031"],
        "topics": ["mottagande av kvotflyktingar", "bosättningslagen"],
        "groups": ["offentliganstallda", "kvotflyktingar"],
        "organiser_name": "Länsstyrelsen Dalarna",
        "audience": "Handläggare och chefer i kommunernas mottagande",
        "cost": "Kostnadsfritt",
        "signup": {"capacity": 30, "confirmed": 9, "waiting": 0},
        # asked in the sign-up form; the demo's participants answered them
        "questions": [
            {"label": "Behöver du tolk?", "kind": "yes_no", "required": True},
            {
                "label": "Vilken kommun arbetar du i?",
                "kind": "choice",
                "required": True,
                "options": ["Falun", "Leksand", "Rättvik", "Annan kommun"],
                "help_text": "Vi delar in samtalsgrupperna efter kommun.",
            },
            {"label": "Har du önskemål om innehållet?", "kind": "text"},
        ],
    },
    {
        "slug": "samhallsorientering-kurs-i-tre-delar",
        "title": "Samhällsorientering i praktiken – kurs i tre delar",
        "summary": "En kurs för samhällskommunikatörer och lärare som vill utveckla "
        "undervisningen i samhällsorientering, med uppgifter mellan träffarna.",
        "body": [
            "Kursen består av tre eftermiddagar. Första gången handlar om kursplanen och hur "
            "man möter deltagare med mycket olika erfarenheter. Andra gången prövar vi metoder "
            "för dialog på modersmål, och tredje gången redovisar deltagarna det de har prövat "
            "i sina egna grupper.",
            "Du anmäler dig till hela kursen på en gång.",
        ],
        "occurrences": [
            ("2027-01-14", 13, 0, 16, 0),
            ("2027-01-21", 13, 0, 16, 0),
            ("2027-01-28", 13, 0, 16, 0),
        ],
        "notes": ["Del 1: kursplanen", "Del 2: dialogmetoder", "Del 3: erfarenhetsutbyte"],
        "format": "hybrid",
        "venue": "Kulturhuset Tjärnan",
        "address": "Borganäsvägen 25, Borlänge",
        "online_url": "https://moten.example.se/so-kurs",
        "municipalities": ["2081", "2080"],
        "topics": ["samhällsorientering"],
        "groups": ["offentliganstallda"],
        "organiser_name": "Länsstyrelsen Dalarna",
        "audience": "Samhälls- och hälsokommunikatörer, SFI-lärare",
        "cost": "Kostnadsfritt",
        "signup": {"capacity": 20, "confirmed": 6, "waiting": 0},
    },
    {
        "slug": "traumamedvetet-bemotande",
        "title": "Traumamedvetet bemötande för dig som möter nyanlända",
        "summary": "Ett digitalt seminarium om hur stress och trauma påverkar förmågan att ta "
        "in information – och vad du kan göra annorlunda i mötet.",
        "body": [
            "Många som har flytt bär på svåra erfarenheter. Det märks ofta som glömska, trötthet "
            "eller oro inför myndighetskontakter. Seminariet ger en grund i hur trauma påverkar "
            "hjärnan och konkreta råd för samtal, skriftlig information och bokade besök.",
            "Seminariet hålls i Teams. Länken skickas i bekräftelsen.",
        ],
        "occurrences": [("2026-12-09", 9, 0, 11, 30)],
        "format": "online",
        "online_url": "https://moten.example.se/trauma",
        "municipalities": [],
        "counties": ["20", "10"],
        "topics": ["traumamedvetet bemötande", "hälsa"],
        "groups": ["offentliganstallda", "frivilliga"],
        "organiser_name": "Region Blekinge och Region Dalarna",
        "audience": "Alla som i sitt arbete eller som frivilliga möter nyanlända",
        "cost": "Kostnadsfritt",
        "signup": {"capacity": 12, "confirmed": 12, "waiting": 3},
    },
    {
        "slug": "massflyktsdirektivet-webbinarium",
        "title": "Massflyktsdirektivet: vad gäller för personer från Ukraina?",
        "summary": "Ett kort webbinarium om tillfälligt skydd, rätten till arbete och "
        "kommunernas ansvar sedan lagändringen.",
        "body": [
            "Migrationsverket går igenom vad det tillfälliga skyddet innebär i dag, hur "
            "anvisningen till kommuner fungerar och vilka frågor som brukar komma från "
            "handläggare. Det finns tid för frågor i chatten.",
            "Ingen anmälan behövs – gå in via länken när webbinariet börjar.",
        ],
        "occurrences": [("2026-12-15", 10, 0, 11, 30)],
        "format": "online",
        "online_url": "https://moten.example.se/massflykt",
        "municipalities": [],
        "counties": ["20", "10"],
        "topics": ["massflyktsdirektivet"],
        "groups": ["skyddsbehovande-ukraina"],
        "organiser_name": "Migrationsverket",
        "audience": "Handläggare i kommuner och myndigheter",
        "cost": "Kostnadsfritt",
    },
    {
        "slug": "sfi-och-arbetsmarknad-karlskrona",
        "title": "SFI och arbetsmarknad – kortare vägar till jobb",
        "summary": "Hur SFI kan kombineras med praktik och yrkesutbildning, med exempel från "
        "kommunerna i Blekinge.",
        "body": [
            "Arbetsförmedlingen och vuxenutbildningen i Karlskrona och Karlshamn visar hur de "
            "lägger upp kombinationsutbildningar. Vi diskuterar vad som krävs av arbetsgivare "
            "och hur språkstödet kan följa med ut på arbetsplatsen.",
        ],
        "occurrences": [("2027-02-04", 9, 30, 15, 0)],
        "format": "onsite",
        "venue": "Länsstyrelsen Blekinge, konferensrum Ronneby",
        "address": "Skeppsbrokajen 4, Karlskrona",
        "municipalities": ["1080", "1082"],
        "topics": ["SFI och arbetsmarknad"],
        "groups": ["offentliganstallda"],
        "organiser_name": "Länsstyrelsen Blekinge",
        "audience": "Vuxenutbildning, arbetsmarknadsenheter och arbetsgivare",
        "cost": "Lunch ingår, ingen avgift",
        "signup": {"capacity": 40, "confirmed": 4, "waiting": 0},
    },
    {
        "slug": "civilsamhallets-roll-natverkstraff",
        "title": "Civilsamhällets roll i mottagandet – nätverksträff",
        "summary": "Föreningar, trossamfund och kommuner i Blekinge träffas för att dela "
        "erfarenheter av språkcaféer, flyktingguider och läxhjälp.",
        "body": [
            "Träffen är ett tillfälle att lära känna andra som arbetar med samma sak. Vi "
            "börjar med korta presentationer av tre verksamheter och fortsätter i samtal kring "
            "bord: hur rekryterar man frivilliga, och hur får man kontakt med de nyanlända som "
            "kommunen tar emot?",
        ],
        "occurrences": [("2027-02-18", 17, 30, 20, 0)],
        "format": "hybrid",
        "venue": "Kulturcentrum",
        "address": "Kulturcentrum, Ronneby",
        "online_url": "https://moten.example.se/civilsamhallet",
        "municipalities": ["1081", "1080"],
        "topics": ["civilsamhällets roll"],
        "groups": ["frivilliga"],
        "organiser_name": "Länsstyrelsen Blekinge",
        "use_organisation": True,
        "audience": "Föreningar, trossamfund, studieförbund och kommunernas samordnare",
        "cost": "Kostnadsfritt, fika ingår",
        "signup": {"capacity": 40, "confirmed": 5, "waiting": 0},
    },
    {
        "slug": "lok-arbete-i-praktiken",
        "title": "LÖK-arbete i praktiken: så tar ni fram en lokal överenskommelse",
        "summary": "En arbetsdag för kommuner som ska ta fram eller förnya sin lokala "
        "överenskommelse, med metodstödet som grund.",
        "body": [
            "Arbetsförmedlingen samordnar arbetet med lokala överenskommelser. Vi går igenom "
            "metodstödet för samverkan och de reflektionsfrågor som hör till varje kapitel, och "
            "varje kommun får tid att börja skissa på sin egen handlingsplan.",
            "Ta gärna med en kollega från en annan part i er överenskommelse.",
        ],
        "occurrences": [("2027-03-10", 9, 0, 16, 0)],
        "format": "onsite",
        "venue": "Leksands kommunhus",
        "address": "Kyrkallén 2, Leksand",
        "municipalities": ["2029", "2031", "2062"],
        "topics": ["LÖK-arbete", "samverkan"],
        "groups": ["offentliganstallda"],
        "organiser_name": "Arbetsförmedlingen och Länsstyrelsen Dalarna",
        "audience": "Parter i lokala överenskommelser",
        "cost": "Kostnadsfritt",
        "signup": {"capacity": 25, "confirmed": 3, "waiting": 0},
    },
    {
        "slug": "bosattningslagen-fragestund",
        "title": "Bosättningslagen – frågestund för nya handläggare",
        "summary": "En frågestund om anvisningar enligt bosättningslagen för dig som är ny i "
        "arbetet.",
        "body": [
            "Under en timme svarar länsstyrelsen på frågor om anvisningar, tidsfrister och "
            "ersättningar enligt bosättningslagen.",
        ],
        "occurrences": [("2026-12-01", 13, 0, 14, 0)],
        "format": "onsite",
        "venue": "Smedjebackens kommunhus",
        "address": "Kyrkogatan 7, Smedjebacken",
        "municipalities": ["2061"],
        "topics": ["bosättningslagen"],
        "groups": ["offentliganstallda"],
        "organiser_name": "Länsstyrelsen Dalarna",
        "cost": "Kostnadsfritt",
        "status": "cancelled",
        "cancellation_note": "Frågestunden är inställd på grund av sjukdom. Den kommer att "
        "erbjudas igen under våren; håll utkik i kalendern.",
        "signup": {"capacity": 15, "confirmed": 2, "waiting": 0},
    },
    {
        "slug": "digital-delaktighet-workshop",
        "title": "Digital delaktighet – workshop om e-legitimation och myndighetskontakter",
        "summary": "Hur frivilliga kan hjälpa nyanlända att komma i gång med bank-id, "
        "1177 och Försäkringskassans e-tjänster.",
        "body": [
            "Workshopen ger frivilliga verktyg att stötta utan att ta över. Vi övar på vanliga "
            "situationer och pratar om var gränsen går när det gäller personliga uppgifter.",
            "Observera att workshopen har flyttats en vecka framåt.",
        ],
        "occurrences": [("2027-01-20", 18, 0, 20, 30)],
        "moved_from": ("2027-01-13", 18, 0),
        "format": "onsite",
        "venue": "Biblioteket",
        "address": "Vansbro bibliotek, Vansbro",
        "municipalities": ["2021"],
        "topics": ["digital delaktighet", "civilsamhällets roll"],
        "groups": ["frivilliga"],
        "organiser_name": "Vansbro kommun",
        "cost": "Kostnadsfritt",
    },
    {
        "slug": "sprakstod-for-frivilliga",
        "title": "Språkstöd för frivilliga – åtta kvällar",
        "summary": "En kvällsserie för dig som leder språkcafé eller är språkvän: övningar, "
        "material och erfarenhetsutbyte varje tisdag.",
        "body": [
            "Serien går varje tisdag i åtta veckor. Du kan komma på enstaka kvällar, men vi "
            "rekommenderar hela serien. Tiden är densamma även efter övergången till sommartid.",
        ],
        "weekly": ("2027-02-23", 18, 0, 120, 8),
        "format": "onsite",
        "venue": "Studieförbundets lokal",
        "address": "Ronnebygatan 12, Karlshamn",
        "municipalities": ["1082"],
        "topics": ["språkstöd", "civilsamhällets roll"],
        "groups": ["frivilliga"],
        "organiser_name": "Länsstyrelsen Blekinge",
        "cost": "Kostnadsfritt",
    },
    {
        "slug": "regional-samverkan-blekinge-introduktion",
        "title": "Introduktion till regional samverkan i Blekinge",
        "summary": "Genomgång av den regionala överenskommelsen och hur parterna arbetar "
        "tillsammans.",
        "body": [
            "Vi gick igenom den regionala överenskommelsens fyra inriktningar och hur "
            "handlingsplanen följs upp i Integrationsrådet.",
        ],
        "occurrences": [("2026-10-08", 9, 0, 12, 0)],
        "format": "onsite",
        "venue": "Länsstyrelsen Blekinge",
        "address": "Skeppsbrokajen 4, Karlskrona",
        "municipalities": ["1080"],
        "topics": ["samverkan"],
        "groups": ["offentliganstallda"],
        "organiser_name": "Länsstyrelsen Blekinge",
        "cost": "Kostnadsfritt",
        "signup": {"capacity": 30, "confirmed": 4, "waiting": 0},
    },
    {
        "slug": "halsoframjande-insatser-webbinarium",
        "title": "Hälsofrämjande insatser för nyanlända",
        "summary": "Webbinarium om hälsokommunikation och hur samhällsorienteringen kan "
        "kopplas till vården.",
        "body": [
            "Hälsokommunikatörer berättade om sina erfarenheter och om hur man når dem som "
            "inte själva söker vård.",
        ],
        "occurrences": [("2026-09-17", 13, 0, 14, 30)],
        "format": "online",
        "online_url": "https://moten.example.se/halsa",
        "municipalities": [],
        "counties": ["20"],
        "topics": ["hälsa", "samhällsorientering"],
        "groups": ["offentliganstallda"],
        "organiser_name": "Region Dalarna",
        "cost": "Kostnadsfritt",
    },
    {
        "slug": "ensamkommande-skola-och-socialtjanst",
        "title": "Ensamkommande barn och unga – skola och socialtjänst tillsammans",
        "summary": "Halvdag om samverkan kring unga som kommer utan vårdnadshavare.",
        "body": [
            "Skolor och socialtjänst i Falun och Borlänge delade arbetssätt för att fånga upp "
            "unga tidigt och undvika att frågor faller mellan stolarna.",
        ],
        "occurrences": [("2026-11-12", 13, 0, 16, 30)],
        "format": "onsite",
        "venue": "Stadshuset",
        "address": "Stadshuset, Falun",
        "municipalities": ["2080", "2081"],
        "topics": ["ensamkommande barn"],
        "groups": ["ensamkommande"],
        "organiser_name": "Länsstyrelsen Dalarna",
        "cost": "Kostnadsfritt",
        "signup": {"capacity": 35, "confirmed": 7, "waiting": 0},
        # staff marked who came: the first five of the seven (see _ensure_attendance)
        "attended": 5,
    },
]

# Published first at its original time with participants signed up, then moved and published
# again as an editor would: the publish signal records the change (SEQUENCE 1) and e-mails every
# participant what changed, with the updated calendar file.
MOVED_AFTER_SIGNUP = {
    "slug": "introduktion-for-nya-integrationshandlaggare",
    "title": "Introduktion för nya integrationshandläggare i Dalarna",
    "summary": "En eftermiddag för dig som nyligen börjat arbeta med mottagande och etablering: "
    "vem gör vad, och vart vänder man sig?",
    "body": [
        "Vi ritar tillsammans upp kartan över aktörerna i etableringen: kommunen, "
        "Arbetsförmedlingen, Försäkringskassan, regionen och civilsamhället. Du får träffa "
        "kollegor från andra kommuner i länet och gå hem med en lista över kontaktvägar.",
        "Träffen har flyttats en vecka eftersom lokalen var dubbelbokad. Alla som hade anmält "
        "sig har fått ett meddelande och en uppdaterad kalenderfil.",
    ],
    "occurrences": [("2027-01-26", 13, 0, 16, 0)],
    "moved_to": ("2027-02-02", 13, 0, 16, 0),
    "format": "onsite",
    "venue": "Mora kommunhus, sal Siljan",
    "address": "Fredsgatan 16, Mora",
    "municipalities": ["2062", "2031", "2029"],
    "topics": ["samverkan", "mottagande av kvotflyktingar"],
    "groups": ["offentliganstallda"],
    "organiser_name": "Länsstyrelsen Dalarna",
    "audience": "Nyanställda handläggare i kommunernas mottagande",
    "cost": "Kostnadsfritt, kaffe ingår",
    "signup": {"capacity": 25, "confirmed": 6, "waiting": 0},
}

FIRST_NAMES = [
    "Anna",
    "Erik",
    "Fatima",
    "Johan",
    "Maria",
    "Ahmed",
    "Karin",
    "Lars",
    "Sara",
    "Oskar",
    "Leila",
    "Per",
    "Emma",
    "Yusuf",
    "Ingrid",
    "Nils",
    "Amina",
    "Olof",
]
LAST_NAMES = ["Lindqvist", "Karlsson", "Hassan", "Berg", "Nilsson", "Ali", "Holm", "Ek"]


def _occurrences(spec):
    if "weekly" in spec:
        day, hour, minute, minutes, count = spec["weekly"]
        page = EventPage()
        return page.add_weekly_series(
            at(day, hour, minute), datetime.timedelta(minutes=minutes), count
        )
    result = []
    notes = spec.get("notes", [])
    for index, (day, h1, m1, h2, m2) in enumerate(spec["occurrences"]):
        occurrence = EventOccurrence(
            start=at(day, h1, m1),
            end=at(day, h2, m2),
            sort_order=index,
            note=notes[index] if index < len(notes) else "",
        )
        if index == 0 and spec.get("moved_from"):
            occurrence.moved_from = at(*spec["moved_from"])
        result.append(occurrence)
    return result


def _ensure_event(ctx, calendar, spec, organisation):
    existing = calendar.get_children().filter(slug=spec["slug"]).first()
    if existing is not None:
        return existing.specific
    from portal.models import County

    page = EventPage(
        slug=spec["slug"],
        title=spec["title"],
        summary=spec["summary"],
        body=paragraphs(*spec["body"]),
        format=spec["format"],
        venue=spec.get("venue", ""),
        address=spec.get("address", ""),
        online_url=spec.get("online_url", ""),
        organiser_name=spec.get("organiser_name", ""),
        audience=spec.get("audience", ""),
        cost=spec.get("cost", ""),
        status=spec.get("status", "scheduled"),
        cancellation_note=spec.get("cancellation_note", ""),
    )
    if spec.get("use_organisation") and organisation is not None:
        page.organiser_organisation = organisation
    signup = spec.get("signup")
    if signup:
        page.signup_enabled = True
        page.capacity = signup["capacity"]
    for occurrence in _occurrences(spec):
        page.occurrences.add(occurrence)
    page.municipalities.set(list(Municipality.objects.filter(code__in=spec["municipalities"])))
    if spec.get("counties"):
        page.counties.set(list(County.objects.filter(code__in=spec["counties"])))
    page.target_groups.set(list(TargetGroup.objects.filter(slug__in=spec.get("groups", []))))
    calendar.add_child(instance=page)
    page.topics.add(*spec["topics"])
    page.save_revision().publish()
    ctx.created += 1
    return EventPage.objects.get(pk=page.pk)


def _ensure_signups(event, spec):
    signup = spec.get("signup")
    if not signup:
        return
    municipalities = list(event.municipalities.all()) or [None]
    wanted = [("confirmed", n) for n in range(signup["confirmed"])] + [
        ("waiting", signup["confirmed"] + n) for n in range(signup["waiting"])
    ]
    base = timezone.now() - datetime.timedelta(days=20)
    for status, n in wanted:
        first = FIRST_NAMES[(n + len(event.slug)) % len(FIRST_NAMES)]
        last = LAST_NAMES[(n * 3 + len(event.slug)) % len(LAST_NAMES)]
        email = f"{first}.{last}.{n}@example.se".lower()
        Signup.objects.get_or_create(
            event=event,
            email_normalised=email,
            defaults={
                "name": f"{first} {last}",
                "email": email,
                "employer": [
                    "Falu kommun",
                    "Region Dalarna",
                    "Karlskrona kommun",
                    "Röda Korset",
                    "Svenska kyrkan",
                ][n % 5],
                "municipality": municipalities[n % len(municipalities)],
                "status": status,
                "created_at": base + datetime.timedelta(hours=n),
                "needs": "Vegetarisk lunch" if n % 4 == 1 else "",
            },
        )


def _ensure_moved_after_signup(ctx, calendar, organisation):
    """The event, its sign-ups, and then the move, published like an editor's change."""
    spec = MOVED_AFTER_SIGNUP
    event = _ensure_event(ctx, calendar, spec, organisation)
    _ensure_signups(event, spec)
    event = EventPage.objects.get(pk=event.pk)
    occurrences = list(event.occurrences.all())
    first_day, h1, m1, _h2, _m2 = spec["occurrences"][0]
    original = at(first_day, h1, m1)
    if len(occurrences) != 1 or occurrences[0].start != original:
        return event  # already moved (or changed by someone since): leave it be
    day, h1, m1, h2, m2 = spec["moved_to"]
    occurrence = occurrences[0]
    occurrence.start = at(day, h1, m1)
    occurrence.end = at(day, h2, m2)
    occurrence.moved_from = original
    event.occurrences = [occurrence]
    # the publish signal (events.signals.event_published) raises SEQUENCE and sends the
    # change e-mails to the confirmed participants through send_change_emails
    event.save_revision().publish()
    ctx.created += 1
    return EventPage.objects.get(pk=event.pk)


def _ensure_attendance(event, spec):
    """Staff marked the first participants present at every session, as the admin attendance
    list does: they can open their certificate of attendance."""
    count = spec.get("attended", 0)
    if not count:
        return
    sessions = list(event.occurrences.filter(cancelled=False))
    participants = event.signups.filter(status=Signup.Status.CONFIRMED).order_by(
        "created_at", "pk"
    )[:count]
    for signup in participants:
        for occurrence in sessions:
            Attendance.objects.get_or_create(
                signup=signup,
                occurrence=occurrence,
                defaults={"marked_at": occurrence.end},
            )


WISHES = [
    "Mer om hur bosättningslagen tillämpas i praktiken.",
    "",
    "Exempel från andra kommuner i länet.",
]


def _ensure_questions(ctx, event, spec):
    """The event's registration questions (published like an editor's change, once), and the
    demo participants' answers to them."""
    wanted = spec.get("questions")
    if not wanted:
        return
    if not event.questions.exists():
        page = event.get_latest_revision_as_object()
        page.questions = [
            RegistrationQuestion(
                label=question["label"],
                kind=question["kind"],
                required=question.get("required", False),
                options="\n".join(question.get("options", [])),
                help_text=question.get("help_text", ""),
                sort_order=position,
            )
            for position, question in enumerate(wanted)
        ]
        page.save_revision().publish()
        ctx.created += 1
    questions = list(RegistrationQuestion.objects.filter(page_id=event.pk).order_by("sort_order"))
    for n, signup in enumerate(event.signups.order_by("created_at", "pk")):
        answers = {
            "yes_no": "yes" if n % 3 == 0 else "no",
            "choice": None,
            "text": WISHES[n % len(WISHES)],
        }
        for position, question in enumerate(questions):
            value = answers[question.kind]
            if question.kind == "choice":
                value = question.option_list()[n % len(question.option_list())]
            if not value:
                continue
            SignupAnswer.objects.get_or_create(
                signup=signup,
                question=question,
                defaults={
                    "label": question.label,
                    "kind": question.kind,
                    "value": value,
                    "position": position,
                },
            )


def _ensure_pending_proposal(ctx, calendar):
    """One proposal from a verified organisation, waiting in the review workflow."""
    try:
        from partners.models import Membership, Organisation
    except ImportError:  # pragma: no cover
        return
    membership = (
        Membership.objects.filter(organisation__status=Organisation.Status.VERIFIED)
        .select_related("user", "organisation")
        .order_by("pk")
        .first()
    )
    title = "Språkcafé som metod – erfarenhetsutbyte"
    if membership is None or EventPage.objects.filter(title=title).exists():
        return
    from .proposals import create_proposal

    create_proposal(
        membership.user,
        calendar,
        {
            "organisation": membership.organisation,
            "title": title,
            "summary": "Vi berättar hur vårt språkcafé har vuxit och hur andra kan komma i gång.",
            "description": "Ett kvällsmöte för föreningar som vill starta eller utveckla ett "
            "språkcafé.\n\nVi bjuder på fika och delar vårt material.",
            "start": at("2027-03-03", 18, 0),
            "end": at("2027-03-03", 20, 0),
            "format": "onsite",
            "venue": "Föreningslokalen",
            "address": "Storgatan 5, Leksand",
            "municipalities": list(Municipality.objects.filter(code="2029")),
            "capacity": 30,
        },
        ["civilsamhällets roll", "språkstöd"],
    )
    ctx.created += 1


def load(ctx):
    home = ctx.home
    calendar = ctx.ensure_page(
        home,
        CalendarIndexPage,
        "kalender",
        title="Kalender",
        show_in_menus=True,
        summary="Utbildningar, seminarier och nätverksträffar om mottagande och etablering.",
        intro=(
            "Här hittar du kompetenshöjande insatser för dig som i arbetet eller som frivillig "
            "möter nyanlända. Filtrera på län, kommun och ämne, anmäl dig direkt och prenumerera "
            "på kalendern i ditt eget kalenderprogram."
        ),
    )
    ensure_review_workflow()
    organisation = None
    try:
        from partners.models import Organisation

        organisation = Organisation.objects.filter(status=Organisation.Status.VERIFIED).first()
    except ImportError:  # pragma: no cover
        pass
    for spec in EVENTS:
        event = _ensure_event(ctx, calendar, spec, organisation)
        _ensure_signups(event, spec)
        _ensure_attendance(event, spec)
        _ensure_questions(ctx, event, spec)
    _ensure_moved_after_signup(ctx, calendar, organisation)
    _ensure_pending_proposal(ctx, calendar)
    ctx.log(f"Calendar: {EventPage.objects.child_of(calendar).count()} events")
