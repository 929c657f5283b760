"""The design system's rules, checked on the rendered HTML of one page of every kind."""

import re
from html.parser import HTMLParser

from django.test import Client

import pytest

pytestmark = pytest.mark.django_db

LIST_PAGES = {
    "agreements": "/overenskommelser/",
    "organisations": "/foreningar/",
    "activities": "/foreningar/aktiviteter/",
    "calendar": "/kalender/",
    "search": "/sok/?q=samverkan",
}


class Node:
    def __init__(self, tag, attrs, parent):
        self.tag = tag
        self.attrs = {k: "" if v is None else v for k, v in attrs}
        self.parent = parent
        self.children = []
        self.text = []

    def ancestors(self):
        node = self.parent
        while node is not None:
            yield node
            node = node.parent

    def lang(self):
        for node in [self, *self.ancestors()]:
            if "lang" in node.attrs:
                return node.attrs["lang"]
        return None

    def all_text(self):
        return "".join(self.text) + "".join(child.all_text() for child in self.children)


VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}  # fmt: skip


class Tree(HTMLParser):
    """A forgiving DOM: enough to ask about ancestors, attributes and text."""

    def __init__(self, html):
        super().__init__(convert_charrefs=True)
        self.root = Node("#root", {}, None)
        self.current = self.root
        self.nodes = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        node = Node(tag, attrs, self.current)
        self.current.children.append(node)
        self.nodes.append(node)
        if tag not in VOID:
            self.current = node

    def handle_startendtag(self, tag, attrs):
        node = Node(tag, attrs, self.current)
        self.current.children.append(node)
        self.nodes.append(node)

    def handle_endtag(self, tag):
        node = self.current
        while node is not self.root and node.tag != tag:
            node = node.parent
        if node is not self.root:
            self.current = node.parent

    def handle_data(self, data):
        self.current.text.append(data)

    def find_all(self, tag=None, **attrs):
        return [
            n
            for n in self.nodes
            if (tag is None or n.tag == tag)
            and all(n.attrs.get(k.replace("_", "-")) == v for k, v in attrs.items())
        ]

    def ids(self):
        return {n.attrs["id"] for n in self.nodes if "id" in n.attrs}


def get(client, url, **kwargs):
    response = client.get(url, **kwargs)
    assert response.status_code == 200, url
    return response, Tree(response.content.decode())


def english_client():
    client = Client()
    client.cookies["django_language"] = "en"
    return client


def title_of(tree):
    return tree.find_all("title")[0].all_text().strip()


# 1. Tables: a keyboard-reachable, named scroll region around every table.

TABLE_PAGES = [
    "/overenskommelser/rok-blekinge-2019-2021/",
    "/kommuntal/",
    "/kommuntal/kommun/leksand/",
    "/kalender/manad/",
]


@pytest.mark.parametrize("url", TABLE_PAGES)
def test_every_table_sits_in_a_focusable_named_region(client, site, url):
    response = client.get(url, follow=True)
    assert response.status_code == 200
    tree = Tree(response.content.decode())
    tables = tree.find_all("table")
    assert tables, url
    for table in tables:
        region = table.parent
        assert region.attrs.get("role") == "region", url
        assert region.attrs.get("tabindex") == "0", url
        assert region.attrs.get("aria-label"), url


