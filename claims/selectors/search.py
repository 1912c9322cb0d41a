"""Search over places, actors, statements, articles and incidents (PostgreSQL full text and trigrams).

Statements are searched only among those the viewer may see: callers pass a `visible_to(user)`
queryset, or the user.
"""

from __future__ import annotations

from dataclasses import dataclass
from difflib import SequenceMatcher

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    TrigramSimilarity,
    TrigramWordSimilarity,
)
from django.db.models import F, Func, Q, QuerySet, Value
from django.db.models.functions import Greatest, Left, Upper
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from claims.models import Actor, IncidentPlace, Place, Statement
from sources.models import Article

# Statements and articles keep their vectors in a column, each stemmed in its own language by a
# trigger (claims.Statement, sources.Article): search them with a query in every analysed language.
STATEMENT_VECTOR = F("search_vector")
ARTICLE_VECTOR = F("search_vector")
# Below this, an alias is too far from what was typed to count as a match.
ALIAS_WORD_SIMILARITY = 0.5
#: How many look-alike places `place_match` weighs.
PLACE_CANDIDATES = 10


def search_query(text: str) -> SearchQuery:
    return SearchQuery(text, search_type="websearch", config="english")


def any_language_query(text: str) -> SearchQuery:
    """The words as English or as Russian: statement and article vectors are stemmed by their
    language, so "Степанакерт" finds "в Степанакерте" and "заявил" finds "заявила"."""
    return search_query(text) | SearchQuery(text, search_type="websearch", config="russian")


def places_matching(text: str) -> QuerySet[Place]:
    """Places whose name or one of its spellings is close to `text` (typos included), best first."""
    text = text.strip()
    if not text:
        return Place.objects.none()
    # A slug (from a link or a place page) means that place and no look-alikes.
    if Place.objects.filter(slug=text).exists():
        return Place.objects.filter(slug=text).annotate(similarity=Value(1.0))
    aliases = Func(F("aliases"), Value(" "), function="array_to_string")
    return (
        Place.objects.annotate(
            uname=Upper("name"),
            similarity=Greatest(
                TrigramSimilarity(Upper("name"), Value(text.upper())),
                TrigramWordSimilarity(Value(text), aliases),
            ),
        )
        .filter(
            Q(uname__trigram_similar=text.upper()) | Q(similarity__gte=ALIAS_WORD_SIMILARITY) | Q(name__iexact=text)
        )
        .order_by("-similarity", "name")
    )


@dataclass(frozen=True)
class PlaceMatch:
    """The one place a place filter means, and the spelling of it that the typed text matched when
    that is not its name (an alias: "Khankendi" for Stepanakert)."""

    place: Place
    matched: str | None = None

    def __str__(self) -> str:
        return f"{self.place.name} (matched '{self.matched}')" if self.matched else self.place.name


def _folded(text: str) -> str:
    return " ".join(text.casefold().split())


def place_match(text: str) -> PlaceMatch | None:
    """The one place `text` names: by slug, by name, by one of its aliases (any case), else the place
    with the closest name or alias (typos). A name wins over another place's alias, so a place is
    never found through a look-alike's spellings while it exists under its own name."""
    text = text.strip()
    if not text:
        return None
    folded = _folded(text)
    candidates = list(places_matching(text)[:PLACE_CANDIDATES])
    for place in candidates:
        if place.slug == text or _folded(place.name) == folded:
            return PlaceMatch(place)
    for place in candidates:
        alias = next((a for a in place.aliases if _folded(a) == folded), None)
        if alias is not None:
            return PlaceMatch(place, alias)
    if not candidates:
        return None
    best = candidates[0]  # places_matching orders by similarity
    spellings = [best.name, *best.aliases]
    closest = max(spellings, key=lambda spelling: SequenceMatcher(None, _folded(spelling), folded).ratio())
    return PlaceMatch(best, None if closest == best.name else closest)


