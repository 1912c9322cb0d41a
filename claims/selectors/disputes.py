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
    """{"confirmed": [...], "suggested": [...]} for the incident whose shown cards are `cards`: each
    a dispute grouped by the statement that denies or contradicts (`counter`), quoted once, with
    every `claims` it sets itself against (one denial of three claims is one dispute, not three):
    {status, counter, claims, verb, object}. Each end is {id, who, actor, side, content, sentence,
    date, date_basis, outlet, url, here}, each claim also {kind, label}; `verb` is the counter's
    labels ("denies", "denies and contradicts"), `object` "it" or "them". Oldest counter first, its
    claims oldest first. `suggested` is empty unless `suggestions` (editors)."""
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
    groups: dict[tuple[str, int], list[dict[str, Any]]] = {}
    for (source, target, kind), status in links.items():
        if source not in shown or target not in shown:
            continue  # an end the scope leaves out (pending under reviewed=only, rejected, hidden)
        claim = {**shown[target], "kind": kind, "label": RelationKind(kind).label}
        groups.setdefault((status, source), []).append(claim)
    result: dict[str, list[dict[str, Any]]] = {"confirmed": [], "suggested": []}
    for (status, source), claims in groups.items():
        claims.sort(key=_by_date)
        labels = list(dict.fromkeys(claim["label"] for claim in claims))
        bucket = "confirmed" if status == RelationStatus.CONFIRMED else "suggested"
        result[bucket].append(
            {
                "status": status,
                "counter": shown[source],
                "claims": claims,
                "verb": " and ".join(labels),
                "object": "it" if len(claims) == 1 else "them",
            }
        )
    for disputes in result.values():
        disputes.sort(key=lambda d: (*_by_date(d["counter"]), d["claims"][0]["id"]))
    return result


def _by_date(end: dict[str, Any]) -> tuple[datetime.date, int]:
    return end["date"] or datetime.date.max, end["id"]
