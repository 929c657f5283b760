"""Demo content for the site core, and the helpers every app's ``demo.py`` uses.

Each app's ``demo.load(ctx)`` must be idempotent: look things up by a natural key (a slug,
a code, an e-mail) and create only what is missing, so a second run changes nothing.
"""

import datetime

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.utils.crypto import salted_hmac

from wagtail.documents import get_document_model
from wagtail.models import Page, Site
from wagtail.rich_text import RichText

from .models import AccessibilityStatementPage, HomePage, SiteChrome, StandardPage
from .reference_data import ensure_site_basics


class DemoContext:
    """What the loaders share: the home page, a log, and the logins to print at the end."""

    def __init__(self, stdout, style):
        self.stdout = stdout
        self.style = style
        self.home = None
        self.credentials = []
        self.created = 0

    def log(self, message):
        self.stdout.write(message)

    def password_for(self, username):
        """A local demo password derived from SECRET_KEY: the same on every run, never stored
        in the repository."""
        return "Demo-" + salted_hmac("demo-password", username).hexdigest()[:12]

    def ensure_user(
        self, email, *, role, is_staff=False, is_superuser=False, first_name="", last_name=""
    ):
        """A demo user with a verified e-mail address (so allauth lets them log in)."""
        from allauth.account.models import EmailAddress

        User = get_user_model()
        password = self.password_for(email)
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            user = User(
                username=email.split("@")[0],
                email=email,
                is_staff=is_staff,
                is_superuser=is_superuser,
                first_name=first_name,
                last_name=last_name,
            )
            user.set_password(password)
            user.save()
            self.created += 1
        elif not user.check_password(password):
            user.set_password(password)
            user.save(update_fields=["password"])
        EmailAddress.objects.get_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        self.credentials.append((role, email, password))
        return user

    def ensure_page(self, parent, model, slug, **fields):
        """The live child of ``parent`` with ``slug``, created and published if missing."""
        existing = parent.get_children().filter(slug=slug).first()
        if existing is not None:
            return existing.specific
        page = model(slug=slug, **fields)
        parent.add_child(instance=page)
        page.save_revision().publish()
        self.created += 1
        return page

    def ensure_document(self, title, filename, content, collection=None):
        """A Wagtail document found by title, uploaded from bytes if missing."""
        Document = get_document_model()
        document = Document.objects.filter(title=title).first()
        if document is None:
            document = Document(title=title)
            if collection is not None:
                document.collection = collection
            document.file.save(filename, ContentFile(content), save=False)
            document.file_size = len(content)
            document.save()
            self.created += 1
        return document


def paragraphs(*texts):
    """Stream data for a body made of plain paragraphs and ``("h2", text)`` headings."""
    data = []
    for text in texts:
        if isinstance(text, tuple):
            data.append(("heading", {"text": text[1], "level": text[0]}))
        else:
            data.append(("paragraph", f"<p>{text}</p>"))
    return [(kind, RichText(value) if kind == "paragraph" else value) for kind, value in data]


