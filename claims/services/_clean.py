"""Validation of editors' changes: turns form or API values into model values, or raises InvalidChange.

Text limits are read from the model fields, so each is stated once (in `claims/models.py`).
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from typing import Any

from claims.errors import InvalidChange
from claims.models import CASUALTY_MEASURES as CASUALTY_COUNTS
from claims.models import (
    Actor,
    CasualtyFigure,
    DatePrecision,
    Incident,
    IncidentKind,
    IncidentStatus,
    Place,
    Side,
    Stance,
    Statement,
)


def user_pk(user) -> int | None:
    return user.pk if user is not None and getattr(user, "is_authenticated", False) else None


def as_date(value, field: str) -> datetime.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError:
        raise InvalidChange(f"{field}: {value!r} is not a date (YYYY-MM-DD)", field=field) from None


def as_side(value, field: str) -> Side | None:
    if value in (None, ""):
        return None
    if isinstance(value, Side):
        return value
    side = Side.objects.filter(slug=str(value)).first()
    if side is None and str(value).isdigit():
        side = Side.objects.filter(pk=int(value)).first()
    if side is None:
        raise InvalidChange(f"{field}: no side {value!r}", field=field)
    return side


def as_row(model, value, field: str, queryset=None):
    if value in (None, ""):
        return None
    if isinstance(value, model):
        return value
    try:
        pk = int(value)
    except (TypeError, ValueError):
        raise InvalidChange(f"{field}: {value!r} is not an id", field=field) from None
    row = (queryset if queryset is not None else model.objects).filter(pk=pk).first()
    if row is None:
        raise InvalidChange(f"{field}: no {model._meta.verbose_name} #{pk}", field=field)
    return row


def as_choice(value, choices, field: str) -> str:
    if value not in choices.values:
        raise InvalidChange(f"{field}: {value!r} is not one of {', '.join(choices.values)}", field=field)
    return value


def as_text(value, field: str, *, max_length: int | None = None, required: bool = False) -> str:
    text = "" if value is None else str(value).strip()
    if required and not text:
        raise InvalidChange(f"{field}: may not be empty", field=field)
    if max_length and len(text) > max_length:
        raise InvalidChange(f"{field}: longer than {max_length} characters", field=field)
    return text


def as_places(value, field: str) -> list[Place]:
    ids = []
    for item in value or []:
        try:
            ids.append(item.pk if isinstance(item, Place) else int(item))
        except (TypeError, ValueError):
            raise InvalidChange(f"{field}: {item!r} is not a place id", field=field) from None
    places = list(Place.objects.filter(pk__in=ids))
    if len(places) != len(set(ids)):
        missing = sorted(set(ids) - {p.pk for p in places})
        raise InvalidChange(f"{field}: no place {', '.join(map(str, missing))}", field=field)
    return places


# How an editor may qualify a count, as `estimate_display` writes it back: "at least 5" (a low bound),
# "up to 20" (a high bound), "about 30" (a best guess). Stored as CasualtyFigure.bounds.
_QUALIFIERS = {
    **dict.fromkeys(("at least", "more than", "over", "no fewer than", "not less than"), "low"),
    **dict.fromkeys(("up to", "at most", "as many as", "no more than", "not more than"), "high"),
    **dict.fromkeys(("about", "around", "approximately", "roughly", "some", "~"), "best"),
}
_QUALIFIED = re.compile(
    r"^(?P<word>" + "|".join(sorted(map(re.escape, _QUALIFIERS), key=len, reverse=True)) + r")\s*(?P<rest>.+)$"
)


def as_count(value, field: str) -> tuple[int | None, int | None]:
    """A casualty count: None, an integer, "3", "2-5", or a (low, high) pair (a qualifier is read and dropped)."""
    low, high, _ = as_qualified_count(value, field)
    return low, high


def as_qualified_count(value, field: str) -> tuple[int | None, int | None, str | None]:
    """(low, high, bound) of a count: "3", "2-5", "at least 5" / "5+", "up to 20", "about 30", or a
    number or (low, high) pair; bound is "low", "high" or "best" for a qualified single number."""
    if value in (None, ""):
        return None, None, None
    bound = None
    if isinstance(value, str):
        text = " ".join(value.lower().split())
        if text.endswith("+"):  # "5+"
            bound, text = "low", text[:-1].strip()
        elif m := _QUALIFIED.match(text):
            bound, text = _QUALIFIERS[m["word"]], m["rest"]
        parts = [p.strip() for p in text.replace("–", "-").split("-")]
        value = parts[0] if len(parts) == 1 else parts
    if isinstance(value, list | tuple):
        if len(value) != 2 or bound:
            raise InvalidChange(f'{field}: give one number, a low-high range or "at least N"', field=field)
        low, high = value
    else:
        low = high = value
    try:
        low, high = int(low), int(high)
    except (TypeError, ValueError):
        raise InvalidChange(
            f'{field}: {value!r} is not a number, a low-high range, "at least N", "up to N" or "about N"',
            field=field,
        ) from None
    if low < 0 or high < low:
        raise InvalidChange(f"{field}: the range must be non-negative with low ≤ high", field=field)
    return low, high, bound


def as_casualties(value) -> list[CasualtyFigure]:
    """Casualty rows from dicts: party (side slug or None), civilian, killed/wounded/captured/missing."""
    figures, seen = [], set()
    for i, item in enumerate(value or [], start=1):
        if not isinstance(item, dict):
            raise InvalidChange(f"casualties: row {i} is not an object", field="casualties")
        party = as_side(item.get("party"), f"casualties row {i} party")
        civilian = bool(item.get("civilian", False))
        key = (party.pk if party else None, civilian)
        if key in seen:
            raise InvalidChange(f"casualties: row {i} repeats a party", field="casualties")
        seen.add(key)
        figure = CasualtyFigure(party_side=party, civilian=civilian)
        for count in CASUALTY_COUNTS:
            low, high, bound = as_qualified_count(item.get(count), f"casualties row {i} {count}")
            setattr(figure, f"{count}_low", low)
            setattr(figure, f"{count}_high", high)
            if bound:
                figure.bounds[count] = bound
        if all(getattr(figure, f"{c}_low") is None for c in CASUALTY_COUNTS):
            continue  # an empty row in a form
        figures.append(figure)
    return figures


def max_length(model, name: str) -> int:
    """The model field's limit: forms, serializers and this module all defer to it."""
    return model._meta.get_field(name).max_length