def test_no_template_wraps_a_table_by_hand():
    """One implementation: the {% scroll_region %} tag, never a hand-made wrapper."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[2] / "templates"
    offenders = []
    for path in root.rglob("*.html"):
        if "/admin/" in str(path) or "/email/" in str(path):
            continue
        text = path.read_text()
        if "<table" in text and "scroll_region" not in text:
            offenders.append(str(path.relative_to(root)))
    assert offenders == []


# 2. Valid HTML on the account pages; aria-describedby points at what exists.


def test_password_rules_are_a_list_referenced_by_the_field(client, site):
    response, tree = get(client, "/konto/signup/")
    html = response.content.decode()
    assert not re.search(r"<span[^>]*>\s*<ul", html), "a list inside a span"
    password = tree.find_all("input", name="password1")[0]
    described = password.attrs.get("aria-describedby", "").split()
    assert described
    help_node = next(n for n in tree.nodes if n.attrs.get("id") == described[0])
    assert help_node.tag == "div"
    assert any(child.tag == "ul" for child in help_node.children)
    assert not any(a.tag == "p" for a in help_node.ancestors())


DESCRIBED_PAGES = [
    "/",
    "/konto/login/",
    "/konto/signup/",
    "/overenskommelser/",
    "/foreningar/",
    "/kalender/",
    "/kalender/?fran=inte-ett-datum&till=2020-13-45",
    "/sok/?q=samverkan",
]


@pytest.mark.parametrize("url", DESCRIBED_PAGES)
def test_aria_describedby_points_at_existing_ids(client, site, url):
    _, tree = get(client, url)
    ids = tree.ids()
    for node in tree.nodes:
        for ref in node.attrs.get("aria-describedby", "").split():
            assert ref in ids, (url, node.tag, ref)
        for ref in node.attrs.get("aria-labelledby", "").split():
            assert ref in ids, (url, node.tag, ref)


def test_sign_up_with_errors_is_described(client, site):
    response = client.post("/konto/signup/", {"email": "inte-en-adress", "password1": "x"})
    tree = Tree(response.content.decode())
    ids = tree.ids()
    email = tree.find_all("input", name="email")[0]
    refs = email.attrs.get("aria-describedby", "").split()
    assert refs and all(ref in ids for ref in refs)
    assert email.attrs.get("aria-invalid") == "true"


# 3. English mode: Swedish content is marked lang="sv".

SWEDISH_CONTENT = [
    ("/", "h1"),
    ("/om-portalen/", "h1"),
    ("/overenskommelser/", "h1"),
    ("/overenskommelser/rok-dalarna-2024-2027/", "h1"),
    ("/kalender/", "h1"),
]


@pytest.mark.parametrize(("url", "tag"), SWEDISH_CONTENT)
def test_swedish_content_is_marked_in_english_mode(site, url, tag):
    response, tree = get(english_client(), url)
    assert tree.find_all("html")[0].attrs["lang"] == "en"
    for node in tree.find_all(tag):
        assert node.lang() == "sv", (url, node.all_text())


def test_swedish_list_items_are_marked_in_english_mode(site):
    for url in ["/overenskommelser/", "/foreningar/", "/sok/?q=samverkan"]:
        _, tree = get(english_client(), url)
        titles = [n for n in tree.find_all("h3") if n.parent.attrs.get("class") == "card"]
        assert titles, url
        assert all(t.lang() == "sv" for t in titles), url


def test_swedish_mode_has_no_redundant_lang(client, site):
    response, _ = get(client, "/overenskommelser/")
    assert ' lang="sv"' not in response.content.decode().split("<html", 1)[1].split(">", 1)[1]


# 4. Forms: error summary, "Fel: " title, autocomplete.


def test_error_title_and_summary(client, site):
    response = client.post("/konto/login/", {"login": "", "password": ""})
    tree = Tree(response.content.decode())
    assert title_of(tree).startswith("Fel: ")
    summary = tree.find_all("div", id="error-summary")
    assert summary
    assert summary[0].attrs.get("tabindex") == "-1"
    assert "data-error-summary" in summary[0].attrs
    assert summary[0].parent.tag == "form"


def test_no_error_title_without_errors(client, site):
    _, tree = get(client, "/konto/login/")
    assert not title_of(tree).startswith("Fel")


def test_focus_script_is_loaded_everywhere(client, site):
    response, tree = get(client, "/")
    assert any(s.attrs.get("src", "").endswith("js/site.js") for s in tree.find_all("script"))


@pytest.mark.parametrize(
    ("url", "field", "token"),
    [
        ("/konto/signup/", "email", "email"),
        ("/konto/signup/", "password1", "new-password"),
        ("/konto/login/", "login", "email"),
        ("/konto/password/reset/", "email", "email"),
    ],
)
def test_personal_fields_have_autocomplete(client, site, url, field, token):
    _, tree = get(client, url)
    node = tree.find_all("input", name=field)[0]
    assert node.attrs.get("autocomplete") == token


def test_event_signup_fields_have_autocomplete(client, site):
    from events.models import EventPage

    for event in EventPage.objects.live():
        _, tree = get(client, event.url)
        inputs = {n.attrs.get("name"): n for n in tree.find_all("input")}
        if "email" in inputs:
            assert inputs["email"].attrs.get("autocomplete") == "email"
            if "name" in inputs:
                assert inputs["name"].attrs.get("autocomplete") == "name"
            for name in ("organisation", "employer", "organization"):
                if name in inputs:
                    assert inputs[name].attrs.get("autocomplete") == "organization"
            return
    pytest.skip("no demo event with an open sign-up form")


def test_form_field_filter_sets_autocomplete_by_name():
    from django import forms
    from django.template import Context, Template

    class ContactForm(forms.Form):
        name = forms.CharField(help_text="Hint")
        email = forms.EmailField()
        employer = forms.CharField()
        phone = forms.CharField()

    html = Template('{% include "includes/form_fields.html" %}').render(
        Context({"form": ContactForm()})
    )
    assert 'autocomplete="name"' in html
    assert 'autocomplete="email"' in html
    assert 'autocomplete="organization"' in html
    assert 'autocomplete="tel"' in html
    assert 'aria-describedby="id_name_helptext"' in html and 'id="id_name_helptext"' in html


# 6. Wording: log in / sign up, breadcrumbs, e-mail.


def test_login_page_wording(client, site):
    response, tree = get(client, "/konto/login/")
    html = response.content.decode()
    assert "Har du inget konto?" in html
    assert "Skapa ett" in html
    assert "Har du redan ett konto? Då kan du" not in html
    assert "E-postadress" in html
    assert "Epost" not in html


def test_signup_page_wording(client, site):
    response, _ = get(client, "/konto/signup/")
    html = response.content.decode()
    assert "Har du redan ett konto?" in html
    assert "Epost" not in html


def test_anonymous_navigation_offers_log_in_and_sign_up(client, site):
    _, tree = get(client, "/")
    nav = tree.find_all("nav", id="site-nav")[0]
    links = [a.all_text().strip() for a in tree.find_all("a") if nav in a.ancestors()]
    assert "Logga in" in links
    assert "Skapa konto" in links


def test_breadcrumbs_have_one_name(client, site):
    from partners.models import Organisation

    organisation = Organisation.objects.public().first()
    urls = ["/overenskommelser/rok-dalarna-2024-2027/", "/kommuntal/kommun/leksand/"]
    if organisation:
        urls.append(organisation.get_absolute_url())
    for url in urls:
        response = client.get(url, follow=True)
        tree = Tree(response.content.decode())
        crumbs = [n for n in tree.find_all("nav") if "breadcrumbs" in n.attrs.get("class", "")]
        assert crumbs, url
        assert {n.attrs.get("aria-label") for n in crumbs} == {"Du är här"}, url


# 7. One filter component.


@pytest.mark.parametrize("name", LIST_PAGES)
def test_every_list_uses_the_one_filter_component(client, site, name):
    response = client.get(LIST_PAGES[name])
    assert response.status_code == 200
    used = {t.name for t in response.templates}
    assert "includes/filter_form.html" in used, name
    tree = Tree(response.content.decode())
    forms = tree.find_all("form", data_filter_form="")
    assert len(forms) == 1, name
    buttons = [b.all_text().strip() for b in tree.find_all("button") if forms[0] in b.ancestors()]
    assert buttons == ["Filtrera"], name


def test_clear_filters_link_has_one_wording(client, site):
    for url in [
        "/overenskommelser/?typ=lok",
        "/foreningar/?lan=blekinge",
        "/kalender/?lan=blekinge",
    ]:
        response = client.get(url)
        assert response.status_code == 200
        tree = Tree(response.content.decode())
        form = tree.find_all("form", data_filter_form="")[0]
        links = [a.all_text().strip() for a in tree.find_all("a") if form in a.ancestors()]
        assert "Rensa filter" in links, url


def test_search_shows_no_timing(client, site):
    response, _ = get(client, "/sok/?q=samverkan")
    assert not re.search(r"\(\d+ ms\)", response.content.decode())


def test_tabs_share_one_style(client, site):
    for url in ["/foreningar/", "/kalender/"]:
        _, tree = get(client, url)
        assert [n for n in tree.find_all("nav") if "tabs" in n.attrs.get("class", "").split()], url


def test_home_sections_are_cards(client, site):
    _, tree = get(client, "/")
    container = [n for n in tree.nodes if n.attrs.get("class") == "home-sections"][0]
    sections = [c for c in container.children if c.tag == "section"]
    assert len(sections) >= 3
    assert all("card--section" in s.attrs.get("class", "").split() for s in sections)


# 8. Header: sender identity and a menu button.


def test_header_has_sender_identity_and_menu_button(client, site):
    response, tree = get(client, "/")
    html = response.content.decode()
    assert "Länsstyrelserna i samverkan" in html
    toggle = tree.find_all("button", data_menu_toggle="")[0]
    assert toggle.attrs.get("aria-controls") == "site-nav"
    assert toggle.attrs.get("aria-expanded") == "false"
