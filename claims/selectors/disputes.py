"""An incident's disputes: which statement denies or contradicts which, in whose words, and when.

A dispute is a counterclaim link (`StatementRelation`, kind denies or contradicts) between two
statements the viewer may see and the page's review scope shows; at least one end belongs to the
incident, the other may belong to any incident. Confirmed links are disputes; the machine's
suggestions are listed apart, for editors only, and never as fact. Dismissed links count nowhere.

Built from the incident's statement cards (which carry their links): one query of its own, for the
far ends outside the incident, whatever the number of statements.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.urls import reverse

from claims.models import RelationKind, RelationStatus, Statement
from claims.selectors.cards import side_data, statement_rows
from claims.selectors.review import ReviewScope
from claims.templatetags.claims_display import speaker_label

__all__ = ["DISPUTE_KINDS", "incident_disputes"]

#: The links that set one account against another (corroborates and repeats agree).
DISPUTE_KINDS = (RelationKind.DENIES.value, RelationKind.CONTRADICTS.value)


def _when(event_date: datetime.date | None, published: datetime.date | None) -> dict[str, Any]:
    """The date a reader needs beside a quote: when it was published (else the event's date)."""
    if published is not None:
        return {"date": published, "date_basis": "published"}
    return {"date": event_date, "date_basis": "event" if event_date else None}


def _end_of_card(card: dict[str, Any]) -> dict[str, Any]:
    article = card["article"] or {}
    outlet = article.get("outlet") or {}
    return {
        "id": card["id"],
        "incident": card["incident"],
        "who": card["actor"]["name"] if card["actor"] else speaker_label(card["speaker"]),
        "actor": card["actor"],
        "side": card["side"],
        "content": card["content"],
        "sentence": card["sentence"],
        "review_status": card["review_status"],
        "article": article.get("id"),
        "outlet": outlet.get("name"),
        **_when(card["event_date"], article.get("published")),
    }


def _end_of_row(row: dict[str, Any]) -> dict[str, Any]:
    actor = None if row["actor_id"] is None else {"slug": row["actor__slug"], "name": row["actor__name"]}
    return {
        "id": row["id"],
        "incident": row["incident_id"],
        "who": actor["name"] if actor else speaker_label(row["speaker"]),
        "actor": actor,
        "side": side_data(row, "side"),
        "content": row["content"],
        "sentence": row["sentence"],
        "review_status": row["review_status"],
        "article": row["article_id"],
        "outlet": row["article__outlet__name"],
        **_when(row["event_date"], row["article__published"]),
    }


def _with_url(end: dict[str, Any], incident_id: int) -> dict[str, Any]:
    """Link an end where a reader sees it in context: its card on this page, else its incident's
    page, else its own page (a statement not linked to any incident)."""
    end["here"] = end["incident"] == incident_id
    if end["incident"] is not None:
        end["url"] = reverse("claims:incident", args=[end["incident"]]) + f"#statement-{end['id']}"
    else:
        end["url"] = reverse("claims:statement", args=[end["id"]])
    return end


def incident_disputes(
    incident_id: int, cards: list[dict[str, Any]], *, user, scope: ReviewScope, suggestions: bool
) -> dict[str, list[dict[str, Any]]]:
    """{"confirmed": [...], "suggested": [...]} for the incident whose shown cards are `cards`:
    each a {kind, label, status, counter, claim, ends} pair, `counter` the statement that denies or
    contradicts `claim`, each end {id, who, actor, side, content, sentence, date, date_basis,
    outlet, url, here}, oldest counter first. `suggested` is empty unless `suggestions` (editors)."""
    ends = {card["id"]: card for card in cards}
    links: dict[tuple[int, int, str], str] = {}
    for card in cards:
        for link in card["relations"]:
            if link["kind"] not in DISPUTE_KINDS:
                continue
            if link["status"] == RelationStatus.SUGGESTED and not suggestions:
                continue
            pair = (card["id"], link["statement"]) if link["direction"] == "out" else (link["statement"], card["id"])
            links[(*pair, link["kind"])] = link["status"]
    far = {pk for source, target, _kind in links for pk in (source, target)} - set(ends)
    # Always one query (an impossible id when every end is on the page): the same cost for every incident.
    rows = statement_rows(scope.apply(Statement.objects.visible_to(user)).filter(pk__in=far or [0]))
    shown = {pk: _with_url(_end_of_card(card), incident_id) for pk, card in ends.items()}
    shown.update({row["id"]: _with_url(_end_of_row(row), incident_id) for row in rows})
    result: dict[str, list[dict[str, Any]]] = {"confirmed": [], "suggested": []}
    for (source, target, kind), status in links.items():
        if source not in shown or target not in shown:
            continue  # an end the scope leaves out (pending under reviewed=only, rejected, hidden)
        bucket = "confirmed" if status == RelationStatus.CONFIRMED else "suggested"
        result[bucket].append(
            {
                "kind": kind,
                "label": RelationKind(kind).label,
                "status": status,
                "counter": shown[source],
                "claim": shown[target],
                "ends": [shown[target], shown[source]],  # in reading order: the claim, then its counter
            }
        )
    for pairs in result.values():
        pairs.sort(key=lambda p: (p["counter"]["date"] or datetime.date.max, p["counter"]["id"], p["claim"]["id"]))
    return result
