"""What merging one incident into another would do, for the editor to confirm before it runs.

The preview reads what `services.incident_merge` would write (the same `merged_dates`), and flags
the statements whose dates do not fit the target: an event date or, failing that, the article's
publication date outside the target's window for its kind (`linking.kinds.POLICY`).
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count
from django.db.models.functions import Coalesce

from claims.linking.kinds import POLICY
from claims.models import Incident, IncidentKind, Statement
from claims.services.incidents import merged_dates


@dataclass
class MergePreview:
    source: Incident
    target: Incident
    statements: int
    by_side: list[tuple[str, int]]
    by_review: list[tuple[str, int]]
    new_places: list[str]
    start: datetime.date | None
    end: datetime.date | None
    window: tuple[datetime.date, datetime.date] | None
    misfits: list[dict] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def _window(incident: Incident) -> tuple[datetime.date, datetime.date] | None:
    if incident.start_date is None:
        return None
    policy = POLICY.get(incident.kind, POLICY[IncidentKind.OTHER])
    end = incident.end_date or incident.start_date
    return (
        incident.start_date - datetime.timedelta(days=policy.window_days),
        end + datetime.timedelta(days=policy.window_days + policy.report_lag_days),
    )


def incident_merge_preview(source: Incident, target: Incident, *, misfit_limit: int = 30) -> MergePreview:
    """What moves (statements, per side and review status), the places the target gains, its dates
    after the merge, and the moving statements whose dates fall outside the target's window."""
    moving = Statement.objects.filter(incident=source)
    sides = Counter(
        {
            (row["side__name"] or "Side not identified"): row["n"]
            for row in moving.values("side__name").annotate(n=Count("pk")).order_by()
        }
    )
    reviews = Counter(
        {row["review_status"]: row["n"] for row in moving.values("review_status").annotate(n=Count("pk"))}
    )
    target_places = set(target.places.values_list("pk", flat=True))
    start, end = merged_dates(source, target)
    window = _window(target)
    preview = MergePreview(
        source=source,
        target=target,
        statements=sum(sides.values()),
        by_side=sorted(sides.items(), key=lambda kv: (-kv[1], kv[0])),
        by_review=sorted(reviews.items()),
        new_places=[p.name for p in source.places.order_by("name") if p.pk not in target_places],
        start=start,
        end=end,
        window=window,
    )
    if source.kind != target.kind:
        preview.warnings.append(
            f"The kinds differ: #{source.pk} is {source.get_kind_display().lower()}, "
            f"#{target.pk} {target.get_kind_display().lower()}; the merged incident keeps the latter."
        )
    if window:
        lo, hi = window
        dated = moving.annotate(when=Coalesce("event_date", "article__published")).exclude(when__isnull=True)
        outside = dated.exclude(when__range=(lo, hi)).select_related("side").order_by("when", "pk")
        preview.misfits = [
            {"statement": s, "date": s.when, "event": s.event_date is not None} for s in outside[:misfit_limit]
        ]
        if source.start_date and not (lo <= source.start_date <= hi):
            preview.warnings.append(
                f"#{source.pk} starts on {source.start_date:%-d %B %Y}, outside #{target.pk}'s window "
                f"({lo:%-d %b %Y} – {hi:%-d %b %Y})."
            )
    return preview
