"""The review loop in real Chromium: 30 queue rows in two screens, no sideways scroll on a phone,
axe-clean queue and statement form at both widths, "Save, accept and next" on Ctrl+Enter with Undo,
and a type-ahead that finds an actor by an alias."""

from __future__ import annotations

import datetime
import re
import types

import pytest

from claims.models import Statement
from tests.browser.editing import log_in, pick
from tests.factories import (
    ActorFactory,
    ArticleFactory,
    IncidentFactory,
    OutletFactory,
    StatementFactory,
    UserFactory,
    side,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
SIDES = ["armenian", "azerbaijani", "russian", "international"]
STANCES = ["accusation", "denial", "casualty-report", "assertion", "appeal"]
# Our own sentences, long enough to need truncating on one line.
TEMPLATE = (
    "The {who} said on {day} September that forces on the other side of the line had opened fire with "
    "mortars and large-calibre machine guns on positions near the village of {place}, wounding {n} servicemen."
)
WHO = ["defence ministry", "foreign ministry spokesperson", "presidential administration", "border service"]
PLACES = ["Norabak", "Sotk", "Tegh", "Khoznavar", "Kut", "Verin Shorzha"]


@pytest.fixture
def queue_desk(seeded_rows):
    """36 pending statements over six articles of two incidents, one actor known by an alias, an editor."""
    outlet = OutletFactory(slug="caucasus-wire", name="Caucasus Wire")
    incidents = [
        IncidentFactory(title="Exchange of fire near Norabak", start_date=datetime.date(2023, 9, 1)),
        IncidentFactory(title="Shelling near Sotk", kind="shelling", start_date=datetime.date(2023, 9, 3)),
    ]
    rows = []
    for a in range(6):
        sentences = [
            TEMPLATE.format(who=WHO[(a + i) % 4], day=a + 1, place=PLACES[(a + i) % 6], n=i + 2) for i in range(6)
        ]
        article = ArticleFactory(
            outlet=outlet,
            title=f"Report {a + 1}",
            text=" ".join(sentences),
            published=datetime.date(2023, 9, a + 1),
        )
        position = 0
        for i, sentence in enumerate(sentences):
            rows.append(
                StatementFactory(
                    article=article,
                    sentence=sentence,
                    start=position,
                    end=position + len(sentence),
                    content=sentence[:120],
                    speaker=f"The {WHO[(a + i) % 4]}",
                    side=side(SIDES[(a + i) % 4]),
                    stance=STANCES[(a + i) % 5],
                    incident=incidents[a % 2],
                    confidence=0.9,
                )
            )
            position += len(sentence) + 1
    return types.SimpleNamespace(
        rows=rows,
        actor=ActorFactory(name="Ministry of Defence of Armenia", aliases=["Armenian MoD"], side=side("armenian")),
        editor=UserFactory(username="erin", role="editor"),
    )


def _size(page) -> dict:
    return page.evaluate(
        "() => ({height: document.documentElement.scrollHeight, width: document.documentElement.scrollWidth,"
        " viewport: window.innerWidth})"
    )


def test_thirty_queue_rows_fit_in_two_desktop_screens(queue_desk, live_server, page):
    page.set_viewport_size(DESKTOP)
    log_in(page, live_server.url, "erin")
    assert page.locator(".queue-item").count() == 30
    size = _size(page)
    print(f"queue, 30 rows at 1366x900: scrollHeight {size['height']} px ({size['height'] / 900:.2f} screens)")
    assert size["height"] <= 2 * DESKTOP["height"]
    assert size["width"] <= size["viewport"]


def test_the_queue_and_the_statement_form_do_not_scroll_sideways_on_a_phone(queue_desk, live_server, page):
    page.set_viewport_size(PHONE)
    log_in(page, live_server.url, "erin")
    page.locator(".queue-item summary").first.click()  # an opened row, with its article excerpt
    size = _size(page)
    print(f"queue at 390 px: scrollWidth {size['width']}, scrollHeight {size['height']} px")
    assert size["width"] <= size["viewport"]
    page.locator('.queue-item [data-action="edit"]').first.click()
    page.wait_for_url(re.compile(r"/editor/statements/\d+/"))
    size = _size(page)
    assert size["width"] <= size["viewport"]


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_queue_and_statement_form_have_no_serious_accessibility_violations(
    queue_desk, live_server, page, axe_violations, viewport
):
    page.set_viewport_size(viewport)
    log_in(page, live_server.url, "erin")
    page.locator(".queue-item.current").wait_for()
    page.locator(".queue-item summary").first.click()
    assert axe_violations(page) == []
    page.goto(f"{live_server.url}/editor/statements/{queue_desk.rows[0].pk}/")
    page.locator(".ts-wrapper").first.wait_for()  # the pickers are in place
    assert axe_violations(page) == []
    assert page.console_errors == []
    assert page.blocked_requests == []


def test_ctrl_enter_saves_accepts_and_opens_the_next_statement_of_the_filtered_queue_and_undo_reverts(
    queue_desk, live_server, page
):
    base = live_server.url
    log_in(page, base, "erin")
    page.goto(f"{base}/editor/?side=armenian")
    armenian = [s for s in queue_desk.rows if s.side.slug == "armenian"]
    assert page.locator("h1 [data-count]").inner_text() == f"{len(armenian)} of {len(queue_desk.rows)} pending"
    rows = page.locator(".queue-item")
    first_pk = int(rows.first.get_attribute("data-statement"))
    second_pk = int(rows.nth(1).get_attribute("data-statement"))
    with page.expect_navigation(url=re.compile(rf"/editor/statements/{first_pk}/")):
        rows.first.locator('[data-action="edit"]').click()
    page.get_by_label("Cue").fill("claimed")
    with page.expect_navigation(url=re.compile(rf"/editor/statements/{second_pk}/\?next=")):
        page.get_by_label("Cue").press("Control+Enter")
    first = Statement.objects.get(pk=first_pk)
    assert (first.cue, first.review_status) == ("claimed", "accepted")
    assert Statement.objects.get(pk=second_pk).side.slug == "armenian"

    undo = page.locator(".undo-message")
    assert f"Saved and accepted statement #{first_pk}." in undo.inner_text()
    with page.expect_navigation():
        page.keyboard.press("u")  # the Undo button's key
    first.refresh_from_db()
    assert (first.cue, first.review_status) == ("said", "pending")
    assert "Undone" in page.get_by_role("status").first.inner_text()
    assert page.console_errors == []


def test_the_actor_picker_finds_an_actor_by_an_alias(queue_desk, live_server, page):
    base = live_server.url
    statement = queue_desk.rows[0]
    log_in(page, base, "erin")
    page.goto(f"{base}/editor/statements/{statement.pk}/")
    form = page.locator("#statement-form")
    pick(form, "Actor", "Armenian MoD", "Ministry of Defence of Armenia")
    page.get_by_label("Side", exact=True).select_option("armenian")
    with page.expect_navigation():
        page.get_by_role("button", name="Save changes").click()
    statement.refresh_from_db()
    assert statement.actor_id == queue_desk.actor.pk


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_incident_pages_and_the_merge_preview_are_accessible_and_fit_the_width(
    queue_desk, live_server, page, axe_violations, viewport
):
    base = live_server.url
    page.set_viewport_size(viewport)
    log_in(page, base, "erin")
    target, source = sorted({s.incident_id for s in queue_desk.rows})
    for path in (
        "/editor/incidents/",
        f"/editor/incidents/{target}/",
        f"/editor/incidents/{target}/merge/?source={source}",
    ):
        page.goto(base + path)
        assert axe_violations(page) == [], path
        size = _size(page)
        assert size["width"] <= size["viewport"], path
    assert page.locator("[data-moving]").get_attribute("data-moving") == "18"
    assert page.console_errors == []