def place_spellings(limit: int = 2000) -> list[dict[str, str]]:
    """Every place's name, with its other spellings, for a place box's suggestions."""
    return [
        {"name": name, "aliases": ", ".join(aliases)}
        for name, aliases in Place.objects.order_by("name").values_list("name", "aliases")[:limit]
    ]


def actors_matching(text: str) -> QuerySet[Actor]:
    text = text.strip()
    if not text:
        return Actor.objects.none()
    aliases = Func(F("aliases"), Value(" "), function="array_to_string")
    return (
        Actor.objects.select_related("side")
        .annotate(
            uname=Upper("name"),
            similarity=Greatest(
                TrigramWordSimilarity(Value(text.upper()), Upper("name")),
                TrigramWordSimilarity(Value(text), aliases),
            ),
        )
        .filter(Q(uname__trigram_similar=text.upper()) | Q(similarity__gte=ALIAS_WORD_SIMILARITY))
        .order_by("-similarity", "name")
    )


def statements_matching(queryset: QuerySet[Statement], text: str) -> QuerySet[Statement]:
    """Full-text match on speaker, content and sentence, in the statement's language; ranked, best first."""
    query = any_language_query(text)
    return (
        queryset.annotate(search=STATEMENT_VECTOR, rank=SearchRank(STATEMENT_VECTOR, query))
        .filter(search=query)
        .order_by("-rank", "-id")
    )


def articles_matching(text: str) -> QuerySet[Article]:
    query = any_language_query(text)
    return (
        Article.objects.select_related("outlet")
        # A result shows the title and an excerpt: the article bodies stay in the database.
        .defer("raw", "text", "analysis", "minhash_bands")
        .annotate(search=ARTICLE_VECTOR, rank=SearchRank(ARTICLE_VECTOR, query))
        .filter(search=query)
        .order_by("-rank", "-id")
    )


#: Highlighting re-parses the text it is given, so it sees only the start of a long one: a whole
#: article took seconds per search; the excerpt then comes from the opening (or is empty).
HEADLINE_MAX_CHARS = 5000


def with_headline(queryset: QuerySet, field: str, text: str) -> QuerySet:
    """Adds `headline`: an excerpt of `field`'s first HEADLINE_MAX_CHARS characters around the match, with
    markers instead of HTML so the text can be escaped before the highlight is turned into <mark>."""
    return queryset.annotate(
        headline=SearchHeadline(
            Left(field, HEADLINE_MAX_CHARS),
            any_language_query(text),
            # Russian's configuration stems Cyrillic words as Russian and Latin ones as English, so
            # the match is marked in a statement or article of either language.
            config="russian",
            start_sel="\x02",
            stop_sel="\x03",
            max_words=35,
            min_words=15,
            max_fragments=2,
            fragment_delimiter=" … ",
        )
    )


def headline_html(headline: str) -> SafeString:
    """Escaped excerpt with its matches in <mark>."""
    escaped = escape(headline or "")
    return mark_safe(escaped.replace("\x02", "<mark>").replace("\x03", "</mark>"))  # noqa: S308 - escaped above


def incident_ids_matching(text: str, *, user) -> Q:
    """Incidents whose title, places, statements (as visible to `user`) or articles match `text`."""
    query = any_language_query(text)
    visible = Statement.objects.visible_to(user).filter(incident__isnull=False)
    by_statement = visible.annotate(search=STATEMENT_VECTOR).filter(search=query).values("incident_id")
    matching_articles = (
        Article.objects.annotate(search=ARTICLE_VECTOR).filter(search=any_language_query(text)).values("pk")
    )
    by_article = visible.filter(article_id__in=matching_articles).values("incident_id")
    places = places_matching(text).values("pk")
    by_place = Q(pk__in=IncidentPlace.objects.filter(place__in=places).values("incident_id")) | Q(
        pk__in=visible.filter(places__in=places).values("incident_id")
    )
    return (
        Q(title__icontains=text)
        | Q(title__trigram_word_similar=text)
        | Q(pk__in=by_statement)
        | Q(pk__in=by_article)
        | by_place
    )
