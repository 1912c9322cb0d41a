"""Incident linking on statements built with factories (the NLP engine is not involved)."""

from __future__ import annotations

import datetime

import pytest

from claims.linking import incident_duplicate_candidates, incident_link_statements, kind_from_text
from claims.models import Incident, IncidentKind, IncidentStatus, ReviewStatus, Statement
from tests.factories import ArticleFactory, IncidentFactory, StatementFactory, side

pytestmark = pytest.mark.django_db

D = datetime.date


def article_with(published: datetime.date | None, rows: list[dict], *, title: str = "") -> list[Statement]:
    """An article made of the given sentences, with one statement per row, in text order; a row with
    `paragraph=True` starts a new paragraph."""
    text = "".join(("\n" if row.get("paragraph") else " ") * (i > 0) + row["sentence"] for i, row in enumerate(rows))
    article = ArticleFactory(published=published, text=text, title=title or "Report")
    statements, offset = [], 0
    for row in rows:
        sentence = row["sentence"]
        st = StatementFactory(
            article=article,
            incident=None,
            sentence=sentence,
            content=row.get("content", ""),
            start=offset,
            end=offset + len(sentence),
            stance=row.get("stance", "assertion"),
            side=side(row.get("side", "armenian")),
            event_date=row.get("date"),
            speaker=row.get("speaker", "The ministry"),
        )
        st.places.set(row.get("places", []))
        statements.append(st)
        offset += len(sentence) + 1
    return statements


def link(statements: list[Statement]) -> list[Statement]:
    incident_link_statements(statement_ids=[s.pk for s in statements])
    return [Statement.objects.get(pk=s.pk) for s in statements]


def row(sentence: str, stance: str = "assertion", **fields) -> dict:
    """One sentence of an article for `article_with`: its stance and any of side, date, places, content,
    speaker, paragraph."""
    return {"sentence": sentence, "stance": stance, **fields}


def link_article(published: datetime.date | None, *rows: dict, title: str = "") -> list[Statement]:
    """Link an article made of `rows` and return its statements as stored, in text order."""
    return link(article_with(published, list(rows), title=title))


def link_one(published: datetime.date | None, sentence: str, stance: str, *, title: str = "", **fields) -> Statement:
    """Link an article of a single statement and return that statement as stored."""
    return link_article(published, row(sentence, stance, **fields), title=title)[0]


@pytest.mark.parametrize(
    ("text", "stance", "kind"),
    [
        ("Armenian troops opened fire on Azerbaijani positions", "accusation", IncidentKind.BORDER_CLASH),
        ("Azerbaijan has imposed an illegal blockade on the region", "accusation", IncidentKind.BLOCKADE),
        ("three soldiers were injured by an attack drone", "casualty-report", IncidentKind.DRONE_STRIKE),
        ("the two sides had agreed to a Russian-brokered truce", "assertion", IncidentKind.CEASEFIRE),
        ("declared an anti-terrorist operation in the region", "assertion", IncidentKind.OFFENSIVE),
        ("urged both sides to agree to an immediate ceasefire", "appeal", IncidentKind.BORDER_CLASH),
        ("Azerbaijan set up a checkpoint on the road", "assertion", IncidentKind.OTHER),
        ("the two sides exchanged prisoners at the border", "assertion", IncidentKind.OTHER),
        ("the defence ministries announced a ceasefire from noon", "assertion", IncidentKind.CEASEFIRE),
        ("the ministry reported a shootout near the village", "assertion", IncidentKind.BORDER_CLASH),
        ("talks on the unblocking of regional communications", "assertion", IncidentKind.DIPLOMATIC),
        ("the weather in Yerevan was mild", "assertion", None),
    ],
)
def test_kind_is_read_from_the_claim(text, stance, kind):
    assert kind_from_text(text, stance=stance) == kind


def test_blame_and_agreement_in_one_sentence_point_to_two_kinds():
    sentence = "Each side blamed the other for the violence but said they had agreed to a ceasefire proposal."
    assert kind_from_text(sentence, stance="accusation") == IncidentKind.BORDER_CLASH
    assert kind_from_text(sentence, stance="assertion") == IncidentKind.CEASEFIRE


def test_statements_of_one_article_about_one_clash_land_together(places):
    friday = D(2023, 9, 1)
    statements = link_article(
        friday,
        row(
            "The ministry said Armenian troops opened fire on its positions.",
            "accusation",
            date=friday,
            side="azerbaijani",
        ),
        row("It said one soldier was wounded.", "casualty-report", side="azerbaijani"),
        row("Yerevan rejected the claim.", "denial", side="armenian"),
        row("Shelling near Norabak killed two soldiers, Yerevan said.", "casualty-report", places=[places["norabak"]]),
    )
    assert len({s.incident_id for s in statements}) == 1
    incident = statements[0].incident
    assert incident.status == IncidentStatus.DRAFT
    assert incident.kind == IncidentKind.BORDER_CLASH
    assert incident.start_date == friday
    assert set(incident.places.values_list("slug", flat=True)) == {"norabak"}


