"""Demo content: agreements (RÖK Blekinge 2019–2021 with PDFs, LÖKs for Leksand and Rättvik,
and more across counties, statuses and years), method support, projects and settlement quotas.

Idempotent: pages are found by slug under their parent, documents by title, quotas by year,
municipality and group.
"""

import datetime
import json

from portal.models import County, Municipality, TargetGroup

from .models import (
    ActionPlanItem,
    AgreementDocument,
    AgreementIndexPage,
    AgreementPage,
    AgreementParty,
    MethodSupportIndexPage,
    MethodSupportPage,
    ProjectIndexPage,
    ProjectPage,
    SettlementQuota,
    SettlementQuotaPage,
)
from .pdfs import make_pdf

D = datetime.date
Kind = AgreementPage.Kind
Party = AgreementParty.Kind
Progress = ActionPlanItem.Progress

BLEKINGE_MUNICIPALITIES = ["Karlshamn", "Karlskrona", "Olofström", "Ronneby", "Sölvesborg"]
BLEKINGE_AGENCIES = [
    ("Arbetsförmedlingen", Party.AGENCY),
    ("Försäkringskassan", Party.AGENCY),
    ("Migrationsverket", Party.AGENCY),
    ("Region Blekinge", Party.REGION),
    ("Länsstyrelsen Blekinge", Party.AGENCY),
]

FOCUS_AREAS_BLEKINGE = [
    (
        "Skalbara system",
        "Erfarenheterna från åren med stort mottagande ska tas till vara. Kommunerna och "
        "myndigheterna håller en grundberedskap som kan byggas ut snabbt när fler kommer, och "
        "samma tänkande används inom fler samhällsområden.",
    ),
    (
        "Individen i centrum",
        "Den nyanlände är en aktiv part i sin egen etablering och ska få vara med och planera "
        "den. Organisationerna delar information så att alla ser samma helhet och vet varför "
        "en insats görs.",
    ),
    (
        "Länet som en helhet",
        "Skola, arbetsmarknad och andra områden planeras i högre grad för hela Blekinge i stället "
        "för kommun för kommun. Då kan kommunerna dela på insatser och de nyanlända får fler "
        "vägar att välja mellan.",
    ),
    (
        "Samarbete med den idéburna sektorn",
        "Föreningar och idéburna organisationer gör mycket av integrationsarbetet i vardagen. "
        "Myndigheterna ska ha en regelbunden och strukturerad dialog med dem, så att parterna "
        "förstår varandras villkor och insatserna håller över tid.",
    ),
]


def rich(*paragraphs):
    return "".join(f"<p>{p}</p>" for p in paragraphs)


def focus_stream(areas):
    return json.dumps(
        [
            {"type": "focus_area", "value": {"title": title, "description": rich(text)}}
            for title, text in areas
        ]
    )


def body_stream(*paragraphs):
    return json.dumps([{"type": "paragraph", "value": rich(p)} for p in paragraphs])


def municipalities(*names):
    found = {m.name: m for m in Municipality.objects.filter(name__in=names)}
    return [found[name] for name in names if name in found]


