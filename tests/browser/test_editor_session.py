"""An editor's whole session in real Chromium, and two editors saving the same statement at once."""

from __future__ import annotations

import datetime
import re
import types

import pytest

from claims.models import CasualtyFigure, Incident, Statement, StatementRelation
from tests.browser.editing import pick
from tests.factories import ArticleFactory, IncidentFactory, OutletFactory, StatementFactory, UserFactory, side

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery staple"  # the factories' test password
SENTENCES = [
    "The Armenian defence ministry accused Azerbaijani forces of opening fire on outposts near Norabak.",
    "The Azerbaijani ministry said two of its soldiers were killed in the exchange.",
    "Baku denied opening fire and blamed Armenian units.",
    "Azerbaijani officials said Armenian forces shelled positions near Sotk.",
]


@pytest.fixture
def desk(seeded_rows):
    """Two incidents of the same clash, four pending statements, two editors."""
    text = " ".join(SENTENCES)
    article = ArticleFactory(
        outlet=OutletFactory(slug="caucasus-wire", name="Caucasus Wire"),
        title="Exchange of fire near Norabak",
        text=text,
        published=datetime.date(2023, 9, 1),
    )
    norabak = IncidentFactory(title="Exchange of fire near Norabak", start_date=datetime.date(2023, 9, 1))
    sotk = IncidentFactory(
        title="Shelling near Sotk", kind="shelling", status="draft", start_date=datetime.date(2023, 9, 1)
    )
    offsets, position = [], 0
    for sentence in SENTENCES:
        offsets.append((position, position + len(sentence)))
        position += len(sentence) + 1

    def statement(i: int, incident, side_slug: str, stance: str, speaker: str, confidence: float):
        """The pending statement of SENTENCES[i], linked to `incident`."""
        start, end = offsets[i]
        return StatementFactory(
            article=article,
            sentence=SENTENCES[i],
            start=start,
            end=end,
            content="",
            incident=incident,
            side=side(side_slug),
            stance=stance,
            speaker=speaker,
            confidence=confidence,
        )

    return types.SimpleNamespace(
        norabak=norabak,
        sotk=sotk,
        accusation=statement(0, norabak, "armenian", "accusation", "The Armenian defence ministry", 0.95),
        casualties=statement(1, norabak, "armenian", "casualty-report", "The Azerbaijani ministry", 0.9),
        denial=statement(2, norabak, "azerbaijani", "denial", "Baku", 0.85),
        shelling=statement(3, sotk, "azerbaijani", "accusation", "Azerbaijani officials", 0.8),
        editor=UserFactory(username="erin", role="editor"),
        other_editor=UserFactory(username="omar", role="editor"),
    )


