"""HEAD is answered like GET, without the body, on every page (issue 16: pages answered 405)."""

from __future__ import annotations

import pytest

from tests.factories import StatementFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/", "/incidents/", "/statements/", "/search/?q=shelling", "/map/", "/sides.css"])
def test_head_on_a_page_answers_as_get_does_without_the_body(client, path):
    got = client.get(path)
    head = client.head(path)
    assert (head.status_code, got.status_code) == (200, 200)
    assert head.content == b""
    assert head["Content-Type"] == got["Content-Type"]
    assert head["Content-Length"] == str(len(got.content))


def test_head_on_a_detail_page_and_a_streamed_export(client):
    statement = StatementFactory(review_status="accepted")  # an incident is public once a statement is
    assert client.head(f"/incidents/{statement.incident_id}/").status_code == 200
    export = client.head("/statements/export.csv")
    assert export.status_code == 200 and b"".join(export.streaming_content) == b""


def test_head_keeps_gets_redirects_and_not_found(client):
    assert client.head("/editor/").status_code == client.get("/editor/").status_code == 302
    assert client.head("/incidents/999999/").status_code == 404


def test_head_on_a_post_only_view_is_still_refused(client):
    client.force_login(UserFactory(role="editor"))
    assert client.head("/editor/review/").status_code == 405