def blekinge_documents(ctx):
    agreement = ctx.ensure_document(
        "RÖK Blekinge 2019–2021",
        "rok-blekinge-2019-2021.pdf",
        make_pdf(
            "Regional överenskommelse i Blekinge 2019–2021 (demo)",
            [
                "Överenskommelsen gäller samverkan kring mottagande och etablering av nyanlända "
                "och ensamkommande barn i Blekinge län under 2019–2021.",
                ("h", "Parter"),
                "Karlshamns, Karlskrona, Olofströms, Ronneby och Sölvesborgs kommuner, "
                "Arbetsförmedlingen, Försäkringskassan, Migrationsverket, Region Blekinge och "
                "Länsstyrelsen Blekinge.",
                ("h", "Struktur"),
                "Integrationsrådet leder arbetet. En beredningsgrupp, integrationsnätverket, "
                "förbereder frågor och följer upp handlingsplanen.",
                "Detta dokument är skapat för demonstration av Samverkansportalen.",
            ],
            subject="RÖK Blekinge",
        ),
    )
    decision = ctx.ensure_document(
        "Beslut Integrationsrådet 2019-09-12",
        "beslut-integrationsradet-2019-09-12.pdf",
        make_pdf(
            "Beslut i Integrationsrådet Blekinge den 12 september 2019 (demo)",
            [
                "Integrationsrådet sammanträdde i Karlskrona och antog enhälligt den regionala "
                "överenskommelsen för 2019–2021.",
                "Rådet beslutade samtidigt om fyra inriktningar för den handlingsplan som "
                "integrationsgruppen ska ta fram: skalbara system, individen i centrum, länet "
                "som en helhet och samarbete med den idéburna sektorn.",
                "Detta dokument är skapat för demonstration av Samverkansportalen.",
            ],
            subject="Beslut",
        ),
    )
    plan = ctx.ensure_document(
        "Handlingsplan: fördjupning av de fyra inriktningarna",
        "rok-blekinge-handlingsplan.pdf",
        make_pdf(
            "Handlingsplan för RÖK Blekinge 2019–2021 (demo)",
            [
                *[part for title, text in FOCUS_AREAS_BLEKINGE for part in (("h", title), text)],
                "Detta dokument är skapat för demonstration av Samverkansportalen.",
            ],
            subject="Handlingsplan",
        ),
    )
    return agreement, decision, plan


