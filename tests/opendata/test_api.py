"""The API contract: every endpoint, its filters, pagination, junk input, caching headers,
CORS and rate limiting, as a client of the API sees them."""

import pytest

from portal.opendata.api import api

pytestmark = pytest.mark.django_db

LISTS = [
    "/api/v1/overenskommelser/",
    "/api/v1/kommuntal/",
    "/api/v1/organisationer/",
    "/api/v1/aktiviteter/",
    "/api/v1/evenemang/",
    "/api/v1/lan/",
    "/api/v1/kommuner/",
    "/api/v1/sok/?q=leksand",
]


def titles(response, key="title"):
    assert response.status_code == 200, response.content
    return [row[key] for row in response.json()["results"]]


@pytest.mark.parametrize("url", LISTS)
def test_every_list_answers_with_the_same_envelope(client, content, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    data = response.json()
    assert set(data) >= {"count", "page", "pages", "per_page", "next", "previous", "results"}
    assert data["page"] == 1


def test_index_lists_every_endpoint(client, content):
    data = client.get("/api/v1/").json()
    for url in LISTS:
        assert any(url.split("?")[0] in link for link in data["endpoints"].values())
    assert "zero" in data["licence"]


def test_schema_describes_every_endpoint(client):
    response = client.get("/api/v1/schema/")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    paths = schema["paths"]
    for url in LISTS:
        assert url.split("?")[0] in paths
    parameters = {p["name"] for p in paths["/api/v1/overenskommelser/"]["get"]["parameters"]}
    assert {"lan", "kommun", "typ", "status", "ar", "sida"} <= parameters
    assert {"fran", "till", "form"} <= {
        p["name"] for p in paths["/api/v1/evenemang/"]["get"]["parameters"]
    }
    assert len(api.get_openapi_schema()["paths"]) == len(paths)


def test_agreements_show_only_public_pages_with_their_details(client, content):
    data = client.get("/api/v1/overenskommelser/").json()
    assert {r["title"] for r in data["results"]} == {"RÖK Dalarna 2024–2027", "LÖK Leksand"}
    rok = next(r for r in data["results"] if r["type"] == "rok")
    assert (
        rok["county"] == {"code": "20", "name": "Dalarna", "slug": "dalarna"}
        or rok["county"]["code"] == "20"
    )
    assert rok["status"] == "galler"
    assert rok["parties"][0]["name"] == "Länsstyrelsen Dalarna"
    assert rok["url"].startswith("http://testserver/")
    assert (
        client.get(f"/api/v1/overenskommelser/{content['hidden_agreement'].pk}/").status_code == 404
    )
    assert (
        client.get(f"/api/v1/overenskommelser/{content['rok'].pk}/").json()["id"]
        == content["rok"].pk
    )


@pytest.mark.parametrize(
    "query, expected",
    [
        ("lan=dalarna", {"RÖK Dalarna 2024–2027", "LÖK Leksand"}),
        ("lan=20", {"RÖK Dalarna 2024–2027", "LÖK Leksand"}),
        ("lan=blekinge", set()),
        ("kommun=leksand", {"RÖK Dalarna 2024–2027", "LÖK Leksand"}),
        ("kommun=2029&typ=lok", {"LÖK Leksand"}),
        ("typ=rok", {"RÖK Dalarna 2024–2027"}),
        ("status=upphort", {"LÖK Leksand"}),
        ("status=galler&status=upphort", {"RÖK Dalarna 2024–2027", "LÖK Leksand"}),
        ("ar=2020", {"LÖK Leksand"}),
        ("ar=2030", {"RÖK Dalarna 2024–2027"}),
        ("county=dalarna&type=lok", {"LÖK Leksand"}),  # old names still work
    ],
)
def test_agreement_filters(client, content, query, expected):
    assert set(titles(client.get(f"/api/v1/overenskommelser/?{query}"))) == expected


def test_quota_filters(client, content):
    rows = client.get("/api/v1/kommuntal/?kommun=leksand&ar=2024").json()["results"]
    assert sorted(r["number"] for r in rows) == [16, 21]
    assert rows[0]["municipality"]["code"] == "2029"
    assert rows[0]["county"]["code"] == "20"
    assert [
        r["number"] for r in client.get("/api/v1/kommuntal/?typ=ukraina").json()["results"]
    ] == [21]
    assert [r["number"] for r in client.get("/api/v1/kommuntal/?lan=10").json()["results"]] == [30]


def test_organisations_show_public_fields_only(client, content):
    rows = client.get("/api/v1/organisationer/").json()["results"]
    assert [r["name"] for r in rows] == ["Språkvänner Leksand"]
    row = rows[0]
    assert row["email"] == ""  # not chosen to be public
    assert row["phone"] == "070-1234567"
    assert row["org_number"] == content["organisation"].org_number
    assert "created_by" not in row and "status" not in row
    detail = client.get(f"/api/v1/organisationer/{row['org_number']}/")
    assert detail.json()["name"] == "Språkvänner Leksand"
    assert client.get(f"/api/v1/organisationer/{content['pending'].org_number}/").status_code == 404


@pytest.mark.parametrize(
    "query, expected",
    [
        ("kommun=leksand", ["Språkvänner Leksand"]),
        ("lan=blekinge", []),
        ("sprak=ar", ["Språkvänner Leksand"]),
        ("sprak=so", []),
        ("typ=language_cafe", ["Språkvänner Leksand"]),
        ("typ=mentoring", []),
    ],
)
def test_organisation_filters(client, content, query, expected):
    assert titles(client.get(f"/api/v1/organisationer/?{query}"), "name") == expected


def test_malgrupp_filter(client, content):
    slug = content["group"].slug
    assert titles(client.get(f"/api/v1/organisationer/?malgrupp={slug}"), "name") == [
        "Språkvänner Leksand"
    ]


@pytest.mark.parametrize(
    "query, expected",
    [
        ("", ["Språkcafé i Leksand"]),
        ("kommun=2029&sprak=ar&form=plats", ["Språkcafé i Leksand"]),
        ("form=online", []),
        ("typ=homework_help", []),
    ],
)
def test_activity_filters(client, content, query, expected):
    assert titles(client.get(f"/api/v1/aktiviteter/?{query}")) == expected


def test_events_with_sessions_and_filters(client, content, future):
    rows = client.get("/api/v1/evenemang/").json()["results"]
    assert [r["title"] for r in rows] == ["Traumamedvetet bemötande"]
    assert len(rows[0]["sessions"]) == 2
    assert rows[0]["sessions"][0]["start"].endswith(("+01:00", "+02:00"))
    assert titles(client.get("/api/v1/evenemang/?kommun=leksand&form=online&amne=trauma")) == [
        "Traumamedvetet bemötande"
    ]
    assert titles(client.get("/api/v1/evenemang/?form=plats")) == []
    assert titles(client.get("/api/v1/evenemang/?lan=blekinge")) == []
    late = future(60).date().isoformat()
    assert titles(client.get(f"/api/v1/evenemang/?fran={late}")) == []
    early = future(21).date().isoformat()
    assert titles(client.get(f"/api/v1/evenemang/?till={early}")) == ["Traumamedvetet bemötande"]
    assert client.get(f"/api/v1/evenemang/{content['hidden_event'].pk}/").status_code == 404


def test_geography_has_official_codes(client, db):
    counties = client.get("/api/v1/lan/?per_sida=100").json()
    assert counties["count"] == 21
    assert {"code": "20", "name": "Dalarna", "slug": "dalarna"}.items() <= next(
        c for c in counties["results"] if c["code"] == "20"
    ).items()
    municipalities = client.get("/api/v1/kommuner/?lan=dalarna&per_sida=100").json()
    assert municipalities["count"] == 15
    assert all(m["county"]["code"] == "20" for m in municipalities["results"])


def test_pagination_links_walk_the_whole_list(client, db):
    first = client.get("/api/v1/kommuner/?lan=20&per_sida=4").json()
    assert first["pages"] == 4 and first["previous"] is None
    seen = [m["code"] for m in first["results"]]
    url = first["next"]
    while url:
        assert url.startswith("http://testserver/api/v1/kommuner/")
        assert "lan=20" in url
        page = client.get(url.replace("http://testserver", "")).json()
        seen += [m["code"] for m in page["results"]]
        assert page["previous"]
        url = page["next"]
    assert len(seen) == len(set(seen)) == 15
    past = client.get("/api/v1/kommuner/?lan=20&per_sida=4&sida=99").json()
    assert past["results"] == [] and past["pages"] == 4


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/overenskommelser/?sida=abc",
        "/api/v1/overenskommelser/?sida=0",
        "/api/v1/kommuntal/?per_sida=-3",
        "/api/v1/evenemang/{junk}/",
        "/api/v1/aktiviteter/abc/",
        "/api/v1/sok/",
        "/api/v1/sok/?q=",
    ],
)
def test_unusable_input_is_a_400_with_a_message(client, content, url):
    response = client.get(url.replace("{junk}", "x" * 30))
    assert response.status_code in (400, 404)
    assert response.json()["detail"]
    assert response.status_code == 400 or "/{" not in url


