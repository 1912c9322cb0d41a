"""Finding the outlet behind an article: by name or alias, else by the domains of its URL; created when unknown.

Slugs survive any script: names are transliterated with ``anyascii`` (ТАСС → ``tass``,
Ազատություն → ``azatowtyown``), cut to fit, and an outlet whose slug is already taken by an outlet
of another name gets the slug plus a short hash of its own name, so unrelated names never share a
row. A name made only of symbols gets ``outlet-<hash>``: never an empty slug.

The outlets that matter here, with their country, affiliation and domains, are kept in
``sources/data/outlets.yaml`` and loaded by ``manage.py load_outlets``; editors change them in the
admin afterwards.
"""

from __future__ import annotations

import hashlib
import ipaddress
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import yaml
from anyascii import anyascii
from django.db import IntegrityError, transaction
from django.db.models import BooleanField
from django.db.models.expressions import RawSQL
from django.utils.text import slugify

from sources.models import Outlet

OUTLETS_FILE = Path(__file__).resolve().parent / "data" / "outlets.yaml"
SLUG_MAX = 120
NAME_MAX = 500
# RFC 2606 / 6761 top-level domains that no real publisher uses (test and documentation hosts).
_RESERVED_TLDS = frozenset({"example", "invalid", "test", "localhost", "local"})


def _hash(name: str) -> str:
    return hashlib.blake2s(name.encode("utf-8", "surrogatepass"), digest_size=8).hexdigest()[:8]


def outlet_slug(name: str) -> str:
    """The slug of a name in any script: transliterated, at most SLUG_MAX characters, never empty."""
    base = slugify(anyascii(name or ""))[: SLUG_MAX - 9].strip("-")
    return base or f"outlet-{_hash(name or '')}"


def _unique_slug(name: str) -> str:
    """``outlet_slug(name)``, or it plus a hash of the name when an outlet of another name holds it."""
    slug = outlet_slug(name)
    holder = Outlet.objects.filter(slug=slug).only("name").first()
    if holder is None or holder.name.casefold() == name.casefold():
        return slug
    return f"{slug}-{_hash(name)}"


def url_domain(url: str) -> str:
    """The URL's host without ``www.``; empty for reserved test hosts (``corpus.example``)."""
    try:
        host = (urlsplit(url).hostname or "").lower().rstrip(".")
    except ValueError:
        return ""
    if host.rsplit(".", 1)[-1] in _RESERVED_TLDS:
        return ""
    return host.removeprefix("www.")


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def _name_key(name: str) -> str:
    return re.sub(r"\s+", " ", name).strip().casefold().removeprefix("the ")


def outlet_by_name(name: str) -> Outlet | None:
    """The outlet of that name or alias (case-insensitive, with or without a leading "The")."""
    name = re.sub(r"\s+", " ", name or "").strip()
    if not name:
        return None
    variants = list({name, name.removeprefix("The ").removeprefix("the "), f"The {name}"})
    for variant in variants:
        found = Outlet.objects.filter(name__iexact=variant).order_by("pk").first()
        if found:
            return found
    alias = RawSQL(
        "EXISTS (SELECT 1 FROM unnest(aliases) a WHERE lower(a) = ANY(%s))",
        ([v.lower() for v in variants],),
        output_field=BooleanField(),
    )
    return Outlet.objects.filter(alias).order_by("pk").first()


def outlet_by_domain(url: str) -> Outlet | None:
    domain = url_domain(url) if url else ""
    if not domain:
        return None
    labels = domain.split(".")
    candidates = [domain] if _is_ip(domain) else [".".join(labels[i:]) for i in range(len(labels) - 1)] or [domain]
    return Outlet.objects.filter(domains__overlap=candidates).order_by("pk").first()


def outlet_create(*, name: str, domain: str = "") -> Outlet:
    """A new outlet of that name (cut to NAME_MAX), or the one that already has exactly that name."""
    name = re.sub(r"\s+", " ", name).strip()[:NAME_MAX]
    existing = outlet_by_name(name)
    if existing is not None:
        return existing
    slug = _unique_slug(name)
    try:
        with transaction.atomic():
            outlet, _ = Outlet.objects.get_or_create(
                slug=slug, name=name, defaults={"domains": [domain] if domain else []}
            )
    except IntegrityError:
        # The same name created a moment ago, or the slug taken by another name in between.
        outlet = Outlet.objects.filter(name=name).first() or Outlet.objects.create(
            slug=f"{outlet_slug(name)[:100]}-{_hash(name + domain)}", name=name, domains=[domain] if domain else []
        )
    return outlet


def outlet_resolve(*, url: str = "", name: str = "", sitename: str = "") -> Outlet | None:
    """The outlet named, else the one whose domains cover the URL's host; created when unknown."""
    name = re.sub(r"\s+", " ", name or "").strip()
    if name:
        return outlet_by_name(name) or outlet_create(name=name)
    found = outlet_by_domain(url)
    if found:
        return found
    domain = url_domain(url) if url else ""
    if sitename:
        named = outlet_by_name(sitename)
        if named:
            return named
    if not domain:
        return None
    return outlet_create(name=sitename or domain, domain=domain)


def known_outlet_names() -> dict[str, str]:
    """Every outlet name and alias (folded, without "The") → the outlet's name, for reading texts."""
    names: dict[str, str] = {}
    for name, aliases in Outlet.objects.values_list("name", "aliases"):
        for value in [name, *aliases]:
            if value and len(value) <= 80:
                names.setdefault(_name_key(value), name)
    return names


# --- The data file ------------------------------------------------------------------------------

_AFFILIATIONS = set(Outlet.Affiliation.values)


@dataclass
class OutletEntry:
    slug: str
    name: str
    country: str = ""
    affiliation: str = Outlet.Affiliation.UNKNOWN
    side: str | None = None
    domains: list[str] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)
    homepage: str = ""


def load_outlet_entries(path: Path = OUTLETS_FILE) -> list[OutletEntry]:
    """The entries of the outlets file, validated; ValueError names the bad entry."""
    rows = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    entries, seen = [], set()
    for row in rows:
        entry = OutletEntry(**row)
        if entry.affiliation not in _AFFILIATIONS:
            raise ValueError(f"{entry.slug}: unknown affiliation {entry.affiliation!r}")
        if len(entry.country) not in (0, 2) or entry.slug in seen:
            raise ValueError(f"{entry.slug}: bad country or duplicate slug")
        seen.add(entry.slug)
        entries.append(entry)
    return entries


def outlets_load(entries: list[OutletEntry], *, update: bool = False) -> dict[str, int]:
    """Create the outlets of the file; existing rows keep their admin edits unless ``update``."""
    from claims.models import Side  # sources sits below claims; the loader alone needs the sides

    sides = {s.slug: s for s in Side.objects.all()}
    created = updated = 0
    for entry in entries:
        values = {
            "name": entry.name,
            "country": entry.country,
            "affiliation": entry.affiliation,
            "side": sides.get(entry.side) if entry.side else None,
            "domains": entry.domains,
            "aliases": entry.aliases,
            "homepage": entry.homepage,
        }
        outlet = Outlet.objects.filter(slug=entry.slug).first() or outlet_by_domain(
            f"https://{entry.domains[0]}/" if entry.domains else ""
        )
        if outlet is None:
            Outlet.objects.create(slug=entry.slug, **values)
            created += 1
        elif update:
            for key, value in values.items():
                setattr(outlet, key, value)
            outlet.save()
            updated += 1
    return {"created": created, "updated": updated}
