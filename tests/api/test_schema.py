"""The OpenAPI document and the interactive docs, served without any CDN."""

from __future__ import annotations

import re

import pytest
import yaml

pytestmark = pytest.mark.django_db


def test_schema_describes_every_resource_and_its_errors(client):
    response = client.get("/api/schema/")
    assert response.status_code == 200
    schema = yaml.safe_load(response.content)
    assert schema["openapi"].startswith("3.")
    paths = schema["paths"]
    for resource in ("incidents", "statements", "actors", "sides", "places", "outlets", "articles", "feeds"):
        assert f"/api/v1/{resource}/" in paths
    for path, operations in paths.items():
        for method, operation in operations.items():
            if method == "parameters":
                continue
            codes = set(operation["responses"])
            assert any(code.startswith("2") for code in codes), (path, method)
            assert any(code.startswith("4") for code in codes), (path, method)
    assert "tokenAuth" in schema["components"]["securitySchemes"]


def test_every_component_and_field_is_described(client):
    schema = yaml.safe_load(client.get("/api/schema/").content)
    undescribed = []
    for name, component in schema["components"]["schemas"].items():
        if not component.get("description"):
            undescribed.append(name)
        for field, prop in (component.get("properties") or {}).items():
            # A $ref is described by the component it points to.
            if "$ref" not in prop and not prop.get("description"):
                undescribed.append(f"{name}.{field}")
    assert undescribed == []


def test_errors_are_documented_with_the_error_body(client):
    schema = yaml.safe_load(client.get("/api/schema/").content)
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            for code, response in operation["responses"].items():
                if code.startswith(("4", "5")):
                    body = response["content"]["application/json"]["schema"]
                    assert body == {"$ref": "#/components/schemas/Error"}, (path, method, code)


def test_docs_page_loads_its_assets_locally(client):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert any("swagger-ui" in src for src in sources)
    assert all(not src.startswith(("http://", "https://", "//")) for src in sources), sources
    bundle = next(src for src in sources if src.endswith("swagger-ui-bundle.js"))
    assert client.get(bundle).status_code == 200
    # The Content-Security-Policy forbids inline scripts: every script must come from a URL.
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", html, flags=re.S)
    assert scripts
    assert all("src=" in attributes and not body.strip() for attributes, body in scripts), scripts
    init = next(src for src in sources if "script" in src and "sidecar" not in src)
    init_response = client.get(init)
    assert init_response.status_code == 200
    assert b"/api/schema/" in init_response.content


def test_the_incident_detail_documents_its_expansions_as_optional(client):
    """GET without ?expand has no sides/casualties/blame: the schema must not promise them."""
    from tests.factories import public_incident

    schema = yaml.safe_load(client.get("/api/schema/").content)
    detail = schema["paths"]["/api/v1/incidents/{id}/"]["get"]["responses"]["200"]["content"]["application/json"]
    component = schema["components"]["schemas"][detail["schema"]["$ref"].rsplit("/", 1)[1]]
    expansions = {"sides", "casualties", "blame"}
    assert expansions <= set(component["properties"])
    assert not expansions & set(component["required"])
    plain = client.get(f"/api/v1/incidents/{public_incident(status='settled').pk}/").json()
    assert set(component["required"]) <= set(plain) and not expansions & set(plain)