def load_agreements(ctx):
    index = ctx.ensure_page(
        ctx.home,
        AgreementIndexPage,
        "overenskommelser",
        title="Överenskommelser",
        show_in_menus=True,
        summary="Regionala och lokala överenskommelser om mottagande och etablering av nyanlända.",
        intro=(
            "Här finns länens regionala överenskommelser (RÖK) och kommunernas lokala "
            "överenskommelser (LÖK) med parter, giltighetstid, inriktningar och handlingsplaner. "
            "Välj län eller kommun för att se vad som gäller där du arbetar."
        ),
    )
    blekinge = County.objects.get(code="10")
    dalarna = County.objects.get(code="20")
    varmland = County.objects.get(code="17")
    parties = [
        AgreementParty(name=f"{m.name} kommun", kind=Party.MUNICIPALITY, municipality=m)
        for m in municipalities(*BLEKINGE_MUNICIPALITIES)
    ] + [AgreementParty(name=name, kind=kind) for name, kind in BLEKINGE_AGENCIES]

    rok_2016 = ctx.ensure_page(
        index,
        AgreementPage,
        "rok-blekinge-2016-2018",
        title="RÖK Blekinge 2016–2018",
        summary="Den första regionala överenskommelsen i Blekinge efter etableringsreformen.",
        kind=Kind.REGIONAL,
        county=blekinge,
        valid_from=D(2016, 1, 1),
        valid_to=D(2018, 12, 31),
        adopted_by="Integrationsrådet",
        adopted_on=D(2015, 11, 20),
        parties=[
            AgreementParty(name=p.name, kind=p.kind, municipality=p.municipality) for p in parties
        ],
        body=body_stream(
            "Överenskommelsen lade grunden för det integrationsråd och det nätverk som fortfarande "
            "samordnar arbetet i länet."
        ),
    )
    agreement_pdf, decision_pdf, plan_pdf = blekinge_documents(ctx)
    rok_2019 = ctx.ensure_page(
        index,
        AgreementPage,
        "rok-blekinge-2019-2021",
        title="RÖK Blekinge 2019–2021",
        summary=(
            "Blekinges fem kommuner, fyra statliga aktörer och regionen om hur nyanlända och "
            "ensamkommande barn tas emot och etablerar sig i länet."
        ),
        kind=Kind.REGIONAL,
        county=blekinge,
        valid_from=D(2019, 1, 1),
        valid_to=D(2021, 12, 31),
        adopted_on=D(2019, 9, 12),
        adopted_by="Integrationsrådet",
        adopted_at="Karlskrona",
        replaces=rok_2016,
        parties=[
            AgreementParty(name=p.name, kind=p.kind, municipality=p.municipality) for p in parties
        ],
        focus_areas=focus_stream(FOCUS_AREAS_BLEKINGE),
        action_items=[
            ActionPlanItem(
                goal="Kartlägga kompetens och rutiner från mottagandet 2015–2016",
                responsible="Länsstyrelsen Blekinge",
                due_date=D(2020, 3, 31),
                progress=Progress.DONE,
            ),
            ActionPlanItem(
                goal="Gemensam introduktion där den nyanlände deltar i planeringen",
                responsible="Arbetsförmedlingen",
                due_date=D(2020, 12, 31),
                progress=Progress.DONE,
            ),
            ActionPlanItem(
                goal="Länsgemensamt utbud av yrkesutbildning för nyanlända",
                responsible="Region Blekinge",
                due_date=D(2021, 6, 30),
                progress=Progress.IN_PROGRESS,
            ),
            ActionPlanItem(
                goal="Fast dialogforum med idéburna organisationer två gånger per år",
                responsible="Länsstyrelsen Blekinge",
                due_date=D(2021, 12, 31),
                progress=Progress.DONE,
            ),
        ],
        documents=[
            AgreementDocument(document=agreement_pdf, kind=AgreementDocument.Kind.AGREEMENT),
            AgreementDocument(document=decision_pdf, kind=AgreementDocument.Kind.DECISION),
            AgreementDocument(document=plan_pdf, kind=AgreementDocument.Kind.ACTION_PLAN),
        ],
        body=body_stream(
            "Integrationsrådet, där parterna möts, antog överenskommelsen utan reservationer. "
            "Under rådet arbetar en beredningsgrupp som också fungerar som länets "
            "integrationsnätverk och tar fram handlingsplanen.",
            "Länsstyrelsen bidrar med kontaktnät, samordning, kompetenshöjande insatser och "
            "fördelning av statsbidrag till kommunerna.",
        ),
    )
    ctx.ensure_page(
        index,
        AgreementPage,
        "rok-blekinge-2022-2026",
        title="RÖK Blekinge 2022–2026",
        summary="Den nuvarande regionala överenskommelsen i Blekinge, som löper ut vid årsskiftet.",
        kind=Kind.REGIONAL,
        county=blekinge,
        valid_from=D(2022, 1, 1),
        valid_to=D(2026, 12, 31),
        adopted_on=D(2021, 11, 25),
        adopted_by="Integrationsrådet",
        adopted_at="Karlshamn",
        replaces=rok_2019,
        parties=[
            AgreementParty(name=p.name, kind=p.kind, municipality=p.municipality) for p in parties
        ],
        focus_areas=focus_stream(FOCUS_AREAS_BLEKINGE[:2]),
        action_items=[
            ActionPlanItem(
                goal="Ta fram förslag till ny överenskommelse för 2027–2030",
                responsible="Integrationsnätverket",
                due_date=D(2026, 10, 31),
                progress=Progress.IN_PROGRESS,
            )
        ],
    )
    rok_dalarna = ctx.ensure_page(
        index,
        AgreementPage,
        "rok-dalarna-2024-2027",
        title="RÖK Dalarna 2024–2027",
        summary="Dalarnas kommuner, regionen och myndigheterna om ett mottagande som klarar variationer.",
        kind=Kind.REGIONAL,
        county=dalarna,
        valid_from=D(2024, 1, 1),
        valid_to=D(2027, 12, 31),
        adopted_on=D(2023, 11, 16),
        adopted_by="Regionalt samverkansråd för integration",
        adopted_at="Falun",
        parties=[
            AgreementParty(name="Länsstyrelsen Dalarna", kind=Party.AGENCY),
            AgreementParty(name="Region Dalarna", kind=Party.REGION),
            AgreementParty(name="Arbetsförmedlingen", kind=Party.AGENCY),
            AgreementParty(name="Migrationsverket", kind=Party.AGENCY),
        ],
        focus_areas=focus_stream(
            [
                (
                    "Tidiga insatser",
                    "Insatser börjar redan under asyltiden, så att tiden inte går förlorad.",
                ),
                (
                    "Civilsamhället som resurs",
                    "Flyktingguider och föreningar får stöd att växa där behoven finns.",
                ),
            ]
        ),
    )
    for slug, title, names, start, end, summary in [
        (
            "lok-leksand-2024-2026",
            "LÖK Leksand 2024–2026",
            ["Leksand"],
            D(2024, 1, 1),
            D(2026, 12, 31),
            "Leksands kommun, Arbetsförmedlingen och Region Dalarna om etableringen av nyanlända i Leksand.",
        ),
        (
            "lok-rattvik-2025-2027",
            "LÖK Rättvik 2025–2027",
            ["Rättvik"],
            D(2025, 1, 1),
            D(2027, 12, 31),
            "Rättviks kommun, Arbetsförmedlingen och Region Dalarna om etableringen av nyanlända i Rättvik.",
        ),
    ]:
        municipality = municipalities(*names)
        ctx.ensure_page(
            index,
            AgreementPage,
            slug,
            title=title,
            summary=summary,
            kind=Kind.LOCAL,
            municipalities=municipality,
            valid_from=start,
            valid_to=end,
            adopted_by="Lokala samverkansgruppen",
            parties=[
                AgreementParty(
                    name=f"{municipality[0].name} kommun",
                    kind=Party.MUNICIPALITY,
                    municipality=municipality[0],
                ),
                AgreementParty(name="Arbetsförmedlingen (samordnande)", kind=Party.AGENCY),
                AgreementParty(name="Region Dalarna", kind=Party.REGION),
                AgreementParty(name="VIA-förvaltningens integrationsenhet", kind=Party.OTHER),
                AgreementParty(name="Leksand-Rättviks flyktingvänner", kind=Party.CIVIL_SOCIETY),
            ],
            action_items=[
                ActionPlanItem(
                    goal="Yrkesinriktad SFI för personer från Ukraina",
                    responsible="Vuxenutbildningen Leksand-Rättvik",
                    due_date=D(2025, 6, 30),
                    progress=Progress.DONE,
                ),
                ActionPlanItem(
                    goal="Gemensam rutin för mottagande vid ankomst",
                    responsible="Integrationsenheten",
                    due_date=D(2026, 3, 31),
                    progress=Progress.IN_PROGRESS,
                ),
            ],
            body=body_stream(
                "Integrationsenheten inom VIA-förvaltningen tar emot de som anvisas till Leksand "
                "och Rättvik. Kommunerna och regionen delar ansvaret för bostad, skola, vård och "
                "annat stöd under etableringstiden."
            ),
        )
    ctx.ensure_page(
        index,
        AgreementPage,
        "lok-ronneby-2020-2022",
        title="LÖK Ronneby 2020–2022",
        summary="En tidigare lokal överenskommelse i Ronneby om språk och arbete.",
        kind=Kind.LOCAL,
        municipalities=municipalities("Ronneby"),
        valid_from=D(2020, 1, 1),
        valid_to=D(2022, 12, 31),
        adopted_by="Kommunstyrelsen i Ronneby",
    )
    ctx.ensure_page(
        index,
        AgreementPage,
        "lok-karlskrona-2027-2028",
        title="LÖK Karlskrona 2027–2028",
        summary="En kommande lokal överenskommelse i Karlskrona om vägar till arbete.",
        kind=Kind.LOCAL,
        municipalities=municipalities("Karlskrona"),
        valid_from=D(2027, 1, 1),
        valid_to=D(2028, 12, 31),
        adopted_by="Kommunstyrelsen i Karlskrona",
        adopted_on=D(2026, 10, 14),
    )
    ctx.ensure_page(
        index,
        AgreementPage,
        "rok-varmland-2027-2029",
        title="RÖK Värmland 2027–2029",
        summary="Värmlands nästa regionala överenskommelse, antagen och giltig från årsskiftet.",
        kind=Kind.REGIONAL,
        county=varmland,
        valid_from=D(2027, 1, 1),
        valid_to=D(2029, 12, 31),
        adopted_by="Värmlands integrationsråd",
        adopted_on=D(2026, 9, 30),
        adopted_at="Karlstad",
    )
    return index, rok_dalarna