def load(ctx):
    ensure_site_basics()
    root = Page.get_first_root_node()
    home = HomePage.objects.first()
    if home is None:
        home = HomePage(
            title="Samverkan för ett bättre mottagande",
            slug="start",
            summary="Överenskommelser, metodstöd, kommuntal, föreningar och utbildningar om mottagandet av nyanlända – samlat på ett ställe.",
            intro=(
                "Länsstyrelserna, kommunerna, Migrationsverket, Arbetsförmedlingen, regionerna och "
                "civilsamhället delar ansvaret för att nyanlända ska komma in i arbetsliv och samhälle. "
                "Här hittar du de regionala och lokala överenskommelserna, stödmaterial för samverkan, "
                "årets kommuntal, föreningar som gör skillnad och kompetenshöjande insatser nära dig."
            ),
            body=paragraphs(
                ("h2", "Så fungerar mottagandet"),
                "Alla kommuner är skyldiga att ta emot nyanlända som Migrationsverket anvisar. Det gäller "
                "kvotflyktingar som UNHCR har valt ut och personer med uppehållstillstånd som bor på "
                "Migrationsverkets anläggningsboenden. Hur många varje kommun ska ta emot under ett år – "
                "kommuntalet – beslutar länsstyrelsen utifrån det länstal som regeringen har fastställt.",
                "När länsstyrelsen fördelar länstalet vägs kommunens storlek och arbetsmarknad in, liksom "
                "hur många nyanlända och ensamkommande barn kommunen redan har tagit emot och hur många "
                "asylsökande som bor där.",
                ("h2", "Samverkan gör skillnad"),
                "Ingen aktör klarar uppdraget ensam. Genom regionala överenskommelser (RÖK) och lokala "
                "överenskommelser (LÖK) bestämmer kommuner, myndigheter, regionen och den idéburna "
                "sektorn vem som gör vad, och följer upp det i en gemensam handlingsplan.",
            ),
        )
        root.add_child(instance=home)
        home.save_revision().publish()
        ctx.created += 1
    ctx.home = home

    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(
            hostname="localhost",
            port=80,
            root_page=home,
            is_default_site=True,
            site_name="Samverkansportalen",
        )
    elif site.root_page_id != home.id:
        old_root = site.root_page
        site.root_page = home
        site.site_name = "Samverkansportalen"
        site.save()
        if old_root.specific_class is Page and old_root.slug == "home":
            old_root.delete()

    ctx.ensure_page(
        home,
        StandardPage,
        "om-portalen",
        title="Om portalen",
        show_in_menus=True,
        summary="Vilka som står bakom Samverkansportalen och vad du kan göra här.",
        body=paragraphs(
            "Samverkansportalen samlar det som länsstyrelserna och deras samverkansparter publicerar om "
            "mottagande och etablering av nyanlända: överenskommelser med parter och handlingsplaner, "
            "metodstöd, projekt och kommuntal.",
            "Föreningar, trossamfund och studieförbund kan registrera sig och berätta om sina "
            "verksamheter, till exempel språkcaféer, flyktingguider och läxhjälp. Länsstyrelsen "
            "granskar varje organisation innan den visas.",
            "Offentliganställda och frivilliga hittar kompetenshöjande insatser i kalendern, anmäler "
            "sig direkt och kan prenumerera på kalendern i sitt eget kalenderprogram.",
        ),
    )
    privacy = ctx.ensure_page(
        home,
        StandardPage,
        "personuppgifter",
        title="Personuppgifter och integritet",
        summary="Hur vi behandlar dina personuppgifter och vilka rättigheter du har.",
        show_in_menus=False,
        body=paragraphs(
            ("h2", "Vilka uppgifter vi behandlar"),
            "När du skapar ett konto sparar vi din e-postadress och ett krypterat lösenord. När du "
            "anmäler dig till en utbildning sparar vi namn, e-post, arbetsgivare eller organisation, "
            "kommun och eventuella behov som du själv skriver in.",
            "Kontaktpersoners personliga e-post och telefonnummer visas aldrig publikt. En organisation "
            "väljer själv om dess gemensamma e-postadress och telefonnummer ska synas.",
            ("h2", "Hur länge vi sparar dem"),
            "Anmälningar till utbildningar avidentifieras 90 dagar efter att utbildningen har ägt rum. "
            "Ditt konto finns kvar tills du själv tar bort det.",
            ("h2", "Dina rättigheter"),
            "Under Mina sidor kan du ladda ned allt som portalen har sparat om dig och ta bort ditt "
            "konto. Du har rätt att begära rättelse och att klaga hos Integritetsskyddsmyndigheten (IMY).",
            ("h2", "Personuppgiftsansvarig"),
            "Länsstyrelsen som förvaltar portalen är personuppgiftsansvarig. Kontakta oss på "
            "samverkansportalen@example.se om du har frågor om hur vi behandlar dina uppgifter.",
        ),
    )
    accessibility = ctx.ensure_page(
        home,
        AccessibilityStatementPage,
        "tillganglighet",
        title="Tillgänglighetsredogörelse",
        show_in_menus=False,
        summary="Hur tillgänglig Samverkansportalen är och hur du rapporterar brister.",
        compliance=AccessibilityStatementPage.Compliance.PARTIAL,
        introduction=(
            "<p>Länsstyrelsen står bakom den här webbplatsen. Vi vill att så många som möjligt ska "
            "kunna använda den, oavsett förutsättningar. Här beskriver vi hur portalen uppfyller lagen "
            "om tillgänglighet till digital offentlig service, kända problem och hur du kan rapportera "
            "brister till oss.</p>"
        ),
        known_issues=(
            "<ul><li>Vissa äldre PDF-dokument, till exempel beslut och handlingsplaner, är inte "
            "fullt tillgängliga för skärmläsare. Kontakta oss om du behöver innehållet i ett annat format.</li>"
            "<li>Diagram över kommuntal visas också som tabell; äldre diagram kan sakna textalternativ.</li></ul>"
        ),
        report_email="tillganglighet@example.se",
        report_phone="010-000 00 00",
        assessment_method=(
            "Vi har gjort en självskattning med automatiska tester (axe-core) i en webbläsare och "
            "manuell granskning med tangentbord och skärmläsare."
        ),
        last_reviewed=datetime.date(2026, 11, 1),
    )
    chrome = SiteChrome.for_site(Site.objects.get(is_default_site=True))
    wanted = {
        "accessibility_page_id": accessibility.id,
        "privacy_page_id": privacy.id,
        "contact_email": "samverkansportalen@example.se",
    }
    if any(getattr(chrome, key) != value for key, value in wanted.items()):
        for key, value in wanted.items():
            setattr(chrome, key, value)
        chrome.save()

    ctx.ensure_user(
        "admin@samverkansportalen.example",
        role="Staff (Wagtail admin, superuser)",
        is_staff=True,
        is_superuser=True,
        first_name="Anna",
        last_name="Administratör",
    )


def finish(ctx):
    """After every app has loaded: put "Om portalen" last in the main menu."""
    about = ctx.home.get_children().filter(slug="om-portalen").first()
    last = ctx.home.get_children().last()
    if about is not None and last is not None and about.pk != last.pk:
        about.move(ctx.home, pos="last-child")
