"""A busy incident for the incident page's tests: N statements from the four sides, as a real one
looks (one side talks most, some statements pending or rejected, confirmed and suggested
counterclaims, casualty figures, a speaker left as a bare pronoun). All text is written for these tests."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from claims import models as cm
from tests import factories as f
from tests.ui.scenario import article_with

#: Who speaks for each side, and how much of the incident's talk is theirs (Armenian sources most).
SPEAKERS = {
    "armenian": ("Armenian Ministry of Defence", 0.4),
    "azerbaijani": ("Azerbaijani Ministry of Defence", 0.3),
    "russian": ("Russian Foreign Ministry", 0.17),
    "international": ("OSCE monitoring mission", 0.13),
}
#: The clash's first day; its statements tell of this day and the two after it.
FIRST_DAY = datetime.date(2022, 9, 13)
#: Long sentences, as agencies write them: the claim is the clause after the cue.
SENTENCES = [
    (
        "{who} said on Tuesday evening that {blamed} units had opened fire with mortars and large-calibre "
        "weapons on positions near the village of Sotk, wounding {n} servicemen.",
        "{blamed} units had opened fire with mortars and large-calibre weapons on positions near the village of Sotk",
    ),
    (
        "In a statement posted to its website, {who} denied that its forces had crossed the line of contact "
        "and said the reports of an advance towards the heights above Jermuk were invented.",
        "the reports of an advance towards the heights above Jermuk were invented",
    ),
    (
        "{who} told reporters that the situation along the border remained tense but under control, and "
        "urged both capitals to return to the talks that had stalled in the spring.",
        "the situation along the border remained tense but under control",
    ),
    (
        "According to {who}, drones struck a supply depot and two trucks on the road out of Vardenis "
        "overnight, and {n} people were taken to hospital in the regional centre.",
        "drones struck a supply depot and two trucks on the road out of Vardenis overnight",
    ),
]


@dataclass
class BusyIncident:
    incident: cm.Incident
    statements: list[cm.Statement] = field(default_factory=list)
    pending: list[cm.Statement] = field(default_factory=list)
    rejected: list[cm.Statement] = field(default_factory=list)
    confirmed: list[cm.StatementRelation] = field(default_factory=list)
    suggested: list[cm.StatementRelation] = field(default_factory=list)
    pronoun: cm.Statement | None = None


def _sides_for(n: int) -> list[str]:
    """n side slugs in the `SPEAKERS` proportions, interleaved as reports come in."""
    quota = {slug: max(1, round(share * n)) for slug, (_who, share) in SPEAKERS.items()}
    while sum(quota.values()) > n:
        quota[max(quota, key=quota.get)] -= 1
    while sum(quota.values()) < n:
        quota["armenian"] += 1
    order, left = [], dict(quota)
    while any(left.values()):
        for slug in SPEAKERS:
            if left[slug]:
                order.append(slug)
                left[slug] -= 1
    return order


def build(n: int = 30) -> BusyIncident:
    sides = {slug: f.side(slug) for slug in SPEAKERS}
    actors = {
        slug: f.ActorFactory(name=who, slug=f"busy-{slug}", side=sides[slug])
        for slug, (who, _share) in SPEAKERS.items()
    }
    place = f.PlaceFactory(slug="sotk-busy", name="Sotk")
    incident = f.IncidentFactory(
        title="Clash near Sotk",
        kind=cm.IncidentKind.BORDER_CLASH,
        start_date=FIRST_DAY,
        status=cm.IncidentStatus.CONTESTED,
        summary="Fire exchanged along the border for two days; each side blames the other.",
    )
    incident.places.add(place)
    busy = BusyIncident(incident=incident)
    outlets = [f.OutletFactory(slug=f"busy-outlet-{k}", name=f"Wire {k}", country="GB") for k in range(4)]
    for i, slug in enumerate(_sides_for(n)):
        template, claim = SENTENCES[i % len(SENTENCES)]
        other = "Azerbaijani" if slug == "armenian" else "Armenian"
        values = {"who": SPEAKERS[slug][0], "blamed": other, "n": 2 + i % 5}
        sentence, content = template.format(**values), claim.format(**values)
        day = FIRST_DAY + datetime.timedelta(days=i % 3)
        article, offsets = article_with(
            outlet=outlets[i % len(outlets)], title=f"Report {i} from the border", published=day, sentences=[sentence]
        )
        status = "accepted"
        if i % 7 == 3:
            status = "pending"
        elif i % 11 == 5:
            status = "rejected"
        pronoun = busy.pronoun is None and slug == "azerbaijani" and status == "accepted"
        statement = f.StatementFactory(
            article=article,
            incident=incident,
            start=offsets[0][0],
            end=offsets[0][1],
            sentence=sentence,
            content=content,
            speaker="It" if pronoun else SPEAKERS[slug][0],
            actor=None if pronoun else actors[slug],
            side=sides[slug],
            stance=cm.Stance.DENIAL if i % 4 == 1 else cm.Stance.ACCUSATION,
            cue="denied" if i % 4 == 1 else "said",
            event_date=day,
            review_status=status,
            blamed_side=sides["azerbaijani" if slug == "armenian" else "armenian"],
        )
        statement.places.add(place)
        if i % 4 == 0:
            f.CasualtyFigureFactory(
                statement=statement, party_side=sides[slug], wounded_low=values["n"], wounded_high=values["n"]
            )
        busy.statements.append(statement)
        {"pending": busy.pending, "rejected": busy.rejected}.get(status, []).append(statement)
        if pronoun:
            busy.pronoun = statement
    accepted = [s for s in busy.statements if s.review_status == "accepted"]
    armenian = [s for s in accepted if s.side_id == sides["armenian"].pk]
    azerbaijani = [s for s in accepted if s.side_id == sides["azerbaijani"].pk]
    # Confirmed: Baku denies Yerevan's claims, for as many pairs as the smaller side allows (at most 6).
    for claim, counter in list(zip(armenian, azerbaijani, strict=False))[:6]:
        busy.confirmed.append(
            cm.StatementRelation.objects.create(source=counter, target=claim, kind="denies", status="confirmed")
        )
    # One suggestion the machine made and no editor confirmed.
    russian = [s for s in accepted if s.side_id == sides["russian"].pk]
    busy.suggested.append(
        cm.StatementRelation.objects.create(
            source=russian[0], target=armenian[-1], kind="contradicts", status="suggested"
        )
    )
    return busy