CHAPTERS = [
    (
        "chapter",
        "Varför lokal samverkan?",
        [
            "Nyanlända möter många aktörer under sina första år: kommunen, Arbetsförmedlingen, "
            "Försäkringskassan, regionen och ofta föreningar. När aktörerna planerar tillsammans "
            "blir vägen till arbete och utbildning kortare och mer begriplig.",
            "Metodstödet beskriver hur en lokal överenskommelse kan tas fram, följas upp och "
            "förnyas, och vad som brukar skilja en levande samverkan från en som bara finns på papper.",
        ],
        [
            "Vilka aktörer möter de nyanlända i vår kommun under det första året?",
            "Var uppstår glapp mellan aktörernas insatser i dag?",
        ],
    ),
    (
        "chapter",
        "En gemensam strategisk inriktning",
        [
            "Ett nytt kapitel i 2017 års version handlar om hur parterna kan enas om några få "
            "gemensamma mål. En tydlig inriktning gör det lättare att prioritera när resurserna "
            "är små och behoven förändras.",
        ],
        [
            "Vilka två eller tre mål vill alla parter stå bakom?",
            "Hur vet vi om vi har kommit närmare målen om ett år?",
        ],
    ),
    (
        "chapter",
        "Att följa upp och förnya överenskommelsen",
        [
            "Uppföljning behöver inte vara tung. Återkommande möten med en enkel handlingsplan, där "
            "varje åtgärd har en ansvarig och ett datum, räcker långt.",
            "Samma arbetssätt kan användas i andra samverkansuppdrag, till exempel "
            "DUA-överenskommelser för unga och nyanlända.",
        ],
        ["Vem ansvarar för att kalla till uppföljning, och hur ofta?"],
    ),
    (
        "appendix",
        "Jämställdhet i lokal samverkan",
        [
            "Kvinnor och män får inte alltid samma stöd. Bilagan ger tips på hur parterna kan "
            "bryta ned uppföljningen på kön, se över vilka insatser som erbjuds vem och planera "
            "barnomsorg och tider så att alla kan delta.",
        ],
        ["Följer vi upp våra insatser uppdelat på kvinnor och män?"],
    ),
]


