"""The gazetteer: actors and places kept as readable YAML next to this module.

A plain loader with no Django or database import, so the NLP code, the load command and tests can
all read the same validated entries. Aliases are written without the possessive "'s" (matching code
adds it) and are compared case-insensitively, with curly apostrophes and dashes folded.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import yaml

__all__ = [
    "ACTOR_KINDS",
    "PLACE_KINDS",
    "SIDES",
    "ActorEntry",
    "PlaceEntry",
    "alias_index",
    "load_actors",
    "load_places",
    "normalize_alias",
]

DATA_DIR = Path(__file__).resolve().parent
ACTORS_FILE = DATA_DIR / "actors.yaml"
PLACES_FILE = DATA_DIR / "places.yaml"

SIDES = frozenset({"armenian", "azerbaijani", "russian", "international"})
ACTOR_KINDS = frozenset(
    {
        "person",
        "government",
        "ministry",
        "military",
        "presidency",
        "parliament",
        "organisation",
        "peacekeepers",
        "think-tank",
        "ngo",
        "de-facto-authority",
        "other",
    }
)
PLACE_KINDS = frozenset(
    {
        "village",
        "town",
        "city",
        "district",
        "province",
        "region",
        "corridor",
        "pass",
        "checkpoint",
        "border",
        "country",
        "river",
        "lake",
        "mountain",
    }
)

_SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_COUNTRY_RE = re.compile(r"^[A-Z]{2}$")
# "Armenia's", "Azerbaijan’s": the matcher adds possessives itself, so the data must not.
_POSSESSIVE_RE = re.compile(r"['’]s\b", re.IGNORECASE)
_DASHES = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"), "-")
_QUOTES = dict.fromkeys(map(ord, "\u2018\u2019\u02bc\u0060\u00b4"), "'")

_ACTOR_KEYS = {"slug", "name", "kind", "side", "parent", "role", "country", "aliases", "shared_aliases"}
_PLACE_KEYS = {"slug", "name", "kind", "country", "region", "lat", "lon", "aliases", "shared_aliases"}


@dataclass(frozen=True, slots=True)
class ActorEntry:
    slug: str
    name: str
    kind: str
    side: str
    parent: str | None
    role: str
    country: str | None
    aliases: tuple[str, ...]
    # Aliases this entry knowingly shares with other entries (e.g. a common surname); a resolver
    # must use context to pick one of them.
    shared_aliases: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class PlaceEntry:
    slug: str
    name: str
    kind: str
    country: str | None
    region: str | None
    lat: float
    lon: float
    aliases: tuple[str, ...]
    shared_aliases: tuple[str, ...] = ()


def normalize_alias(text: str) -> str:
    """Fold an alias or mention for comparison: NFKC, casefold, straight quotes and hyphens, no leading 'the'."""
    text = unicodedata.normalize("NFKC", text).translate(_DASHES).translate(_QUOTES)
    text = " ".join(text.split()).casefold()
    return text.removeprefix("the ")


def alias_index(entries: Iterable[ActorEntry | PlaceEntry]) -> dict[str, tuple[str, ...]]:
    """Map each normalised name and alias to the slugs that carry it (more than one only for shared aliases)."""
    index: dict[str, list[str]] = {}
    for entry in entries:
        for alias in (entry.name, *entry.aliases):
            slugs = index.setdefault(normalize_alias(alias), [])
            if entry.slug not in slugs:
                slugs.append(entry.slug)
    return {alias: tuple(slugs) for alias, slugs in index.items()}


def load_actors(path: str | Path | None = None) -> list[ActorEntry]:
    """Read and validate actors.yaml (or `path`); raises ValueError naming the bad entry."""
    return list(_load_actors(Path(path) if path is not None else ACTORS_FILE))


def load_places(path: str | Path | None = None) -> list[PlaceEntry]:
    """Read and validate places.yaml (or `path`); raises ValueError naming the bad entry."""
    return list(_load_places(Path(path) if path is not None else PLACES_FILE))


@functools.cache
def _load_actors(path: Path) -> tuple[ActorEntry, ...]:
    entries = tuple(_actor_from(raw, where) for raw, where in _read_list(path))
    _check_unique_slugs(entries, path)
    slugs = {entry.slug for entry in entries}
    parents = {entry.slug: entry.parent for entry in entries}
    for entry in entries:
        if entry.parent is not None and entry.parent not in slugs:
            raise ValueError(f"{path}: actor {entry.slug!r}: parent {entry.parent!r} is not an actor slug")
        seen = {entry.slug}
        parent = entry.parent
        while parent is not None:
            if parent in seen:
                raise ValueError(f"{path}: actor {entry.slug!r}: parent chain loops back through {parent!r}")
            seen.add(parent)
            parent = parents[parent]
    _check_aliases(entries, path, "actor")
    return entries


@functools.cache
def _load_places(path: Path) -> tuple[PlaceEntry, ...]:
    entries = tuple(_place_from(raw, where) for raw, where in _read_list(path))
    _check_unique_slugs(entries, path)
    _check_aliases(entries, path, "place")
    return entries


def _read_list(path: Path) -> list[tuple[dict, str]]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise ValueError(f"{path}: not valid YAML: {exc}") from exc
    if not isinstance(data, list):
        raise ValueError(f"{path}: expected a list of entries at the top level")
    items = []
    for number, raw in enumerate(data, start=1):
        label = raw.get("slug") if isinstance(raw, dict) else None
        where = f"{path}: entry {number}" + (f" ({label!r})" if label else "")
        if not isinstance(raw, dict):
            raise ValueError(f"{where}: expected a mapping, got {type(raw).__name__}")
        items.append((raw, where))
    return items


def _actor_from(raw: dict, where: str) -> ActorEntry:
    _check_keys(raw, where, _ACTOR_KEYS, required={"slug", "name", "kind", "side"})
    slug = _slug(raw, where)
    kind = _choice(raw, "kind", ACTOR_KINDS, where)
    side = _choice(raw, "side", SIDES, where)
    parent = raw.get("parent")
    if parent is not None and not (isinstance(parent, str) and _SLUG_RE.match(parent)):
        raise ValueError(f"{where}: parent must be an actor slug or null, got {parent!r}")
    if parent == slug:
        raise ValueError(f"{where}: an actor cannot be its own parent")
    role = raw.get("role") or ""
    if not isinstance(role, str):
        raise ValueError(f"{where}: role must be text, got {role!r}")
    if kind == "person" and not role:
        raise ValueError(f"{where}: a person needs a role (e.g. 'President of Azerbaijan')")
    aliases, shared = _aliases(raw, where)
    return ActorEntry(
        slug=slug,
        name=_text(raw, "name", where),
        kind=kind,
        side=side,
        parent=parent,
        role=role,
        country=_country(raw, where),
        aliases=aliases,
        shared_aliases=shared,
    )


def _place_from(raw: dict, where: str) -> PlaceEntry:
    _check_keys(raw, where, _PLACE_KEYS, required={"slug", "name", "kind", "lat", "lon"})
    region = raw.get("region")
    if region is not None and not (isinstance(region, str) and region.strip()):
        raise ValueError(f"{where}: region must be a name or null, got {region!r}")
    aliases, shared = _aliases(raw, where)
    return PlaceEntry(
        slug=_slug(raw, where),
        name=_text(raw, "name", where),
        kind=_choice(raw, "kind", PLACE_KINDS, where),
        country=_country(raw, where),
        region=region,
        lat=_coordinate(raw, "lat", 90, where),
        lon=_coordinate(raw, "lon", 180, where),
        aliases=aliases,
        shared_aliases=shared,
    )


def _check_keys(raw: dict, where: str, allowed: set[str], *, required: set[str]) -> None:
    missing = sorted(required - raw.keys())
    if missing:
        raise ValueError(f"{where}: missing {', '.join(missing)}")
    unknown = sorted(set(raw) - allowed)
    if unknown:
        raise ValueError(f"{where}: unknown field(s) {', '.join(map(str, unknown))}")


def _slug(raw: dict, where: str) -> str:
    slug = raw["slug"]
    if not (isinstance(slug, str) and _SLUG_RE.match(slug)):
        raise ValueError(f"{where}: slug must be lowercase words joined by hyphens, got {slug!r}")
    return slug


def _text(raw: dict, key: str, where: str) -> str:
    value = raw[key]
    if not (isinstance(value, str) and value.strip()):
        raise ValueError(f"{where}: {key} must be non-empty text, got {value!r}")
    return value.strip()


def _choice(raw: dict, key: str, allowed: frozenset[str], where: str) -> str:
    value = raw[key]
    if value not in allowed:
        raise ValueError(f"{where}: unknown {key} {value!r}; expected one of {', '.join(sorted(allowed))}")
    return value


def _country(raw: dict, where: str) -> str | None:
    country = raw.get("country")
    if country is not None and not (isinstance(country, str) and _COUNTRY_RE.match(country)):
        raise ValueError(f"{where}: country must be an ISO 3166 alpha-2 code or null, got {country!r}")
    return country


def _coordinate(raw: dict, key: str, limit: int, where: str) -> float:
    value = raw[key]
    if isinstance(value, bool) or not isinstance(value, int | float) or not -limit <= value <= limit:
        raise ValueError(f"{where}: {key} must be a number between -{limit} and {limit}, got {value!r}")
    return float(value)


def _aliases(raw: dict, where: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    lists = {}
    for key in ("aliases", "shared_aliases"):
        values = raw.get(key) or []
        if not isinstance(values, list) or not all(isinstance(v, str) and v.strip() for v in values):
            raise ValueError(f"{where}: {key} must be a list of non-empty strings")
        for value in values:
            if _POSSESSIVE_RE.search(value):
                raise ValueError(f'{where}: alias {value!r} carries a possessive; write it without "\'s"')
        lists[key] = tuple(dict.fromkeys(v.strip() for v in values))
    aliases, shared = lists["aliases"], lists["shared_aliases"]
    # Shared aliases are aliases too; listing them under `aliases` as well is allowed but not needed.
    aliases = tuple(dict.fromkeys((*aliases, *shared)))
    return aliases, shared


def _check_unique_slugs(entries: Iterable[ActorEntry | PlaceEntry], path: Path) -> None:
    seen: set[str] = set()
    for entry in entries:
        if entry.slug in seen:
            raise ValueError(f"{path}: slug {entry.slug!r} is used by more than one entry")
        seen.add(entry.slug)


def _check_aliases(entries: tuple[ActorEntry | PlaceEntry, ...], path: Path, what: str) -> None:
    """An alias (or name) may name two entries only if every one of them lists it in shared_aliases."""
    shared_by = {entry.slug: {normalize_alias(alias) for alias in entry.shared_aliases} for entry in entries}
    for alias, slugs in alias_index(entries).items():
        if len(slugs) < 2:
            continue
        unshared = [slug for slug in slugs if alias not in shared_by[slug]]
        if unshared:
            raise ValueError(
                f"{path}: {what} {unshared[0]!r}: alias {alias!r} is also used by "
                f"{', '.join(repr(s) for s in slugs if s != unshared[0])}; "
                "remove it or list it under shared_aliases in every entry that uses it"
            )