def test_every_link_carries_a_confidence_and_a_reason(places):
    friday = D(2023, 9, 1)
    statements = link_article(
        friday,
        row("Troops opened fire near Norabak on Friday.", "accusation", date=friday, places=[places["norabak"]]),
        row("The ministry gave no further details."),
    )
    for st in statements:
        assert 0 < st.incident_confidence <= 1
        assert st.incident_reason
    assert "new draft incident" in statements[0].incident_reason
    assert "same article" in statements[1].incident_reason


def test_a_blockade_and_a_clash_in_one_article_become_two_incidents(places):
    friday, corridor = D(2023, 9, 1), places["lachin-corridor"]
    statements = link_article(
        friday,
        row("Armenia accuses Azerbaijan of an illegal blockade of the corridor.", "accusation", places=[corridor]),
        row(
            "On Friday Azerbaijani forces opened fire on Armenian outposts, the ministry said.",
            "accusation",
            date=friday,
        ),
        row("Two soldiers were killed, it said.", "casualty-report"),
        row("Baku rejects the blockade claims.", "denial", side="azerbaijani"),
    )
    blockade, clash, killed, denial = statements
    assert blockade.incident.kind == IncidentKind.BLOCKADE
    assert clash.incident.kind == IncidentKind.BORDER_CLASH
    assert blockade.incident_id != clash.incident_id
    assert killed.incident_id == clash.incident_id
    assert denial.incident_id == blockade.incident_id


def test_articles_months_apart_about_the_blockade_share_its_incident(places):
    first = link_one(
        D(2022, 12, 14),
        "Armenia said Azerbaijan had blocked the Lachin corridor.",
        "accusation",
        places=[places["lachin-corridor"]],
    )
    later = link_article(
        D(2023, 8, 17),
        row("Mirzoyan told the council the blockade amounted to starvation.", "accusation"),
        row("Baku's envoy denied any blockade of the road.", "denial", side="azerbaijani"),
    )
    assert {s.incident_id for s in later} == {first.incident_id}
    assert Incident.objects.count() == 1
    assert Incident.objects.get().title == "Blockade of the Lachin corridor, reported December 2022"


def test_the_other_sides_account_of_the_same_day_joins_the_incident(places):
    friday = D(2023, 9, 1)
    fire = "Azerbaijani units opened fire on outposts near Norabak on Friday, Yerevan said."
    armenian = link_one(friday, fire, "accusation", date=friday, places=[places["norabak"]])
    reply = "Baku said Armenian forces fired on its positions near Sotk on Friday."
    azerbaijani = link_one(D(2023, 9, 2), reply, "accusation", side="azerbaijani", date=friday, places=[places["sotk"]])
    assert azerbaijani.incident_id == armenian.incident_id
    assert "km from" in azerbaijani.incident_reason
    assert "accounts from other sides (armenian)" in azerbaijani.incident_reason


def test_clashes_weeks_apart_are_different_incidents(places):
    norabak = [places["norabak"]]
    first = link_one(
        D(2023, 9, 1), "Troops opened fire near Norabak.", "accusation", date=D(2023, 9, 1), places=norabak
    )
    second = link_one(
        D(2023, 9, 19), "Troops opened fire near Norabak again.", "accusation", date=D(2023, 9, 19), places=norabak
    )
    assert first.incident_id != second.incident_id


def test_same_day_clashes_far_apart_with_no_other_link_stay_apart(places):
    friday = D(2023, 9, 1)
    first = link_one(friday, "Shelling hit Norabak on Friday.", "accusation", date=friday, places=[places["norabak"]])
    second = link_one(friday, "Shelling hit Tegh on Friday.", "accusation", date=friday, places=[places["tegh"]])
    assert first.incident_id != second.incident_id


def test_an_earlier_event_mentioned_in_passing_gets_its_own_incident(places):
    statements = link_article(
        D(2021, 7, 28),
        row("Armenia said three soldiers were killed on Wednesday.", "casualty-report", date=D(2021, 7, 28)),
        row("In May Armenia accused Azerbaijan of failing to withdraw.", "accusation", date=D(2021, 5, 12)),
    )
    assert statements[0].incident_id != statements[1].incident_id


def test_editors_statements_are_left_alone(places):
    rows = [row("Troops opened fire near Norabak.", "accusation", date=D(2023, 9, 1))] * 3
    reviewed, edited, fresh = article_with(D(2023, 9, 1), rows)
    Statement.objects.filter(pk=reviewed.pk).update(review_status=ReviewStatus.ACCEPTED)
    Statement.objects.filter(pk=edited.pk).update(version=2)
    reviewed, edited, fresh = link([reviewed, edited, fresh])
    assert reviewed.incident_id is None and edited.incident_id is None
    assert fresh.incident_id is not None