def load_method_support(ctx):
    index = ctx.ensure_page(
        ctx.home,
        MethodSupportIndexPage,
        "metodstod",
        title="Metodstöd",
        show_in_menus=True,
        summary="Stödmaterial för samverkan kring nyanländas etablering.",
        intro="Vägledningar som myndigheterna har tagit fram tillsammans för lokal och regional samverkan.",
    )
    pdf = ctx.ensure_document(
        "Metodstöd för samverkan 2017",
        "metodstod-for-samverkan-2017.pdf",
        make_pdf(
            "Metodstöd för samverkan 2017 (demo)",
            [
                part
                for _kind, title, texts, _questions in CHAPTERS
                for part in (("h", title), *texts)
            ],
            subject="Metodstöd",
        ),
    )
    chapters = json.dumps(
        [
            {
                "type": kind,
                "value": {
                    "title": title,
                    "anchor": "",
                    "body": [{"type": "paragraph", "value": rich(t)} for t in texts],
                    "questions": {"heading": "Reflekterande frågor", "questions": questions},
                },
            }
            for kind, title, texts, questions in CHAPTERS
        ]
    )
    ctx.ensure_page(
        index,
        MethodSupportPage,
        "metodstod-for-samverkan-2017",
        title="Metodstöd för samverkan 2017",
        summary=(
            "Reviderat stöd för lokal samverkan kring nyanländas etablering, med reflekterande "
            "frågor efter varje kapitel och en bilaga om jämställdhet."
        ),
        publication_year=2017,
        publishers="Arbetsförmedlingen\nFörsäkringskassan\nLänsstyrelserna\nMigrationsverket\n"
        "Sveriges Kommuner och Landsting",
        pdf=pdf,
        chapters=chapters,
    )


