"""A paste as large as the form promises reaches the form; a larger body gets a page naming the limit."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_a_3_mb_paste_reaches_the_form(editor_client):
    # An invalid date makes the form answer with its errors, proving the 3 MB body was read.
    text = "Shelling was reported near the village. " * 80_000
    response = editor_client.post(reverse("sources:submit"), {"kind": "text", "text": text, "published": "someday"})
    assert response.status_code in (200, 400)
    assert b"Enter a valid date" in response.content


def test_a_paste_over_the_limit_gets_a_page_naming_the_limit(editor_client):
    text = "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)
    response = editor_client.post(reverse("sources:submit"), {"kind": "text", "text": text})
    assert response.status_code == 400
    assert b"MiB this site accepts" in response.content
