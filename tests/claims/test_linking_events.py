"""Incidents that hold one event each: commentary and background stay off, a draft moves only where each
of its statements fits, distinct sub-events within a kind's window get their own incidents, and nothing
undated links across articles. Statements built with factories (the NLP engine is not involved)."""

from __future__ import annotations

import datetime

import pytest

from claims.models import ActorKind, DatePrecision, IncidentKind
from tests.claims.test_linking import article_with, link, link_article, link_one, row
from tests.factories import ActorFactory, PlaceFactory

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def places(places):
    """The linking tests' places, and a town filed under a province outside Nagorno-Karabakh and a city in it."""
    return {
        **places,
        "vardenis": PlaceFactory(
            slug="vardenis", name="Vardenis", kind="town", region="Gegharkunik", latitude=40.18, longitude=45.73
        ),
        "stepanakert": PlaceFactory(
            slug="stepanakert",
            name="Stepanakert",
            kind="city",
            region="Nagorno-Karabakh",
            latitude=39.82,
            longitude=46.75,
        ),
    }


def clash_at_norabak(places, day: datetime.date, weekday: str) -> dict:
    """An Armenian account of fire near Norabak on that day."""
    return row(f"Troops opened fire near Norabak on {weekday}.", "accusation", date=day, places=[places["norabak"]])


def test_a_provocation_alone_does_not_pull_a_statement_off_the_blockade_it_follows(places):
    corridor = [places["lachin-corridor"]]
    blockade, reaction = link_article(
        D(2023, 1, 17),
        row("Baku denied that it was blocking the Lachin corridor.", "denial", side="azerbaijani", places=corridor),
        row("Yerevan called this step a provocation.", "accusation"),
    )
    assert blockade.incident.kind == IncidentKind.BLOCKADE
    assert reaction.incident_id == blockade.incident_id


def test_an_analysts_remark_that_names_no_event_stays_off_the_incident_it_follows(places):
    think_tank = ActorFactory(kind=ActorKind.THINK_TANK, side=None, name="Institute")
    analyst = ActorFactory(kind=ActorKind.PERSON, side=None, parent=think_tank, name="An analyst")
    clash, reply, remark = article_with(
        D(2021, 7, 28),
        [
            clash_at_norabak(places, D(2021, 7, 28), "Wednesday"),
            row("Baku rejected the claim.", "denial", side="azerbaijani"),
            row("He said the two states were drifting towards confrontation.", "assertion", side="international"),
        ],
    )
    remark.actor = analyst
    remark.save()
    clash, reply, remark = link([clash, reply, remark])
    assert reply.incident_id == clash.incident_id  # a side's reply follows the account
    assert remark.incident_id is None
    assert "commentary" in remark.incident_reason


def test_a_claim_set_earlier_this_year_does_not_follow_the_account_around_it(places):
    clash, background = link_article(
        D(2021, 11, 16),
        clash_at_norabak(places, D(2021, 11, 16), "Tuesday"),
        row("Earlier this year the president said he would force concessions.", "assertion", side="azerbaijani"),
    )
    assert clash.incident_id is not None
    assert background.incident_id is None
    assert "another time" in background.incident_reason


def test_a_checkpoint_on_the_corridor_is_not_the_blockade_of_it(places):
    corridor = [places["lachin-corridor"]]
    blockade, checkpoint = link_article(
        D(2023, 9, 1),
        row("Armenia accused Azerbaijan of blocking the Lachin corridor.", "accusation", places=corridor),
        row("Baku said the checkpoint would not impede civilian traffic.", "assertion", side="azerbaijani"),
    )
    assert blockade.incident.kind == IncidentKind.BLOCKADE
    assert checkpoint.incident_id not in (None, blockade.incident_id)