def load_projects(ctx):
    index = ctx.ensure_page(
        ctx.home,
        ProjectIndexPage,
        "projekt",
        title="Projekt",
        show_in_menus=True,
        summary="Samverkansprojekt om mottagande och etablering.",
        intro="Tidsbegränsade projekt där län, kommuner och civilsamhälle prövar nya arbetssätt.",
    )
    dalarna = County.objects.get(code="20")
    varmland = County.objects.get(code="17")
    groups = {g.slug: g for g in TargetGroup.objects.all()}
    ctx.ensure_page(
        index,
        ProjectPage,
        "tillsammans-for-ett-effektivare-mottagande",
        title="Tillsammans för ett effektivare mottagande",
        summary=(
            "Ett motståndskraftigt mottagande i Dalarnas mindre kommuner genom tidiga insatser och "
            "bred samverkan med civilsamhället."
        ),
        project_owner="Länsstyrelsen i Dalarnas län",
        partners="Vansbro kommun\nSäters kommun\nSmedjebackens kommun\nFalun-Borlänge regionen",
        counties=[dalarna],
        pilot_municipalities=municipalities("Vansbro", "Säter", "Smedjebacken"),
        starts_on=D(2024, 1, 1),
        ends_on=D(2027, 12, 31),
        period_note=(
            "Länsstyrelsen anger att projektet pågår till 31 december 2027; Smedjebackens kommuns "
            "nyhet om projektstarten angav 31 december 2026."
        ),
        funding="Medfinansieras av Europeiska unionen",
        target_groups=[
            groups[s]
            for s in (
                "asylsokande",
                "skyddsbehovande-ukraina",
                "kvotflyktingar",
                "abo-flyktingar",
                "offentliganstallda",
                "frivilliga",
            )
            if s in groups
        ],
        activities=(
            "<ul><li>Kurser i digital kompetens och kunskap om arbetsmarknaden</li>"
            "<li>Språkträning och hälsofrämjande aktiviteter</li>"
            "<li>Utbildning av flyktingguider som ger social trygghet</li>"
            "<li>Kompetenshöjande insatser för offentliganställda och frivilliga</li></ul>"
        ),
        body=body_stream(
            "Små kommuner har ofta knappa resurser, och lagstadgade uppgifter går före förebyggande "
            "arbete. Antalet nyanlända varierar dessutom från år till år och avstånden i länet är "
            "stora. Projektet ska ge bättre beredskap för sådana svängningar och en samverkan som "
            "håller efter projekttiden.",
            "Civilsamhället är en stor tillgång men saknar ibland resurser. Projektet stöttar "
            "föreningarna så att deras engagemang kan tas till vara bättre.",
        ),
        contact_name="Projektledningen, Länsstyrelsen Dalarna",
        contact_email="tillsammans@example.se",
    )
    ctx.ensure_page(
        index,
        ProjectPage,
        "yrkesvag",
        title="Yrkesväg",
        summary=(
            "En utbildningsmodell som varvar samhälle, arbetsliv och yrke och som kortar vägen "
            "till jobb för utrikes födda kvinnor och män."
        ),
        project_owner="Länsstyrelsen Värmland",
        partners="Länsstyrelsen Dalarna\nKommuner i Värmland och Dalarna\nArbetsförmedlingen",
        counties=[varmland, dalarna],
        starts_on=D(2022, 11, 1),
        ends_on=D(2026, 6, 30),
        funding="EU:s asyl-, migrations- och integrationsfond (AMIF)",
        target_groups=[groups[s] for s in ("kvotflyktingar", "abo-flyktingar") if s in groups],
        activities=(
            "<ul><li>Yrkesutbildningar anpassade efter målgruppen</li>"
            "<li>Spridning av modellen till fler kommuner</li></ul>"
        ),
        body=body_stream(
            "Yrkesväg bygger vidare på Yrkesväg Värmland, där modellen först prövades och hjälpte "
            "hundratals deltagare närmare arbete."
        ),
        contact_name="Projektet Yrkesväg",
        contact_email="yrkesvag@example.se",
    )


