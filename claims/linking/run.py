"""A linking run: statements grouped by article, each article linked in three passes, links saved.

Runs under one advisory lock and one transaction, so two workers never propose two drafts for the
same new event. Statements an editor touched are not loaded, and the final UPDATE is guarded so an
editor's save in the meantime wins.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

import pghistory
from django.db import connection, transaction

from claims.linking.candidates import Candidates
from claims.linking.drafts import draft_create, refresh_drafts
from claims.linking.evidence import (
    Evidence,
    Profile,
    describe,
    headline_evidence,
    profile_evidence,
    profiles_for,
    statement_evidence,
)
from claims.linking.scoring import (
    LINK_THRESHOLD,
    Match,
    best,
    best_elsewhere,
    compatible,
    cross_score,
    distinct_sub_event,
    score,
)
from claims.models import Incident, IncidentKind, Place, ReviewStatus, Statement
from claims.services import relations_suggest
from sources.models import Article

# Serialises linking so two workers handling articles about the same new event cannot both
# propose a draft for it (the second one sees the first one's draft).
_ADVISORY_LOCK_KEY = 0x6C696E6B  # "link"
# Article columns linking never reads (the page, the text and the analysis are the big ones).
_ARTICLE_BULK = ("raw", "text", "analysis", "minhash_bands")


def incident_link_statements(*, statement_ids: list[int]) -> None:
    """Link each statement to the incident its evidence supports, or to a new draft incident.

    Sets incident, incident_confidence and incident_reason. Statements an editor has reviewed or
    edited are skipped; safe to run twice (a re-run weighs the incidents of the first run first).
    """
    if not statement_ids:
        return
    with transaction.atomic(), pghistory.context(action="link"):
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_ADVISORY_LOCK_KEY])
        todo = list(
            Statement.objects.filter(pk__in=statement_ids, review_status=ReviewStatus.PENDING, version=1)
            .select_related("article", "side", "blamed_side", "actor__parent")
            # Linking reads an article's date and headline; its text, HTML and analysis stay behind.
            .defer(*(f"article__{name}" for name in _ARTICLE_BULK))
            .prefetch_related("places")
            .order_by("article_id", "start", "pk")
        )
        if not todo:
            return
        todo_ids = [st.pk for st in todo]
        run = _Run(relinking=todo_ids)
        run.load({st.incident_id for st in todo if st.incident_id})
        # Drafts these statements leave behind are refreshed, or removed when left empty.
        run.touched_drafts |= {pk for pk, prof in run.profiles.items() if prof.system_owned}
        by_article: dict[int | None, list[Statement]] = defaultdict(list)
        for st in todo:
            by_article[st.article_id].append(st)
        # Each article's other statements already on an incident, read at once for the whole run (the
        # loop below writes only new drafts, which none of these can be on yet).
        context: dict[int, list[Statement]] = defaultdict(list)
        for st in (
            Statement.objects.filter(article_id__in=[pk for pk in by_article if pk is not None], incident__isnull=False)
            .exclude(pk__in=todo_ids)
            .exclude(review_status=ReviewStatus.REJECTED)
            .only("pk", "article_id", "start", "incident_id")
        ):
            context[st.article_id].append(st)
        changed: list[Statement] = []
        for article_id, group in by_article.items():
            earlier = {st.incident_id for st in group if st.incident_id}
            if article_id is None:
                for st in group:  # manual statements share no article with anything
                    changed += ArticleLinker(run, [st], [], earlier=[st.incident_id] if st.incident_id else []).link()
                continue
            changed += ArticleLinker(run, group, context[article_id], earlier=earlier).link()
        _save_links(changed)
        refresh_drafts(run.touched_drafts, run.places)
    # New accounts on an incident may answer what is there: propose counterclaims for editors, only
    # for pairs with a newly linked statement, so the work grows with the incident, not its square.
    linked: dict[int, list[int]] = defaultdict(list)
    for st in changed:
        if st.incident_id:
            linked[st.incident_id].append(st.pk)
    relations_suggest(linked)  # an incident a draft was folded into has no statements left: nothing to suggest


class _Run:
    """One linking run: the profiles it has loaded and the drafts it proposed or changed."""

    def __init__(self, *, relinking: Iterable[int] = ()) -> None:
        self.profiles: dict[int, Profile] = {}
        self.touched_drafts: set[int] = set()
        self.relinking = set(relinking)
        self.places: dict[int, Place] = {}
        self.candidates = Candidates()

    def load(self, ids: Iterable[int]) -> None:
        missing = [pk for pk in ids if pk not in self.profiles]
        if missing:
            self.profiles.update(
                profiles_for(Incident.objects.filter(pk__in=missing), excluding=self.relinking, places=self.places)
            )

    def prefetch(self, evidence: Iterable[Evidence]) -> None:
        """Fetch the candidates of a whole article's statements, and their profiles, in a few queries."""
        keys = {Candidates.key(ev) for ev in evidence}
        self.candidates.fetch(keys)
        self.load({pk for key in keys for pk in self.candidates.ids(key)})

    def db_candidates(self, ev: Evidence) -> list[Profile]:
        ids = self.candidates.ids(Candidates.key(ev))
        self.load(ids)
        return [self.profiles[pk] for pk in ids]

    def draft(self, ev: Evidence) -> Profile:
        """Propose a new incident from one statement's evidence."""
        places = sorted(ev.specific_places.values() or ev.places.values(), key=lambda p: p.name)
        incident = draft_create(
            kind=ev.kind or IncidentKind.OTHER,
            places=places,
            date=ev.date,
            own_date=ev.own_date,
            precision=ev.precision,
        )
        prof = Profile(incident=incident, places={p.pk: p for p in places})
        self.profiles[incident.pk] = prof
        self.candidates.add(incident, prof.places)
        self.touched_drafts.add(incident.pk)
        return prof

    def assign(self, st: Statement, match: Match) -> None:
        """Put the statement on the match's incident (in memory; `_save_links` writes it)."""
        confidence = max(0.05, min(0.99, match.score))
        st.incident = match.profile.incident
        st.incident_confidence = round(confidence, 3)
        st.incident_reason = ("; ".join(match.reasons) or "no evidence")[:400]
        if match.profile.system_owned:
            self.touched_drafts.add(match.profile.incident.pk)