def test_running_twice_keeps_the_same_incidents(places):
    statements = article_with(
        D(2023, 9, 1),
        [
            row("Armenia accuses Azerbaijan of a blockade.", "accusation"),
            row("Troops opened fire on Friday.", "accusation", date=D(2023, 9, 1)),
        ],
    )
    once = link(statements)
    twice = link(statements)
    assert [s.incident_id for s in twice] == [s.incident_id for s in once]
    assert Incident.objects.count() == 2


def test_a_draft_joins_the_incident_another_article_reported(places):
    """The first statement alone is vague; the article as a whole dates and places the event."""
    existing = IncidentFactory(kind=IncidentKind.BORDER_CLASH, start_date=D(2021, 11, 16), title="Border clash")
    existing.places.set([places["norabak"]])
    StatementFactory(incident=existing, side=side("azerbaijani"), event_date=D(2021, 11, 16))
    statements = link_article(
        D(2021, 11, 17),
        row("Soldiers were killed in a flare-up of fighting.", "casualty-report"),
        row("On Tuesday Armenia asked Russia for help.", "appeal", date=D(2021, 11, 16), places=[places["sotk"]]),
    )
    assert {s.incident_id for s in statements} == {existing.pk}


def test_the_system_never_changes_an_editors_incident(places):
    friday = D(2023, 9, 1)
    incident = IncidentFactory(
        kind=IncidentKind.BORDER_CLASH, start_date=friday, title="Norabak clash", status=IncidentStatus.DEVELOPING
    )
    incident.places.set([places["norabak"]])
    report = "Shelling near Sotk on Friday, the ministry said."
    statement = link_one(D(2023, 9, 2), report, "accusation", date=friday, places=[places["sotk"]])
    assert statement.incident_id == incident.pk
    incident.refresh_from_db()
    assert incident.start_date == friday and incident.end_date is None
    assert list(incident.places.values_list("slug", flat=True)) == ["norabak"]
    assert incident.version == 1


def test_an_article_without_clues_uses_its_headline(places):
    headline = "Fresh clashes erupt between Armenia and Azerbaijan"
    appeal = "The OSCE called on both parties to show restraint."
    statement = link_one(D(2020, 9, 28), appeal, "appeal", side="international", title=headline)
    assert statement.incident.kind == IncidentKind.BORDER_CLASH
    assert "headline" in statement.incident_reason


def test_near_duplicate_incidents_are_flagged(places):
    a = IncidentFactory(kind=IncidentKind.SHELLING, start_date=D(2022, 9, 13), title="Shelling of Jermuk")
    b = IncidentFactory(kind=IncidentKind.BORDER_CLASH, start_date=D(2022, 9, 13), title="Clashes near Sotk")
    a.places.set([places["norabak"]])
    b.places.set([places["sotk"]])
    far = IncidentFactory(kind=IncidentKind.BORDER_CLASH, start_date=D(2022, 10, 30), title="Clashes near Sotk")
    far.places.set([places["sotk"]])
    blockade = IncidentFactory(kind=IncidentKind.BLOCKADE, start_date=D(2022, 9, 13), title="Blockade")
    blockade.places.set([places["norabak"]])
    pairs = {frozenset((p.first.pk, p.second.pk)): p for p in incident_duplicate_candidates()}
    assert frozenset((a.pk, b.pk)) in pairs
    assert pairs[frozenset((a.pk, b.pk))].reasons
    assert frozenset((b.pk, far.pk)) not in pairs
    assert frozenset((a.pk, blockade.pk)) not in pairs


def test_merged_incidents_are_not_flagged(places):
    a = IncidentFactory(kind=IncidentKind.SHELLING, start_date=D(2022, 9, 13))
    b = IncidentFactory(kind=IncidentKind.SHELLING, start_date=D(2022, 9, 13), merged_into=a)
    a.places.set([places["norabak"]])
    b.places.set([places["norabak"]])
    assert incident_duplicate_candidates() == []


def test_statements_without_any_date_are_still_linked(places):
    statements = link_article(
        None,
        row("Armenia accused Azerbaijan of shelling Tegh.", "accusation", places=[places["tegh"]]),
        row("Baku denied it.", "denial", side="azerbaijani"),
    )
    assert statements[0].incident_id == statements[1].incident_id
    assert statements[0].incident.start_date is None


def test_an_article_that_names_no_event_at_all_is_left_unlinked(places):
    remark = "The analyst said relations were complicated."
    statement = link_one(D(2023, 1, 5), remark, "assertion", side="international", title="Interview")
    assert statement.incident_id is None
    assert Incident.objects.count() == 0


def test_an_undated_article_is_not_tied_to_a_dated_incident_by_places_alone(places):
    at_norabak = [places["norabak"]]
    dated = link_one(
        D(2023, 9, 1), "Troops opened fire near Norabak.", "accusation", date=D(2023, 9, 1), places=at_norabak
    )
    undated = link_one(None, "Shelling hit Norabak, the ministry said.", "accusation", places=at_norabak)
    assert undated.incident_id != dated.incident_id
