"""A small, hand-written world for the UI tests: places with several spellings, four sides, an
incident that the sides tell differently. All text is written for these tests."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

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
    # Every account below tells of the shelling of 19 September.
    shelling_on = {"incident": shelling, "event_date": datetime.date(2023, 9, 19)}

    am_article, am_at = article_with(
        outlet=outlets["armenpress"],
        title="Ministry reports shelling of Stepanakert",
        published=datetime.date(2023, 9, 19),
        filler="Residents sheltered in basements overnight.",
        sentences=[
            "The Armenian Ministry of Defence said Azerbaijani forces shelled Stepanakert, killing five civilians.",
            "It added that twelve people were wounded.",
        ],
    )
    am = account_in(
        am_article,
        am_at,
        0,
        **shelling_on,
        actor=s.actors["am-mod"],
        speaker="The Armenian Ministry of Defence",
        cue="said",
        stance=cm.Stance.ACCUSATION,
        content="Azerbaijani forces shelled Stepanakert, killing five civilians.",
        blamed_side=side["azerbaijani"],
        casualties=toll(side["armenian"], civilian=True, killed=(5, 5), wounded=(12, 12)),
    )
    am.places.add(s.places["stepanakert"])
    s.statements["am"] = am
    s.articles["am"] = am_article

    az_article, az_at = article_with(
        outlet=outlets["trend"],
        title="Baku rejects claims about Khankendi",
        published=datetime.date(2023, 9, 20),
        sentences=[
            "The Azerbaijani Ministry of Defence denied that civilians in Khankendi were targeted.",
            "It said two Azerbaijani servicemen were killed by fire from Armenian positions.",
        ],
    )
    az_mod = {**shelling_on, "actor": s.actors["az-mod"], "blamed_side": side["armenian"]}
    az = account_in(
        az_article,
        az_at,
        0,
        **az_mod,
        speaker="The Azerbaijani Ministry of Defence",
        cue="denied",
        stance=cm.Stance.DENIAL,
        content="No civilians were targeted; no civilians were killed.",
        casualties=toll(side["armenian"], civilian=True, killed=(0, 0)),
    )
    az2 = account_in(
        az_article,
        az_at,
        1,
        **az_mod,
        speaker="It",
        cue="said",
        stance=cm.Stance.CASUALTY_REPORT,
        content="Two Azerbaijani servicemen were killed.",
        casualties=toll(side["azerbaijani"], civilian=False, killed=(2, 2)),
    )
    cm.StatementRelation.objects.create(source=az, target=am, kind=cm.RelationKind.DENIES)
    s.statements["az"], s.statements["az2"] = az, az2
    s.articles["az"] = az_article

    un_article, un_at = article_with(
        outlet=outlets["wire"],
        title="UN voices concern over Stepanakert",
        published=datetime.date(2023, 9, 21),
        sentences=["A UN spokesperson said at least five to seven civilians were reported killed in the city."],
    )
    un = account_in(
        un_article,
        un_at,
        0,
        **shelling_on,
        actor=s.actors["un"],
        speaker="A UN spokesperson",
        cue="said",
        stance=cm.Stance.CASUALTY_REPORT,
        content="Five to seven civilians were reported killed.",
        casualties=toll(side["armenian"], civilian=True, killed=(5, 7)),
    )
    s.statements["un"] = un

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