def test_a_draft_does_not_fold_onto_an_incident_one_of_its_statements_is_dated_away_from(places):
    clash, summit = article_with(
        D(2023, 9, 1),
        [
            clash_at_norabak(places, D(2023, 9, 1), "Friday"),
            row("This was agreed at summits in October 2022.", "assertion", side="russian", date=D(2022, 10, 1)),
        ],
        title="Border clash near Norabak",
    )
    summit.event_date_precision = DatePrecision.MONTH
    summit.save()
    clash, summit = link([clash, summit])
    # The headline made a draft for the summit statement; October 2022 keeps it off the September 2023 clash.
    assert summit.incident_id is not None
    assert summit.incident_id != clash.incident_id


def test_a_shootout_reported_a_day_later_elsewhere_is_another_incident(places):
    clash, reply, later, toll, blame = link_article(
        None,
        row(
            "Armenia said Azerbaijani troops opened fire on its positions near Norabak.",
            "accusation",
            places=[places["norabak"]],
        ),
        row("Baku said the situation was stabilised after its forces returned fire.", "assertion", side="azerbaijani"),
        row(
            "A day later, the Azerbaijani ministry reported a shootout near Tegh.",
            "assertion",
            side="azerbaijani",
            places=[places["tegh"]],
        ),
        row("It said nobody was hurt there.", "assertion", side="azerbaijani"),
        row("Yerevan blamed Baku for the incident.", "accusation", paragraph=True),
    )
    assert reply.incident_id == clash.incident_id
    assert later.incident_id not in (None, clash.incident_id)
    # The aside's account goes on within its paragraph; the blame in the next one is about the article's event.
    assert toll.incident_id == later.incident_id
    assert blame.incident_id == clash.incident_id


def test_an_offensive_the_same_side_places_elsewhere_is_another_incident(places):
    strike, offensive = link_article(
        D(2020, 9, 29),
        row(
            "Armenia said Azerbaijan's forces struck a military unit in Vardenis.",
            "accusation",
            places=[places["vardenis"]],
        ),
        row(
            "Yerevan said Azerbaijan had launched an offensive towards Stepanakert.",
            "accusation",
            places=[places["stepanakert"], places["karabakh"]],
        ),
    )
    assert offensive.incident_id not in (None, strike.incident_id)


def test_a_town_outside_the_region_of_an_incident_a_day_off_does_not_join_it(places):
    sunday, monday = D(2020, 9, 27), D(2020, 9, 28)
    fighting = "Russia said fighting in Nagorno-Karabakh had killed soldiers on Sunday."
    report = link_one(monday, fighting, "assertion", side="russian", date=sunday, places=[places["karabakh"]])
    attack = "Armenia said Azerbaijani forces attacked a military unit in Vardenis on Tuesday."
    strike = link_one(D(2020, 9, 29), attack, "accusation", date=monday, places=[places["vardenis"]])
    assert strike.incident_id not in (None, report.incident_id)
    # On the incident's own day, in the region it names, a report from another article does join.
    shelling = "Armenia said Azerbaijani forces shelled Stepanakert on Sunday."
    same = link_one(sunday, shelling, "accusation", date=sunday, places=[places["stepanakert"]])
    assert same.incident_id == report.incident_id


def test_undated_statements_at_the_same_place_in_two_articles_stay_apart(places):
    first = link_one(None, "Shelling hit Tegh, the ministry said.", "accusation", places=[places["tegh"]])
    second = link_one(None, "Azerbaijan shelled Tegh, Yerevan said.", "accusation", places=[places["tegh"]])
    assert None not in (first.incident_id, second.incident_id)
    assert first.incident_id != second.incident_id


def test_a_habit_is_no_event_even_where_it_names_a_kind(places):
    clash, habit = link_article(
        D(2016, 5, 4),
        clash_at_norabak(places, D(2016, 5, 4), "Wednesday"),
        row("Ever since, the parties occasionally report exchanges of fire along the border.", "accusation"),
    )
    assert clash.incident_id is not None
    assert habit.incident_id is None
    assert "habit" in habit.incident_reason
