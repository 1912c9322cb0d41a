"""Every read of the claims app: statement cards, the incident comparison, lists, search, filter sets.

Everything here takes the viewer into account through `visible_to(user)`; with `user=None` a read
shows what an anonymous visitor may see. Reads return plain data (dicts, lists, strings, numbers,
dates), the same for the pages, the API and the exports.

- `cards`: the one read model of a statement (`statement_cards`, from `.values()` rows);
- `comparison`: each side's account of an incident, casualty figures side by side, blame;
- `lists`: incident and statement lists, an actor's months, article text;
- `pictures`: the map and the timeline of incidents, and their GeoJSON features;
- `search`: full-text and trigram matching of places, actors, statements, articles, incidents;
- `filters`: the one filter set per resource, and its page dress;
- `review`: the reviewed-only / with-pending and rejected switches (`review_scope`), review counts;
- `disputes`: an incident's claim ↔ counterclaim pairs.

`from claims import selectors` keeps working: the names below are re-exported.
"""

from claims.selectors.cards import (
    STATEMENT_VALUES,
    casualty_data,
    relation_links,
    statement_cards,
    statement_rows,
    with_event_day,
)
from claims.selectors.comparison import (
    UNATTRIBUTED,
    blame_summary,
    casualty_chart_data,
    casualty_table,
    incident_cards,
    incident_comparison,
    incident_data,
    incident_sides,
    sides_in_order,
)
from claims.selectors.disputes import incident_disputes
from claims.selectors.filters import (
    ActorFilterSet,
    IncidentFilter,
    IncidentFilterSet,
    PlaceFilterSet,
    RelationFilterSet,
    StatementFilter,
    StatementFilterSet,
)
from claims.selectors.lists import (
    IdsFirstPaginator,
    actor_timeline,
    article_segments,
    articles_of_outlet,
    disputed,
    incident_stats,
    incidents_for_list,
    statements_for_list,
)
from claims.selectors.overview import overview
from claims.selectors.pictures import (
    CONTEST_LEVELS,
    contest_level,
    incident_feature,
    incident_url_pattern,
    legend,
    map_data,
    timeline_data,
)
from claims.selectors.review import BadReviewScope, ReviewScope, review_counts, review_scope
from claims.selectors.search import (
    ARTICLE_VECTOR,
    STATEMENT_VECTOR,
    actors_matching,
    articles_matching,
    headline_html,
    incident_ids_matching,
    places_matching,
    statements_matching,
    with_headline,
)

__all__ = [
    "ARTICLE_VECTOR",
    "CONTEST_LEVELS",
    "STATEMENT_VALUES",
    "STATEMENT_VECTOR",
    "UNATTRIBUTED",
    "ActorFilterSet",
    "BadReviewScope",
    "IdsFirstPaginator",
    "IncidentFilter",
    "IncidentFilterSet",
    "PlaceFilterSet",
    "RelationFilterSet",
    "ReviewScope",
    "StatementFilter",
    "StatementFilterSet",
    "actor_timeline",
    "actors_matching",
    "article_segments",
    "articles_of_outlet",
    "articles_matching",
    "blame_summary",
    "casualty_chart_data",
    "casualty_data",
    "casualty_table",
    "contest_level",
    "disputed",
    "headline_html",
    "incident_cards",
    "incident_comparison",
    "incident_data",
    "incident_disputes",
    "incident_feature",
    "incident_ids_matching",
    "incident_url_pattern",
    "incident_sides",
    "incident_stats",
    "incidents_for_list",
    "legend",
    "map_data",
    "overview",
    "places_matching",
    "relation_links",
    "review_counts",
    "review_scope",
    "sides_in_order",
    "statement_cards",
    "statement_rows",
    "statements_for_list",
    "statements_matching",
    "timeline_data",
    "with_event_day",
    "with_headline",
]