def _log_in(page, base: str, username: str) -> None:
    page.goto(base + "/accounts/login/?next=/editor/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(base + "/editor/")


def test_editor_reviews_corrects_links_and_merges(desk, live_server, page):
    base = live_server.url
    _log_in(page, base, "erin")

    # The queue: the article in reading order, each sentence highlighted in its article.
    items = page.locator(".queue-item")
    assert items.count() == 4
    first = items.first
    assert not first.locator("mark").is_visible()  # one line each until opened
    first.locator("summary").click()
    assert first.locator("mark").inner_text() == SENTENCES[0]
    page.locator(".queue-item.current").wait_for()  # the keys are live once the script has marked one
    assert "current" in first.get_attribute("class")

    # Accept the first with the keyboard: the form posts and the queue comes back, one shorter.
    with page.expect_navigation(url=base + "/editor/"):
        page.keyboard.press("a")
    page.locator(".queue-item.current").wait_for()
    assert page.locator(".undo-message").inner_text().startswith(f"Accepted statement #{desk.accusation.pk}.")
    assert page.locator(".queue-item").count() == 3
    desk.accusation.refresh_from_db()
    assert desk.accusation.review_status == "accepted"

    # Correct the next one's side and casualty figures: j is not needed, the first is current; e edits.
    with page.expect_navigation(url=re.compile(rf"/editor/statements/{desk.casualties.pk}/\?next=")):
        page.keyboard.press("e")
    page.get_by_label("Side", exact=True).select_option("azerbaijani")
    page.get_by_label("Row 1 Party").select_option("azerbaijani")
    page.get_by_label("Row 1 Killed").fill("2")
    with page.expect_navigation(url=base + "/editor/"):
        page.get_by_role("button", name="Save changes").click()
    assert "Saved statement" in page.get_by_role("status").inner_text()
    desk.casualties.refresh_from_db()
    assert desk.casualties.side.slug == "azerbaijani"
    figure = CasualtyFigure.objects.get(statement=desk.casualties)
    assert (figure.party_side.slug, figure.killed_low, figure.killed_high) == ("azerbaijani", 2, 2)

    # Link the denial to the accusation it answers.
    page.goto(f"{base}/editor/statements/{desk.denial.pk}/")
    relations = page.locator(".relation-form")
    relations.get_by_label("This statement").select_option("denies")
    pick(relations, "the statement", str(desk.accusation.pk), f"#{desk.accusation.pk} ")
    with page.expect_navigation(url=f"**/editor/statements/{desk.denial.pk}/"):
        relations.get_by_role("button", name="Link").click()
    assert f"#{desk.denial.pk} denies #{desk.accusation.pk}" in page.get_by_role("status").inner_text()
    relation = StatementRelation.objects.get(source=desk.denial, target=desk.accusation)
    assert (relation.kind, relation.status) == ("denies", "confirmed")

    # Merge the duplicate incident into the first one.
    page.goto(f"{base}/editor/incidents/{desk.norabak.pk}/")
    pick(page, "Merge this incident into the one shown here", "Sotk", f"#{desk.sotk.pk} ")
    with page.expect_navigation(url=f"**/editor/incidents/{desk.norabak.pk}/merge/?source={desk.sotk.pk}"):
        page.get_by_role("button", name="Preview the merge").click()
    assert page.locator("[data-moving]").get_attribute("data-moving") == "1"
    with page.expect_navigation(url=f"**/editor/incidents/{desk.norabak.pk}/"):
        page.get_by_role("button", name=f"Merge #{desk.sotk.pk} into #{desk.norabak.pk}").click()
    assert Incident.objects.get(pk=desk.sotk.pk).merged_into_id == desk.norabak.pk
    assert Statement.objects.get(pk=desk.shelling.pk).incident_id == desk.norabak.pk
    assert page.locator(".incident-statements li").count() == 4

    # It all shows in the history.
    history = page.locator(".history")
    merge = history.locator(".history-entry").first
    assert merge.locator(".history-label").inner_text() == "Merged"
    assert merge.locator(".history-who").inner_text() == "erin"
    assert merge.get_by_role("row", name=f"statement #{desk.shelling.pk} incident").is_visible()
    page.goto(f"{base}/editor/statements/{desk.casualties.pk}/")
    edit = page.locator(".history-entry").first
    assert edit.locator(".history-label").inner_text() == "Edited"
    side_row = edit.get_by_role("row", name="side")
    assert side_row.locator("td.old").inner_text() == "armenian"
    assert side_row.locator("td.new").inner_text() == "azerbaijani"
    assert "azerbaijani military: killed 2" in edit.get_by_role("row", name="casualties").inner_text()
    page.goto(f"{base}/editor/statements/{desk.accusation.pk}/")
    assert page.locator(".history-entry").first.locator(".history-label").inner_text() == "Linked statements"
    review = page.locator(".history-entry", has=page.locator(".history-label", has_text="Reviewed"))
    assert review.locator(".history-who").inner_text() == "erin"
    assert "accepted" in review.get_by_role("row", name="review_status").inner_text()
    assert page.console_errors == []
    assert page.blocked_requests == []


def test_second_editor_sees_the_conflict_instead_of_overwriting(desk, live_server, browser, page):
    base = live_server.url
    url = f"{base}/editor/statements/{desk.denial.pk}/"
    _log_in(page, base, "erin")
    second_context = browser.new_context()
    try:
        other = second_context.new_page()
        _log_in(other, base, "omar")
        page.goto(url)
        other.goto(url)

        page.get_by_label("Cue").fill("rejected")
        with page.expect_navigation(url=url):
            page.get_by_role("button", name="Save changes").click()
        assert "Saved statement" in page.get_by_role("status").inner_text()

        other.get_by_label("Cue").fill("dismissed")
        with other.expect_navigation():
            other.get_by_role("button", name="Save changes").click()
        alert = other.locator("#conflict")
        assert alert.is_visible()
        assert "changed by someone else" in alert.inner_text()
        assert "erin" in alert.inner_text()
        assert "cue: said → rejected" in alert.inner_text()
        desk.denial.refresh_from_db()
        assert desk.denial.cue == "rejected"  # the first save stands

        # Having seen it, the second editor saves again on purpose.
        assert other.get_by_label("Cue").input_value() == "dismissed"
        with other.expect_navigation(url=url):
            other.get_by_role("button", name="Save changes").click()
        desk.denial.refresh_from_db()
        assert desk.denial.cue == "dismissed"
        assert desk.denial.version == 3
    finally:
        second_context.close()