# One cleaner per field an editor may change: (value, field name) → model value.
Cleaner = Callable[[Any, str], Any]
STATEMENT_CLEANERS: dict[str, Cleaner] = {
    "speaker": lambda value, name: as_text(value, name, max_length=max_length(Statement, name), required=True),
    "actor": lambda value, name: as_row(Actor, value, name, Actor.objects.select_related("side")),
    "side": as_side,
    "cue": lambda value, name: as_text(value, name, max_length=max_length(Statement, name)),
    "stance": lambda value, name: as_choice(value, Stance, name),
    "content": as_text,
    "incident": lambda value, name: as_row(Incident, value, name, Incident.objects.live()),
    "event_date": as_date,
    "blamed_side": as_side,
    "casualties": lambda value, name: as_casualties(value),
    "places": as_places,
}
INCIDENT_CLEANERS: dict[str, Cleaner] = {
    "title": lambda value, name: as_text(value, name, max_length=max_length(Incident, name), required=True),
    "kind": lambda value, name: as_choice(value, IncidentKind, name),
    "start_date": as_date,
    "end_date": as_date,
    "date_precision": lambda value, name: as_choice(value, DatePrecision, name),
    "summary": as_text,
    "status": lambda value, name: as_choice(value, IncidentStatus, name),
    "places": as_places,
}


def clean_changes(changes: dict, cleaners: dict[str, Cleaner]) -> dict:
    """Model values for the changes, in the order given; refuses a field it has no cleaner for."""
    unknown = set(changes) - set(cleaners)
    if unknown:
        raise InvalidChange(f"cannot change {', '.join(sorted(unknown))}", field=sorted(unknown)[0])
    return {name: cleaners[name](value, name) for name, value in changes.items()}


def clean_statement_changes(changes: dict) -> dict:
    values = clean_changes(changes, STATEMENT_CLEANERS)
    actor = values.get("actor")
    if "side" in values and actor is not None and actor.side_id is not None:
        side = values["side"]
        if side is None or side.pk != actor.side_id:
            # A statement's actor speaks for its side: naming both, they must agree.
            raise InvalidChange(
                f"actor: {actor.name} speaks for the {actor.side.name} side, not "
                f"{f'the {side.name} side' if side else 'no side'}; choose an actor of that side or none",
                field="actor",
            )
    return values


def clean_incident_changes(changes: dict) -> dict:
    return clean_changes(changes, INCIDENT_CLEANERS)


def check_dates(start: datetime.date | None, end: datetime.date | None) -> None:
    if start and end and end < start:
        raise InvalidChange("end_date: the end may not come before the start", field="end_date")