JUNK = [
    "lan=atlantis",
    "kommun=9999",
    "typ=%00",
    "status=kanske",
    "ar=tjugo",
    "ar=99999",
    "fran=2026-13-45",
    "till=igår",
    "sprak=svenska!",
    "malgrupp=<script>",
    "form=telepati",
    "amne=" + "x" * 500,
    "okand=1",
    "lan=" + "&lan=".join(["x"] * 50),
]


@pytest.mark.parametrize("endpoint", LISTS)
def test_unknown_values_are_ignored_with_a_notice_never_an_error(client, content, endpoint):
    separator = "&" if "?" in endpoint else "?"
    for query in [*JUNK, "&".join(JUNK)]:
        response = client.get(f"{endpoint}{separator}{query}")
        assert response.status_code == 200, (query, response.content)
        assert isinstance(response.json()["notices"], list)


def test_notice_names_the_ignored_value(client, content):
    data = client.get("/api/v1/overenskommelser/?lan=atlantis").json()
    assert data["count"] == 2
    assert any("atlantis" in notice for notice in data["notices"])


def test_etag_and_last_modified_give_304(client, content):
    content["rok"].save_revision().publish()
    first = client.get("/api/v1/overenskommelser/")
    etag = first["ETag"]
    assert etag and first["Last-Modified"]
    again = client.get("/api/v1/overenskommelser/", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    assert again["Access-Control-Allow-Origin"] == "*"
    since = client.get("/api/v1/overenskommelser/", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert since.status_code == 304
    content["rok"].title = "RÖK Dalarna, reviderad"
    content["rok"].save_revision().publish()
    changed = client.get("/api/v1/overenskommelser/", HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert changed["ETag"] != etag


def test_cors_is_open_for_get_and_answers_preflight(client, content):
    response = client.get("/api/v1/evenemang/", HTTP_ORIGIN="https://www.leksand.se")
    assert response["Access-Control-Allow-Origin"] == "*"
    preflight = client.options(
        "/api/v1/evenemang/",
        HTTP_ORIGIN="https://www.leksand.se",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
    )
    assert preflight.status_code == 204
    assert "GET" in preflight["Access-Control-Allow-Methods"]
    assert client.post("/api/v1/evenemang/").status_code == 405
    assert client.head("/api/v1/evenemang/").status_code == 200


def test_rate_limit_per_address(client, db, settings):
    settings.PORTAL_RATE_LIMITS = {**settings.PORTAL_RATE_LIMITS, "api": "3/m/ip"}
    codes = [client.get("/api/v1/lan/").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    limited = client.get("/api/v1/lan/")
    assert limited["Retry-After"] and limited.json()["detail"]
    other = client.get("/api/v1/lan/", REMOTE_ADDR="10.9.8.7")
    assert other.status_code == 200


def test_search_endpoint_uses_the_sites_search(client, content, django_capture_on_commit_callbacks):
    from search.indexing import apply_changes

    apply_changes([f"page:{content['event'].pk}", f"page:{content['hidden_event'].pk}"])
    data = client.get("/api/v1/sok/?q=traumamedvetet").json()
    assert [r["title"] for r in data["results"]] == ["Traumamedvetet bemötande"]
    assert client.get("/api/v1/sok/?q=opublicerat").json()["count"] == 0
    assert client.get("/api/v1/sok/?q=traumamedvetet&lan=blekinge").json()["count"] == 0
