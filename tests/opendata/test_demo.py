"""The demo site serves the API, its schema, the open data page and the catalogue."""

import pytest


@pytest.mark.django_db
def test_demo_serves_open_data(client, demo_content):
    for url in (
        "/api/v1/overenskommelser/",
        "/api/v1/kommuntal/",
        "/api/v1/organisationer/",
        "/api/v1/aktiviteter/",
        "/api/v1/evenemang/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.json()["count"] > 0, url
    assert client.get("/api/v1/schema/").status_code == 200
    assert client.get("/oppna-data/").status_code == 200
    assert client.get("/oppna-data/katalog").status_code == 200
    assert client.get("/overenskommelser/").status_code == 200
