"""Editors' writes to actors: a new actor, or a new spelling (alias) of an existing one.

Invariants:
- A name or alias names one actor only: a spelling already used by another actor (as its name or
  one of its aliases, compared case-insensitively) is refused, so the extractor's actor lookup
  never has two answers.
- Both writes run in a pghistory context naming the editor, so the actor's history says who added it.
"""

from __future__ import annotations

import pghistory
from django.db import transaction
from django.db.models import F, Func, Q, TextField, Value
from django.db.models.functions import Concat, Upper
from django.utils.text import slugify

from claims.errors import InvalidChange
from claims.models import Actor, ActorKind
from claims.services._clean import as_choice, as_side, as_text, max_length, user_pk


def _named_by(spelling: str) -> Actor | None:
    """The actor whose name or one of whose aliases is `spelling` (ignoring case), if any."""
    # The aliases joined by a separator no spelling contains, and wrapped in it: an exact alias is
    # then a substring "<sep>ALIAS<sep>".
    sep = "\x1f"
    aliases = Concat(
        Value(sep),
        Upper(Func(F("aliases"), Value(sep), function="array_to_string", output_field=TextField())),
        Value(sep),
        output_field=TextField(),
    )
    return (
        Actor.objects.annotate(upper_name=Upper("name"), upper_aliases=aliases)
        .filter(Q(upper_name=spelling.upper()) | Q(upper_aliases__contains=f"{sep}{spelling.upper()}{sep}"))
        .first()
    )


def _unique_slug(name: str) -> str:
    limit = max_length(Actor, "slug")
    base = (slugify(name) or "actor")[: limit - 4]
    slug, n = base, 2
    while Actor.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def actor_create(*, name: str, user, side=None, kind: str = ActorKind.OTHER, aliases: list[str] | None = None) -> Actor:
    """A new actor (name, side, kind, optional aliases); refused if a name or alias is taken."""
    name = as_text(name, "name", max_length=max_length(Actor, "name"), required=True)
    side = as_side(side, "side")
    kind = as_choice(kind or ActorKind.OTHER, ActorKind, "kind")
    spellings = [name] + [as_text(a, "aliases", max_length=200) for a in aliases or []]
    spellings = [s for i, s in enumerate(spellings) if s and s.upper() not in {t.upper() for t in spellings[:i]}]
    with transaction.atomic(), pghistory.context(user=user_pk(user), action="create"):
        for spelling in spellings:
            if taken := _named_by(spelling):
                raise InvalidChange(f"“{spelling}” already names actor #{taken.pk} {taken.name}", field="name")
        return Actor.objects.create(slug=_unique_slug(name), name=name, side=side, kind=kind, aliases=spellings[1:])


def actor_alias_add(*, actor_id: int, alias: str, user) -> Actor:
    """Add a spelling to an actor's aliases; refused if it already names this or another actor."""
    alias = as_text(alias, "alias", max_length=200, required=True)
    with transaction.atomic(), pghistory.context(user=user_pk(user), action="edit"):
        actor = Actor.objects.select_for_update().filter(pk=actor_id).first()
        if actor is None:
            raise InvalidChange(f"actor: no actor #{actor_id}", field="actor")
        if taken := _named_by(alias):
            whose = "this actor" if taken.pk == actor.pk else f"actor #{taken.pk} {taken.name}"
            raise InvalidChange(f"“{alias}” already names {whose}", field="alias")
        actor.aliases = [*actor.aliases, alias]
        actor.save(update_fields=["aliases", "updated_at"])
    return actor
