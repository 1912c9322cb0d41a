"""Stored incidents for the benchmarks that need a full database but not its articles."""

from __future__ import annotations

import datetime as dt
import random


def populate_incidents(count: int) -> None:
    """`count` incidents, one a day on average up to the end of 2024, each with three statements and a
    place or two (entered by hand: no articles); 2% have no date."""
    from claims import models as cm

    rng = random.Random(4)
    places = list(
        cm.Place.objects.exclude(kind__in=[cm.PlaceKind.COUNTRY, cm.PlaceKind.REGION]).values_list("pk", flat=True)
    )
    sides = list(cm.Side.objects.values_list("pk", flat=True))
    kinds = [k for k in cm.IncidentKind.values if k != cm.IncidentKind.OTHER]
    stances = list(cm.Stance.values)
    days = count
    first = dt.date(2024, 12, 31) - dt.timedelta(days=days)
    for offset in range(0, count, 1000):
        incidents = []
        for _ in range(min(1000, count - offset)):
            undated = rng.random() < 0.02
            start = None if undated else first + dt.timedelta(days=rng.randrange(days))
            end = start + dt.timedelta(days=rng.randrange(3)) if start and rng.random() < 0.3 else None
            incidents.append(
                cm.Incident(
                    title=f"Stored incident {offset + len(incidents)}",
                    kind=rng.choice(kinds),
                    start_date=start,
                    end_date=end if end != start else None,
                    date_precision=cm.DatePrecision.DAY,
                    status=rng.choice([cm.IncidentStatus.DRAFT, cm.IncidentStatus.SETTLED]),
                )
            )
        cm.Incident.objects.bulk_create(incidents)
        links, statements = [], []
        for incident in incidents:
            named = rng.sample(places, rng.choice([1, 2]))
            links += [cm.IncidentPlace(incident=incident, place_id=p) for p in named]
            for _ in range(3):
                statements.append(
                    cm.Statement(
                        incident=incident,
                        speaker="A spokesperson",
                        side_id=rng.choice(sides),
                        stance=rng.choice(stances),
                        content="A stored account of what happened.",
                        sentence="A spokesperson described what happened.",
                        event_date=incident.start_date,
                        origin=cm.Origin.MANUAL,
                    )
                )
        cm.IncidentPlace.objects.bulk_create(links)
        cm.Statement.objects.bulk_create(statements)
        cm.StatementPlace.objects.bulk_create(
            [cm.StatementPlace(statement=st, place_id=rng.choice(places)) for st in statements]
        )
