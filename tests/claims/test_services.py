"""Editorial services: edits under optimistic locking, reviews, incidents, counterclaims."""

from __future__ import annotations

import datetime

import pytest

from claims import services, suggestions
from claims.errors import InvalidChange, MergeRefused, VersionConflict
from claims.models import (
    CasualtyFigure,
    Incident,
    IncidentPlace,
    RelationStatus,
    ReviewStatus,
    Statement,
    StatementRelation,
)
from claims.storing import statement_fingerprint, statements_store
from tests.factories import (
    ActorFactory,
    ArticleFactory,
    CasualtyFigureFactory,
    IncidentFactory,
    PlaceFactory,
    StatementFactory,
    UserFactory,
    side,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def other_editor():
    return UserFactory(username="omar", role="editor")


def test_statement_update_changes_fields_and_bumps_the_version(editor):
    statement = StatementFactory(side=side("armenian"))
    updated = services.statement_update(
        statement_id=statement.pk,
        expected_version=1,
        changes={"side": "azerbaijani", "speaker": "Baku", "stance": "denial", "event_date": "2023-09-02"},
        user=editor,
    )
    assert updated.side.slug == "azerbaijani"
    assert updated.speaker == "Baku"
    assert updated.stance == "denial"
    assert updated.event_date == datetime.date(2023, 9, 2)
    assert updated.version == 2


def test_statement_update_replaces_casualty_figures(editor):
    statement = StatementFactory()
    CasualtyFigureFactory(statement=statement, wounded_low=2, wounded_high=2)
    services.statement_update(
        statement_id=statement.pk,
        expected_version=1,
        changes={
            "casualties": [
                {"party": "armenian", "killed": 2, "wounded": "1"},
                {"party": "azerbaijani", "killed": "3-5"},
            ]
        },
        user=editor,
    )
    figures = {f.party_side.slug: f for f in CasualtyFigure.objects.filter(statement=statement)}
    assert set(figures) == {"armenian", "azerbaijani"}
    assert (figures["armenian"].killed_low, figures["armenian"].wounded_low) == (2, 1)
    assert (figures["azerbaijani"].killed_low, figures["azerbaijani"].killed_high) == (3, 5)


def test_a_stale_save_is_refused_with_the_other_change(editor, other_editor):
    statement = StatementFactory(side=side("armenian"))
    services.statement_update(
        statement_id=statement.pk, expected_version=1, changes={"side": "russian"}, user=other_editor
    )
    with pytest.raises(VersionConflict) as caught:
        services.statement_update(
            statement_id=statement.pk, expected_version=1, changes={"side": "azerbaijani"}, user=editor
        )
    conflict = caught.value
    assert conflict.current.version == 2
    assert conflict.current.side.slug == "russian"
    assert "changed by someone else" in conflict.message
    assert conflict.changes_since[0]["who"] == "omar"
    assert conflict.changes_since[0]["changes"]["side"] == ("armenian", "russian")
    statement.refresh_from_db()
    assert statement.side.slug == "russian"  # nothing overwritten


@pytest.mark.parametrize(
    "changes",
    [
        {"colour": "red"},
        {"stance": "gossip"},
        {"side": "martian"},
        {"speaker": "   "},
        {"event_date": "1st of May"},
        {"casualties": [{"party": "armenian", "killed": "5-2"}]},
        {"casualties": [{"party": "armenian", "killed": -1}]},
        {"incident": 999999},
    ],
)
def test_bad_changes_are_refused_and_nothing_is_written(editor, changes):
    statement = StatementFactory()
    with pytest.raises(InvalidChange):
        services.statement_update(statement_id=statement.pk, expected_version=1, changes=changes, user=editor)
    statement.refresh_from_db()
    assert statement.version == 1


def test_a_new_side_clears_an_actor_of_the_old_side_and_keeps_the_speaker(editor):
    actor = ActorFactory(name="Ministry of Defence of Armenia", side=side("armenian"))
    statement = StatementFactory(side=side("armenian"), actor=actor, speaker="the ministry")
    updated = services.statement_update(
        statement_id=statement.pk, expected_version=1, changes={"side": "azerbaijani"}, user=editor
    )
    assert (updated.side.slug, updated.actor_id, updated.speaker) == ("azerbaijani", None, "the ministry")


def test_a_new_side_keeps_an_actor_of_that_side_or_of_none(editor):
    own = ActorFactory(side=side("azerbaijani"))
    unaligned = ActorFactory(side=None)
    for actor in (own, unaligned):
        statement = StatementFactory(side=side("armenian"), actor=actor)
        updated = services.statement_update(
            statement_id=statement.pk, expected_version=1, changes={"side": "azerbaijani"}, user=editor
        )
        assert updated.actor == actor


def test_a_side_and_an_actor_of_another_side_are_refused_together(editor):
    actor = ActorFactory(name="Ministry of Defence of Armenia", side=side("armenian"))
    statement = StatementFactory(side=side("armenian"))
    changes = {"side": "azerbaijani", "actor": actor.pk}
    with pytest.raises(InvalidChange, match="Ministry of Defence of Armenia") as refused:
        services.statement_update(statement_id=statement.pk, expected_version=1, changes=changes, user=editor)
    assert refused.value.field == "actor"
    with pytest.raises(InvalidChange):
        services.statement_changes_check(changes=changes)
    statement.refresh_from_db()
    assert statement.version == 1


def test_a_side_with_an_actor_of_that_side_sets_both(editor):
    actor = ActorFactory(side=side("azerbaijani"))
    statement = StatementFactory(side=side("armenian"), actor=ActorFactory(side=side("armenian")))
    updated = services.statement_update(
        statement_id=statement.pk, expected_version=1, changes={"side": "azerbaijani", "actor": actor.pk}, user=editor
    )
    assert (updated.side.slug, updated.actor) == ("azerbaijani", actor)


def test_text_limits_come_from_the_model(editor):
    statement = StatementFactory()
    limit = Statement._meta.get_field("speaker").max_length
    with pytest.raises(InvalidChange, match=f"longer than {limit}"):
        services.statement_update(
            statement_id=statement.pk, expected_version=1, changes={"speaker": "x" * (limit + 1)}, user=editor
        )


def test_an_editor_setting_the_incident_records_it_as_certain(editor):
    statement = StatementFactory(incident=None)
    incident = IncidentFactory()
    updated = services.statement_update(
        statement_id=statement.pk, expected_version=1, changes={"incident": incident.pk}, user=editor
    )
    assert updated.incident == incident
    assert updated.incident_confidence == 1.0
    assert "erin" in updated.incident_reason


def test_review_accepts_many_at_once_and_is_idempotent(editor):
    statements = StatementFactory.create_batch(3)
    ids = [s.pk for s in statements]
    assert services.statement_review(statement_ids=ids, decision="accepted", user=editor) == 3
    assert services.statement_review(statement_ids=ids, decision="accepted", user=editor) == 0
    for st in Statement.objects.filter(pk__in=ids):
        assert st.review_status == ReviewStatus.ACCEPTED
        assert st.reviewed_by == editor
        assert st.reviewed_at is not None
        assert st.version == 2


def test_review_refuses_an_unknown_decision(editor):
    statement = StatementFactory()
    with pytest.raises(InvalidChange):
        services.statement_review(statement_ids=[statement.pk], decision="maybe", user=editor)


def test_re_extraction_leaves_an_edited_statement_alone(editor):
    statement = StatementFactory(origin="extracted")
    extracted = {
        "speaker": statement.speaker,
        "actor": "",
        "actor_slug": None,
        "side": "armenian",
        "cue": statement.cue,
        "stance": statement.stance,
        "content": statement.content,
        "sentence": statement.sentence,
        "start": statement.start,
        "end": statement.end,
        "casualties": [],
        "places": [],
        "event_date": None,
        "blamed_side": None,
        "confidence": 0.9,
    }
    Statement.objects.filter(pk=statement.pk).update(fingerprint=statement_fingerprint(extracted))
    services.statement_update(statement_id=statement.pk, expected_version=1, changes={"side": "russian"}, user=editor)
    statements_store(article=statement.article, extracted=[extracted])
    statement.refresh_from_db()
    assert statement.side.slug == "russian"
    same_sentence = Statement.objects.filter(article=statement.article, start=statement.start, end=statement.end)
    assert same_sentence.count() == 1


def test_incident_create_and_update(editor):
    place = PlaceFactory()
    incident = services.incident_create(
        user=editor, title="Shelling of Sotk", kind="shelling", start_date="2022-09-13", places=[place.pk]
    )
    assert incident.status == "developing"
    assert list(incident.places.all()) == [place]
    updated = services.incident_update(
        incident_id=incident.pk,
        expected_version=1,
        changes={"status": "contested", "end_date": "2022-09-14", "places": []},
        user=editor,
    )
    assert updated.status == "contested"
    assert updated.end_date == datetime.date(2022, 9, 14)
    assert updated.places.count() == 0
    assert updated.version == 2


def test_incident_update_with_a_stale_version_conflicts(editor, other_editor):
    incident = IncidentFactory(title="First title")
    services.incident_update(
        incident_id=incident.pk, expected_version=1, changes={"title": "Second"}, user=other_editor
    )
    with pytest.raises(VersionConflict) as caught:
        services.incident_update(incident_id=incident.pk, expected_version=1, changes={"title": "Third"}, user=editor)
    assert caught.value.current.title == "Second"
    incident.refresh_from_db()
    assert incident.title == "Second"


def test_incident_end_before_start_is_refused(editor):
    incident = IncidentFactory(start_date=datetime.date(2023, 9, 1))
    with pytest.raises(InvalidChange):
        services.incident_update(
            incident_id=incident.pk, expected_version=1, changes={"end_date": "2023-08-01"}, user=editor
        )


def test_merge_moves_statements_and_places_and_keeps_merged_into(editor):
    target, source = (
        IncidentFactory(start_date=datetime.date(2023, 9, 1)),
        IncidentFactory(start_date=datetime.date(2023, 9, 2)),
    )
    kept, moved = StatementFactory(incident=target), StatementFactory(incident=source)
    place = PlaceFactory()
    IncidentPlace.objects.create(incident=source, place=place)
    services.incident_merge(source_id=source.pk, target_id=target.pk, user=editor)
    source.refresh_from_db()
    target.refresh_from_db()
    moved.refresh_from_db()
    assert source.merged_into == target
    assert moved.incident == target and moved.version == 2
    assert kept.pk in target.statements.values_list("pk", flat=True)
    assert list(target.places.all()) == [place]
    assert (target.start_date, target.end_date) == (datetime.date(2023, 9, 1), datetime.date(2023, 9, 2))
    assert not Incident.objects.live().filter(pk=source.pk).exists()


@pytest.mark.parametrize("case", ["self", "already merged", "missing"])
def test_merges_that_would_lose_data_are_refused(editor, case):
    a, b = IncidentFactory(), IncidentFactory()
    if case == "self":
        source, target = a.pk, a.pk
    elif case == "already merged":
        services.incident_merge(source_id=a.pk, target_id=b.pk, user=editor)
        source, target = a.pk, b.pk
    else:
        source, target = 999999, b.pk
    with pytest.raises(MergeRefused):
        services.incident_merge(source_id=source, target_id=target, user=editor)


def test_split_moves_the_chosen_statements_to_a_new_incident(editor):
    incident = IncidentFactory(kind="shelling")
    place = PlaceFactory()
    IncidentPlace.objects.create(incident=incident, place=place)
    stay, go = StatementFactory(incident=incident), StatementFactory(incident=incident)
    new = services.incident_split(incident_id=incident.pk, statement_ids=[go.pk], user=editor, title="Second strike")
    assert new.title == "Second strike" and new.kind == "shelling"
    assert list(new.places.all()) == [place]
    assert list(new.statements.all()) == [go]
    assert list(incident.statements.all()) == [stay]


def test_split_refuses_statements_of_another_incident(editor):
    incident = IncidentFactory()
    StatementFactory(incident=incident)
    stranger = StatementFactory()
    with pytest.raises(MergeRefused):
        services.incident_split(incident_id=incident.pk, statement_ids=[stranger.pk], user=editor)


def test_relation_create_confirms_a_suggestion(editor):
    denial, accusation = StatementFactory(stance="denial"), StatementFactory(stance="accusation")
    StatementRelation.objects.create(source=denial, target=accusation, kind="denies", status="suggested")
    relation = services.relation_create(source_id=denial.pk, target_id=accusation.pk, kind="denies", user=editor)
    assert relation.status == RelationStatus.CONFIRMED
    assert relation.created_by == editor
    assert StatementRelation.objects.count() == 1


def test_relation_to_itself_is_refused(editor):
    statement = StatementFactory()
    with pytest.raises(InvalidChange):
        services.relation_create(source_id=statement.pk, target_id=statement.pk, kind="denies", user=editor)


def _incident_with_counterclaims():
    incident = IncidentFactory()
    accusation = StatementFactory(
        incident=incident, side=side("armenian"), stance="accusation", blamed_side=side("azerbaijani")
    )
    denial = StatementFactory(incident=incident, side=side("azerbaijani"), stance="denial")
    counter = StatementFactory(
        incident=incident, side=side("azerbaijani"), stance="accusation", blamed_side=side("armenian")
    )
    a_figures = StatementFactory(incident=incident, side=side("armenian"), stance="casualty-report")
    b_figures = StatementFactory(incident=incident, side=side("azerbaijani"), stance="casualty-report")
    CasualtyFigureFactory(statement=a_figures, party_side=side("armenian"), killed_low=2, killed_high=2)
    CasualtyFigureFactory(statement=b_figures, party_side=side("armenian"), killed_low=0, killed_high=0)
    return incident, accusation, denial, counter, a_figures, b_figures


def test_suggestions_cover_denials_opposite_blame_and_differing_figures():
    incident, accusation, denial, counter, a_figures, b_figures = _incident_with_counterclaims()
    created = services.relation_suggest(incident_id=incident.pk)
    found = {(r.source_id, r.target_id, r.kind) for r in created}
    assert (denial.pk, accusation.pk, "denies") in found
    assert (counter.pk, accusation.pk, "contradicts") in found
    assert (b_figures.pk, a_figures.pk, "contradicts") in found
    assert all(r.status == RelationStatus.SUGGESTED and r.reason for r in created)
    # Nothing between statements of the same side.
    same_side = {frozenset((denial.pk, counter.pk)), frozenset((accusation.pk, a_figures.pk))}
    assert not {frozenset((r.source_id, r.target_id)) for r in created} & same_side


def test_suggesting_for_new_statements_finds_exactly_the_pairs_they_are_part_of():
    """The linker suggests per article, for the statements it just linked: the same pairs a full run
    gives that involve them, nothing between statements that were there before."""
    incident, accusation, denial, counter, a_figures, b_figures = _incident_with_counterclaims()
    full = {(r.source_id, r.target_id, r.kind) for r in relation_suggest_dry(incident)}
    for new in ([denial.pk], [b_figures.pk, counter.pk], [accusation.pk]):
        StatementRelation.objects.all().delete()
        created = services.relation_suggest(incident_id=incident.pk, statement_ids=new)
        expected = {triple for triple in full if set(triple[:2]) & set(new)}
        assert expected and {(r.source_id, r.target_id, r.kind) for r in created} == expected
    # Statements of another incident (or none) bring nothing.
    assert services.relation_suggest(incident_id=incident.pk, statement_ids=[StatementFactory().pk]) == []


def test_suggesting_for_several_incidents_at_once_gives_each_incidents_own_pairs():
    """The linker asks once per run for every incident it touched: the same pairs as one call per
    incident, and none across incidents, though the two share sides and stances."""
    first, *first_statements = _incident_with_counterclaims()
    second, *second_statements = _incident_with_counterclaims()
    alone = {
        incident.pk: {(r.source_id, r.target_id, r.kind) for r in relation_suggest_dry(incident)}
        for incident in (first, second)
    }
    new_in_first = [first_statements[1].pk]  # the denial: only its pairs
    created = services.relations_suggest({first.pk: new_in_first, second.pk: None})
    found = {(r.source_id, r.target_id, r.kind) for r in created}
    expected = {t for t in alone[first.pk] if set(t[:2]) & set(new_in_first)} | alone[second.pk]
    assert alone[first.pk] and alone[second.pk] and found == expected
    incident_of = {s.pk: first.pk for s in first_statements} | {s.pk: second.pk for s in second_statements}
    assert all(incident_of[r.source_id] == incident_of[r.target_id] for r in created)
    assert services.relations_suggest({first.pk: new_in_first, second.pk: None}) == []  # nothing twice


def test_a_denial_in_a_crowded_incident_is_paired_with_the_nearest_claims_only():
    """Hundreds of accusations on a long incident must not turn one denial into hundreds of
    suggestions: the claims in its own article come first, then those of neighbouring articles."""
    incident = IncidentFactory()
    articles = [ArticleFactory(text="x" * 200) for _ in range(9)]
    accusations = [
        StatementFactory(
            incident=incident, article=article, side=side("armenian"), stance="accusation",
            blamed_side=side("azerbaijani"), start=50, end=60,
        )
        for article in articles
    ]  # fmt: skip
    denial = StatementFactory(
        incident=incident, article=articles[4], side=side("azerbaijani"), stance="denial", start=100, end=120
    )
    created = services.relation_suggest(incident_id=incident.pk)
    assert {(r.source_id, r.kind) for r in created} == {(denial.pk, "denies")}
    targets = {r.target_id for r in created}
    assert len(targets) == suggestions.NEAREST
    assert accusations[4].pk in targets  # the claim of its own article
    assert targets <= {a.pk for a in accusations[3:6]}  # and those of the articles around it


def relation_suggest_dry(incident):
    created = services.relation_suggest(incident_id=incident.pk)
    StatementRelation.objects.filter(pk__in=[r.pk for r in created]).delete()
    return created


def test_dismissed_suggestions_are_not_suggested_again(editor):
    incident, *_ = _incident_with_counterclaims()
    first = services.relation_suggest(incident_id=incident.pk)
    for relation in first:
        services.relation_decide(relation_id=relation.pk, status="dismissed", user=editor)
    assert services.relation_suggest(incident_id=incident.pk) == []
    assert StatementRelation.objects.filter(status="dismissed").count() == len(first)