class ArticleLinker:
    """One article's statements, linked in text order by three passes (`link`).

    `context` holds the article's other statements that already sit on an incident; `earlier` the
    incidents these statements were on before (a re-run weighs them as this article's own).
    """

    def __init__(
        self, run: _Run, statements: list[Statement], context: list[Statement], *, earlier: Iterable[int] = ()
    ) -> None:
        self.run = run
        self.statements = statements
        self.evidence = {st.pk: statement_evidence(st) for st in statements}
        run.prefetch(self.evidence.values())
        # (position in the text, incident) of the article's statements placed so far, in text order.
        self.placed: list[tuple[int, int]] = sorted(
            (st.start or 0, st.incident_id) for st in context if st.incident_id is not None
        )
        own_ids = {pk for _, pk in self.placed} | set(earlier)
        run.load(own_ids)
        # The incidents this article is about so far.
        self.incidents: dict[int, Profile] = {
            pk: run.profiles[pk]
            for pk in own_ids
            if pk in run.profiles and run.profiles[pk].incident.merged_into_id is None
        }
        self.changed: list[Statement] = []
        self.created: list[Profile] = []  # drafts this article proposed
        # Drafts for another event within the window of one the article was telling (`distinct_sub_event`).
        self.asides: set[int] = set()
        self.article_id = statements[0].article_id if statements else None
        self._text: str | None = None  # the article's text, read only to find a paragraph break

    def link(self) -> list[Statement]:
        """Link the statements; returns those given an incident."""
        self.link_evidenced()
        self.link_followers()
        self.fold_drafts()
        return self.changed

    def link_evidenced(self) -> None:
        """Pass 1: statements that carry their own evidence, in text order."""
        for st in self.statements:
            ev = self.evidence[st.pk]
            if not ev.has_own_evidence:
                continue
            if ev.habitual and not (ev.own_date or ev.specific_places):
                self.unlink(st, "tells of a habit, not one event, and names no day or place of its own")
                continue
            m = self.best(ev, cross_article=True)
            if m is None:
                prof = self.run.draft(ev)
                self.created.append(prof)
                if any(distinct_sub_event(ev, other) for other in self.incidents.values()):
                    self.asides.add(prof.incident.pk)
                m = Match(profile=prof, score=0.5, reasons=["new draft incident: " + describe(ev)])
            self.place(st, m)

    def link_followers(self) -> None:
        """Pass 2: statements with nothing of their own follow the account around them.

        Not an analyst's remark that names no event, nor a claim set in another time ("earlier this
        year", "repeatedly"): commentary on the conflict at large and its background are about no one
        incident, however close to an account they are quoted.
        """
        for st in self.statements:
            ev = self.evidence[st.pk]
            if ev.has_own_evidence:
                continue
            if ev.commentary or ev.background:
                what = "commentary" if ev.commentary else "a claim about another time"
                self.unlink(st, f"{what} that names no event of its own")
                continue
            m = self.best(ev, cross_article=False)
            if m is None:
                m = self.from_headline(st, ev)
                if m is not None and m.profile.system_owned and m.profile.incident.pk not in self.incidents:
                    self.created.append(m.profile)
            if m is not None:
                self.place(st, m)

    def fold_drafts(self) -> None:
        """Pass 3: move each draft this article proposed onto a better incident, if one fits.

        Taken whole, a draft may be about an incident the article already uses, or one another
        article reported: its statements together carry more evidence than the first one alone did.
        A draft moves only onto an incident that each of its statements' own kind and dates allow: a
        summit dated a year before a clash does not follow the clash's account, nor do its neighbours.
        """
        for prof in self.created:
            if prof.incident.pk not in self.incidents:
                continue
            ev = profile_evidence(prof)
            options = [
                m
                for pk, other in self.incidents.items()
                if pk != prof.incident.pk and (m := score(ev, other, same_article=True))
            ]
            if cross := best_elsewhere(prof, self.run.db_candidates(ev), exclude=set(self.incidents)):
                options.append(cross)
            members = self.members(prof)
            target = best(m for m in options if self.fits(members, prof, m.profile, same_article=m is not cross))
            if target is None:
                continue
            reasons = ["with the rest of its article"] + [r for r in target.reasons if r != "same article"]
            for st in members:
                self.run.assign(st, Match(profile=target.profile, score=target.score, reasons=reasons))
                target.profile.add(self.evidence[st.pk])
            self.incidents.pop(prof.incident.pk)
            self.incidents.setdefault(target.profile.incident.pk, target.profile)
            self.run.touched_drafts.add(prof.incident.pk)

    def members(self, prof: Profile) -> list[Statement]:
        """The statements this run put on an incident."""
        return [st for st in self.changed if st.incident_id == prof.incident.pk]

    def fits(self, members: list[Statement], prof: Profile, target: Profile, *, same_article: bool) -> bool:
        """Whether a draft's statements may all join the target, and the target's own statements from
        this run (another draft of the article) may all stand with the draft."""
        return all(compatible(self.evidence[st.pk], target, same_article=same_article) for st in members) and all(
            compatible(self.evidence[st.pk], prof, same_article=True) for st in self.members(target)
        )

    def same_paragraph(self, position: int) -> bool:
        """Whether no paragraph break lies between the placed statement just before and this position."""
        before = [pos for pos, _ in self.placed if pos <= position]
        if not before or self.article_id is None:
            return False
        if self._text is None:
            self._text = Article.objects.filter(pk=self.article_id).values_list("text", flat=True).first() or ""
        return "\n" not in self._text[before[-1] : position]

    def neighbours(self, position: int) -> tuple[int | None, int | None]:
        """The incidents of the placed statements just before and just after a position."""
        before = [pk for pos, pk in self.placed if pos <= position]
        after = [pk for pos, pk in self.placed if pos > position]
        return (before[-1] if before else None, after[0] if after else None)

    def best(self, ev: Evidence, *, cross_article: bool) -> Match | None:
        """The best incident for a statement: this article's own, or (cross_article) another's."""
        prev_pk, next_pk = self.neighbours(ev.position)
        matches = []
        for pk, prof in self.incidents.items():
            cont = None
            if pk in self.asides and not (pk == prev_pk and self.same_paragraph(ev.position)):
                pass  # an aside goes on within its paragraph, or where a statement's own words take it
            elif pk == prev_pk:
                cont = "continues the account before it"
            elif pk == next_pk and prev_pk is None:
                cont = "introduces the account after it"
            if m := score(ev, prof, same_article=True, continuity=cont):
                matches.append(m)
        # A statement whose words name no event of their own belongs with its neighbours; only a
        # statement that names one may be pulled to another article's incident.
        if cross_article and not (matches and (ev.kind is None or ev.kind_soft)):
            for prof in self.run.db_candidates(ev):
                if prof.incident.pk in self.incidents:
                    continue
                m = cross_score(ev, prof)
                if m and m.score >= LINK_THRESHOLD:
                    matches.append(m)
        return best(matches)

    def unlink(self, st: Statement, reason: str) -> None:
        """Leave the statement off every incident, saying why."""
        if st.incident_id is None and st.incident_reason == reason:
            return
        # A draft it leaves is already among the run's touched drafts (see incident_link_statements).
        st.incident, st.incident_confidence, st.incident_reason = None, None, reason
        self.changed.append(st)

    def place(self, st: Statement, m: Match) -> None:
        self.run.assign(st, m)
        m.profile.add(self.evidence[st.pk])
        self.incidents.setdefault(m.profile.incident.pk, m.profile)
        self.placed.append((st.start or 0, m.profile.incident.pk))
        self.placed.sort()
        self.changed.append(st)

    def from_headline(self, st: Statement, ev: Evidence) -> Match | None:
        """An article with no statement that says which event it is about: use its headline."""
        headline = headline_evidence(st.article, ev.places) if st.article is not None else None
        if headline is None:
            return None
        candidates = [m for prof in self.run.db_candidates(headline) if (m := cross_score(headline, prof))]
        m = max(candidates, key=lambda m: m.score, default=None)
        if m is not None and m.score >= LINK_THRESHOLD:
            m.reasons.insert(0, "from the headline")
            return m
        prof = self.run.draft(headline)
        return Match(profile=prof, score=0.3, reasons=["new draft incident from the headline: " + describe(headline)])


def _save_links(changed: list[Statement]) -> None:
    """Write the links in one UPDATE.

    Guarded so that an editor's save in the meantime wins. No version bump: the machine's link is
    not an editorial change, and storing must still treat the row as untouched.
    """
    rows = {st.pk: st for st in changed}
    if not rows:
        return
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            UPDATE {Statement._meta.db_table} AS s
            SET incident_id = v.incident_id, incident_confidence = v.confidence, incident_reason = v.reason
            FROM unnest(%s::bigint[], %s::bigint[], %s::float8[], %s::text[]) AS v(id, incident_id, confidence, reason)
            WHERE s.id = v.id AND s.version = 1 AND s.review_status = %s
            """,  # noqa: S608 - the table name is ours; every value is a parameter
            [
                list(rows),
                [st.incident_id for st in rows.values()],
                [st.incident_confidence for st in rows.values()],
                [st.incident_reason for st in rows.values()],
                ReviewStatus.PENDING.value,
            ],
        )
