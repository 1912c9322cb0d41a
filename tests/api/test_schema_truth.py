"""The OpenAPI schema says what the server does: the values it may answer with (an empty `url`,
`canonical_url` or `step`) and the limits it enforces (query length, page size, request body)."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
import requests
import schemathesis
import yaml
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from schemathesis.core.transport import Response

from api.schema import WEB_URL_PATTERN
from claims.models import ReviewStatus
from claims.selectors.filters import MAX_QUERY_LENGTH
from sources.serializers import HTTP_URL
from tests.factories import ArticleFactory, StatementFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def openapi(client) -> dict:
    return yaml.safe_load(client.get("/api/schema/").content)


def _conforms(openapi: dict, template: str, method: str, url: str, django_response) -> None:
    """Validate a Django test response against the schema, the way the Schemathesis tests do."""
    operation = schemathesis.openapi.from_dict(openapi)[template][method]
    response = Response(
        status_code=django_response.status_code,
        headers={name: [value] for name, value in django_response.items()},
        content=django_response.content,
        request=requests.Request(method, f"http://testserver{url}").prepare(),
        elapsed=0.0,
        message="",
        encoding="utf-8",
        http_version="1.1",
        verify=True,
    )
    operation.validate_response(response)


def test_a_pasted_finished_article_conforms_to_the_schema(editor_client, openapi):
    """Pasted text has no URL and a finished article no next step: the schema must allow ""."""
    article = ArticleFactory(url="", canonical_url="", source="text", step="")
    StatementFactory(article=article, review_status=ReviewStatus.ACCEPTED)
    url = f"/api/v1/articles/{article.pk}/"
    response = editor_client.get(url)
    assert response.status_code == 200
    body = response.json()
    assert (body["url"], body["canonical_url"], body["step"]) == ("", "", "")
    _conforms(openapi, "/api/v1/articles/{id}/", "GET", url, response)
    listed = editor_client.get("/api/v1/articles/")
    _conforms(openapi, "/api/v1/articles/", "GET", "/api/v1/articles/", listed)


def test_an_article_with_a_url_still_conforms(editor_client, openapi):
    article = ArticleFactory(step="fetch")
    StatementFactory(article=article, review_status=ReviewStatus.ACCEPTED)
    url = f"/api/v1/articles/{article.pk}/"
    _conforms(openapi, "/api/v1/articles/{id}/", "GET", url, editor_client.get(url))


def _parameter(openapi: dict, path: str, name: str) -> dict:
    return next(p for p in openapi["paths"][path]["get"]["parameters"] if p["name"] == name)


@pytest.mark.parametrize("path", ["/api/v1/incidents/", "/api/v1/statements/"])
def test_the_query_length_the_server_enforces_is_in_the_schema(client, openapi, path):
    assert _parameter(openapi, path, "q")["schema"]["maxLength"] == MAX_QUERY_LENGTH
    assert client.get(path, {"q": "x" * MAX_QUERY_LENGTH}).status_code == 200
    too_long = client.get(path, {"q": "x" * (MAX_QUERY_LENGTH + 1)})
    assert too_long.status_code == 400 and "q" in too_long.json()["errors"]


def test_the_page_size_the_server_enforces_is_in_the_schema(client, openapi):
    bound = _parameter(openapi, "/api/v1/incidents/", "page_size")["schema"]["maximum"]
    assert client.get("/api/v1/incidents/", {"page_size": bound}).status_code == 200
    assert client.get("/api/v1/incidents/", {"page_size": bound + 1}).status_code == 400


def test_the_request_body_limit_is_named_where_a_body_is_taken(openapi, settings):
    limit = f"{settings.DATA_UPLOAD_MAX_MEMORY_SIZE:,}"
    submit = openapi["paths"]["/api/v1/articles/"]["post"]
    assert limit in submit["requestBody"]["description"]
    assert limit in submit["responses"]["413"]["description"]


def test_urls_to_fetch_carry_their_shape_in_the_schema(openapi):
    components = openapi["components"]["schemas"]
    assert components["FeedRequest"]["properties"]["url"]["pattern"] == WEB_URL_PATTERN
    submit = components["ArticleSubmitRequest"]["properties"]["url"]["oneOf"]
    assert WEB_URL_PATTERN in submit[0]["pattern"] and submit[1] == {"type": "string", "maxLength": 0}


@hypothesis_settings(max_examples=500, deadline=None)
@given(st.from_regex(HTTP_URL.regex, fullmatch=True) | st.from_regex(WEB_URL_PATTERN))
def test_every_url_the_server_accepts_has_the_shape_the_schema_gives(url):
    """The pattern is a necessary condition: a URL outside it is refused, so a client that follows
    the schema loses nothing."""
    try:
        HTTP_URL(url.strip())
    except ValidationError:
        return
    if "@" not in urlsplit(url.strip()).netloc:  # the server refuses user names as well
        assert re.search(WEB_URL_PATTERN, url), url
