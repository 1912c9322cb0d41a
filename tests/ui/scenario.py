"""A small, hand-written world for the UI tests: places with several spellings, four sides, an
incident that the sides tell differently. All text is written for these tests."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from claims import models as cm
from tests import factories as f


@dataclass
class Scenario:
    places: dict[str, cm.Place] = field(default_factory=dict)
    actors: dict[str, cm.Actor] = field(default_factory=dict)
    incidents: dict[str, cm.Incident] = field(default_factory=dict)
    statements: dict[str, cm.Statement] = field(default_factory=dict)
    articles: dict[str, object] = field(default_factory=dict)


def article_with(*, outlet, title: str, published: datetime.date, sentences: list[str], filler: str = ""):
    """An article whose text holds the sentences in order; returns it and each sentence's offsets."""
    parts, offsets, at = [], [], 0
    if filler:
        parts.append(filler + "\n\n")
        at += len(filler) + 2
    for sentence in sentences:
        offsets.append((at, at + len(sentence)))
        parts.append(sentence + " ")
        at += len(sentence) + 1
    text = "".join(parts).rstrip()
    article = f.ArticleFactory(outlet=outlet, title=title, published=published, text=text)
    return article, offsets


def statement_in(article, offsets, index: int, **values) -> cm.Statement:
    start, end = offsets[index]
    return f.StatementFactory(
        article=article, start=start, end=end, sentence=article.text[start:end], review_status="accepted", **values
    )


def toll(party_side: cm.Side, *, civilian: bool, killed: tuple[int, int], wounded=(None, None)) -> dict:
    """A casualty figure's fields: who suffered, whether civilians, and the killed and wounded ranges."""
    ranges = {"killed": killed, "wounded": wounded}
    bounds = {f"{name}_{end}": n for name, pair in ranges.items() for end, n in zip(("low", "high"), pair, strict=True)}
    return {"party_side": party_side, "civilian": civilian, **bounds}


def account_in(article, offsets, index: int, *, actor: cm.Actor, casualties: dict, **values) -> cm.Statement:
    """A reviewed statement by `actor`, speaking for its side, that gives one casualty figure."""
    statement = statement_in(article, offsets, index, actor=actor, side=actor.side, **values)
    f.CasualtyFigureFactory(statement=statement, **casualties)
    return statement


def account_of(s: Scenario, side: dict, article, offsets, shelling_on: dict, **account) -> cm.Statement:
    """One account of scenario.yaml: its actor, sides and places the scenario's, its figure a `toll`."""
    figure = account.pop("casualties")
    casualties = toll(
        side[figure["party"]],
        civilian=figure["civilian"],
        killed=tuple(figure["killed"]),
        wounded=tuple(figure.get("wounded", (None, None))),
    )
    places = account.pop("places", [])
    if "blamed_side" in account:
        account["blamed_side"] = side[account["blamed_side"]]
    actor = s.actors[account.pop("actor")]
    statement = account_in(
        article, offsets, account.pop("sentence"), **shelling_on, actor=actor, casualties=casualties, **account
    )
    statement.places.add(*(s.places[slug] for slug in places))
    return statement


def build() -> Scenario:
    s = Scenario()
    side = {slug: f.side(slug) for slug in ("armenian", "azerbaijani", "russian", "international")}
    s.places["stepanakert"] = f.PlaceFactory(
        slug="stepanakert",
        name="Stepanakert",
        kind="city",
        aliases=["Khankendi", "Xankandi"],
        latitude=39.815,
        longitude=46.752,
    )
    s.places["norabak"] = f.PlaceFactory(slug="norabak", name="Norabak", latitude=40.05, longitude=45.45)
    s.places["jermuk"] = f.PlaceFactory(slug="jermuk", name="Jermuk", kind="town", latitude=39.84, longitude=45.67)
    outlets = {
        "armenpress": f.OutletFactory(slug="armenpress", name="Armenpress"),
        "trend": f.OutletFactory(slug="trend", name="Trend"),
        "wire": f.OutletFactory(slug="wire", name="Global Wire"),
    }
    s.actors["am-mod"] = f.ActorFactory(slug="am-mod", name="Armenian Ministry of Defence", side=side["armenian"])
    s.actors["az-mod"] = f.ActorFactory(slug="az-mod", name="Azerbaijani Ministry of Defence", side=side["azerbaijani"])
    s.actors["un"] = f.ActorFactory(slug="un-spokesperson", name="UN spokesperson", side=side["international"])

    shelling = f.IncidentFactory(
        title="Shelling of Stepanakert",
        kind=cm.IncidentKind.SHELLING,
        start_date=datetime.date(2023, 9, 19),
        status=cm.IncidentStatus.CONTESTED,
        summary="Artillery fire on the city; the sides disagree on who fired and on the toll.",
    )
    shelling.places.add(s.places["stepanakert"])
    s.incidents["shelling"] = shelling
    # Every account tells of the shelling of 19 September, as scenario.yaml has the outlets tell it.
    shelling_on = {"incident": shelling, "event_date": datetime.date(2023, 9, 19)}
    for key, told in yaml.safe_load((Path(__file__).parent / "scenario.yaml").read_text(encoding="utf-8")).items():
        article, offsets = article_with(
            outlet=outlets[told["outlet"]],
            title=told["title"],
            published=told["published"],
            sentences=told["sentences"],
            filler=told.get("filler", ""),
        )
        s.articles[key] = article
        for name, account in told["accounts"].items():
            s.statements[name] = account_of(s, side, article, offsets, shelling_on, **account)
    cm.StatementRelation.objects.create(
        source=s.statements["az"], target=s.statements["am"], kind=cm.RelationKind.DENIES
    )

    older = f.IncidentFactory(
        title="Clashes around Stepanakert", start_date=datetime.date(2020, 10, 4), status=cm.IncidentStatus.SETTLED
    )
    older.places.add(s.places["stepanakert"])
    s.incidents["older"] = older
    f.StatementFactory(incident=older, review_status="accepted", event_date=datetime.date(2020, 10, 4))

    jermuk = f.IncidentFactory(
        title="Drone strike near Jermuk", kind=cm.IncidentKind.DRONE_STRIKE, start_date=datetime.date(2023, 9, 14)
    )
    jermuk.places.add(s.places["jermuk"])
    s.incidents["jermuk"] = jermuk
    f.StatementFactory(incident=jermuk, review_status="accepted", event_date=datetime.date(2023, 9, 14))
    return s