LEKSAND_RATTVIK_2024 = {
    ("Leksand", SettlementQuota.Group.QUOTA_REFUGEES): 9,
    ("Leksand", SettlementQuota.Group.UKRAINE): 11,
    ("Rättvik", SettlementQuota.Group.QUOTA_REFUGEES): 7,
    ("Rättvik", SettlementQuota.Group.UKRAINE): 10,
}
SPLIT_NOTE = (
    "Leksand och Rättvik har tillsammans 16 kvotflyktingar och 21 skyddsbehövande från Ukraina "
    "2024; fördelningen mellan kommunerna är uppskattad utifrån kommunernas storlek."
)
DEMO_NOTE = "Påhittade siffror för demonstration."


def demo_number(code, year, group):
    seed = int(code) * 31 + year * 7 + (0 if group == SettlementQuota.Group.QUOTA_REFUGEES else 13)
    return 3 + seed % 19


def load_quotas(ctx):
    ctx.ensure_page(
        ctx.home,
        SettlementQuotaPage,
        "kommuntal",
        title="Kommuntal",
        show_in_menus=True,
        summary="Hur många nyanlända varje kommun ska ta emot efter anvisning, per år.",
        intro=(
            "Länsstyrelsen beslutar varje år hur många nyanlända varje kommun ska ta emot efter "
            "anvisning. Beslutet utgår från regeringens länstal och väger in kommunens storlek, "
            "arbetsmarknad, tidigare mottagande och antalet asylsökande som redan bor där."
        ),
    )
    existing = set(SettlementQuota.objects.values_list("year", "municipality_id", "group"))
    new = []
    groups = [SettlementQuota.Group.QUOTA_REFUGEES, SettlementQuota.Group.UKRAINE]
    for municipality in Municipality.objects.filter(county__code__in=["10", "20"]):
        for year in (2023, 2024, 2025, 2026):
            for group in groups:
                if (year, municipality.id, group) in existing:
                    continue
                sourced = (
                    LEKSAND_RATTVIK_2024.get((municipality.name, group)) if year == 2024 else None
                )
                new.append(
                    SettlementQuota(
                        year=year,
                        municipality=municipality,
                        group=group,
                        number=sourced
                        if sourced is not None
                        else demo_number(municipality.code, year, group),
                        is_demo=sourced is None,
                        note=SPLIT_NOTE if sourced is not None else DEMO_NOTE,
                    )
                )
    SettlementQuota.objects.bulk_create(new)
    ctx.created += len(new)


def ensure_root_collection():
    """Documents need Wagtail's root collection; a flushed test database has lost it."""
    from wagtail.models import Collection

    if not Collection.objects.exists():
        Collection.add_root(name="Root")


def load_county_board_contacts(ctx):
    """Contact details the county pages show for Dalarna and Blekinge (shared functions)."""
    from portal.models import CountyBoardContact

    for code, name, unit, email, phone in [
        (
            "10",
            "Länsstyrelsen Blekinge",
            "Enheten för integration och mottagande",
            "blekinge@lansstyrelsen.se",
            "010-224 00 00",
        ),
        (
            "20",
            "Länsstyrelsen Dalarna",
            "Integrationsenheten",
            "dalarna@lansstyrelsen.se",
            "010-225 00 00",
        ),
    ]:
        _contact, created = CountyBoardContact.objects.get_or_create(
            county=County.objects.get(code=code),
            defaults={"name": name, "unit": unit, "email": email, "phone": phone},
        )
        ctx.created += int(created)


def load(ctx):
    ensure_root_collection()
    load_agreements(ctx)
    load_method_support(ctx)
    load_projects(ctx)
    load_quotas(ctx)
    load_county_board_contacts(ctx)
    ctx.log("Agreements, method support, projects and settlement quotas loaded.")
