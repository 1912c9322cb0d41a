"""Incident linking: put each new statement on the incident it is about, or propose a draft incident.

The evidence, weighed per candidate incident:

- **kind**: words of the claim name what happened (a blockade, a ceasefire agreed, shelling, an
  offensive…). Kinds fall into families; a statement never joins an incident of another family.
- **date**: the statement's own event date must fall within a window of the incident's dates that
  depends on the kind (days for a clash, most of a year for a blockade). Without an own date the
  article's publication date stands in, as an upper bound: reports follow events.
- **places**: gazetteer places (ids, not strings). A shared village or corridor is strong evidence;
  places close on the map are some; two sets of specific places far apart, or a town outside the
  region or province the other side names, count against. Countries and regions are too broad to
  say much.
- **the article**: statements of one article are mostly about its events, and a statement with no
  evidence of its own continues the account of its neighbours — unless it is an analyst's remark or
  a claim set in another time ("earlier this year", "repeatedly"): those stay off incidents, as
  does a habit ("they occasionally report exchanges of fire") that names no day or place. Within
  a kind's window an article may still tell distinct events: one it dates two or more days off,
  says happened "a day later", or (another kind) its side's account puts elsewhere gets its own
  draft, and the account continues from such an aside only within its paragraph.
- **the other side's account** and **shared actors** support a match other evidence already makes.

Across articles a link needs a firm signal (an own date on the incident's day, or within the window
where the places agree; a shared or nearby specific place; or a long-running kind such as a
blockade), and both sides dated: nothing undated links across articles. Otherwise a draft incident
is proposed. A draft the article proposed moves onto a better incident only if each of its
statements' own kind and dates allow it.
Each link stores its confidence and a readable reason. Editors' work is never touched: statements an
editor reviewed or edited (review_status != pending or version > 1) are left alone, and the system
only ever updates incidents it proposed itself (status draft, never edited).

Modules: `kinds` (the per-kind policy table and the words that name a kind), `places` (broad and
specific places, distances, the place a title names), `evidence` (what a statement and an incident
hold), `candidates` (which incidents to weigh), `scoring` (weighing one against one), `run` (a
linking run, article by article), `drafts` (incidents the linker proposes) and `duplicates`
(near-duplicate incidents for editors to merge).
"""

from claims.linking.duplicates import (
    DuplicatePair,
    incident_duplicate_candidates,
    incident_duplicate_candidates_cached,
)
from claims.linking.kinds import kind_from_text
from claims.linking.run import incident_link_statements
from claims.linking.scoring import LINK_THRESHOLD

__all__ = [
    "LINK_THRESHOLD",
    "DuplicatePair",
    "incident_duplicate_candidates",
    "incident_duplicate_candidates_cached",
    "incident_link_statements",
    "kind_from_text",
]
