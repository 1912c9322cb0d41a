"""The type-ahead endpoints behind the editors' pickers, and new actors and spellings from the
statement page."""

from __future__ import annotations

import re

import pytest
from django.apps import apps
from django.urls import reverse

from claims import services
from claims.errors import InvalidChange
from claims.models import Actor, Statement, StatementRelation
from tests import factories as f

pytestmark = pytest.mark.django_db


def _pick(client, kind: str, q: str) -> list[dict]:
    response = client.get(reverse("editor:pick", args=[kind]), {"q": q})
    assert response.status_code == 200
    return response.json()["results"]


def test_actors_are_found_by_an_alias_as_well_as_by_name(editor_client):
    mod = f.ActorFactory(name="Ministry of Defence of Azerbaijan", aliases=["Azerbaijani MoD"])
    f.ActorFactory(name="Someone else")
    assert [r["value"] for r in _pick(editor_client, "actors", "mod")] == [mod.pk]
    assert [r["value"] for r in _pick(editor_client, "actors", "ministry of def")] == [mod.pk]


def test_places_are_found_by_an_alias(editor_client):
    place = f.PlaceFactory(name="Stepanakert", aliases=["Khankendi"], kind="city")
    assert place.pk in [r["value"] for r in _pick(editor_client, "places", "khanken")]


def test_incidents_are_found_by_number_or_title_and_merged_ones_are_not(editor_client):
    live = f.IncidentFactory(title="Shelling of Jermuk")
    gone = f.IncidentFactory(title="Shelling of Jermuk again", merged_into=live)
    assert [r["value"] for r in _pick(editor_client, "incidents", f"#{live.pk}")] == [live.pk]
    assert [r["value"] for r in _pick(editor_client, "incidents", "jermuk")] == [live.pk]
    assert gone.pk not in [r["value"] for r in _pick(editor_client, "incidents", str(gone.pk))]


def test_counterclaim_targets_come_from_any_incident(editor_client):
    here = f.StatementFactory(incident=f.IncidentFactory(), speaker="Armenian ministry")
    there = f.StatementFactory(incident=f.IncidentFactory(), speaker="Azerbaijani ministry", content="Denied it.")
    found = [r["value"] for r in _pick(editor_client, "statements", "azerbaijani ministry")]
    assert found == [there.pk]
    response = editor_client.post(
        reverse("editor:relation-add", args=[here.pk]), {"kind": "denies", "target": there.pk}
    )
    assert response.status_code == 302
    assert StatementRelation.objects.filter(source=here, target=there, kind="denies").exists()


def test_picks_are_bounded(editor_client):
    for i in range(30):
        f.ActorFactory(name=f"Spokesman {i:02}")
    assert len(_pick(editor_client, "actors", "spokes")) == 20


@pytest.mark.parametrize(
    ("kind", "q", "status"), [("actors", "x" * 101, 400), ("nothing", "x", 404), ("actors", "a\x00b", 400)]
)
def test_bad_picks_are_4xx(editor_client, kind, q, status):
    assert editor_client.get(reverse("editor:pick", args=[kind]), {"q": q}).status_code == status


def test_picks_are_for_editors_only(client):
    url = reverse("editor:pick", args=["actors"])
    assert client.get(url).status_code == 302  # to the login page
    client.force_login(f.UserFactory(role="researcher"))
    assert client.get(url).status_code == 403


def test_an_actor_created_from_the_statement_page_becomes_its_actor_with_history(editor_client, editor):
    statement = f.StatementFactory(speaker="The Artsakh ombudsman", side=None, actor=None)
    response = editor_client.post(
        reverse("editor:actor-create", args=[statement.pk]),
        {
            "new-actor-version": statement.version,
            "new-actor-name": "Artsakh Human Rights Defender",
            "new-actor-side": "armenian",
            "new-actor-kind": "person",
            "new-actor-aliases": "The Artsakh ombudsman; Artsakh ombudsman",
        },
    )
    assert response.status_code == 302
    actor = Actor.objects.get(name="Artsakh Human Rights Defender")
    assert actor.aliases == ["The Artsakh ombudsman", "Artsakh ombudsman"]
    statement.refresh_from_db()
    assert (statement.actor_id, statement.side.slug) == (actor.pk, "armenian")
    event = apps.get_model("claims", "ActorEvent").objects.get(pgh_obj_id=actor.pk, pgh_label="insert")
    assert event.pgh_context.metadata["user"] == editor.pk


def test_a_new_actor_whose_name_is_taken_is_refused_with_a_message(editor_client):
    f.ActorFactory(name="Armenian MFA", aliases=["Foreign Ministry of Armenia"])
    statement = f.StatementFactory()
    response = editor_client.post(
        reverse("editor:actor-create", args=[statement.pk]),
        {
            "new-actor-version": statement.version,
            "new-actor-name": "foreign ministry of armenia",
            "new-actor-kind": "other",
        },
    )
    assert response.status_code == 400
    assert "already names actor" in response.content.decode()
    assert Actor.objects.count() == 1


def test_a_spelling_is_added_to_an_actor_from_the_statement_page(editor_client):
    actor = f.ActorFactory(name="Armenian MFA", aliases=[])
    statement = f.StatementFactory(speaker="Yerevan's diplomats")
    response = editor_client.post(
        reverse("editor:alias-add", args=[statement.pk]),
        {"alias-actor": actor.pk, "alias-alias": "Yerevan's diplomats"},
    )
    assert response.status_code == 302
    actor.refresh_from_db()
    assert actor.aliases == ["Yerevan's diplomats"]


def test_a_spelling_of_another_actor_is_refused():
    one = f.ActorFactory(name="Armenian MFA", aliases=["Yerevan"])
    other = f.ActorFactory(name="Armenian government")
    with pytest.raises(InvalidChange, match="already names actor"):
        services.actor_alias_add(actor_id=other.pk, alias="yerevan", user=None)
    one.refresh_from_db()
    assert one.aliases == ["Yerevan"]


def test_undo_of_a_new_actor_removes_it_and_gives_the_statement_its_actor_back(editor_client):
    before = f.ActorFactory(name="Armenian MFA")
    statement = f.StatementFactory(actor=before, side=before.side)
    page = editor_client.post(
        reverse("editor:actor-create", args=[statement.pk]),
        {"new-actor-version": statement.version, "new-actor-name": "Armenian deputy foreign minister"},
        follow=True,
    ).content.decode()
    assert Statement.objects.get(pk=statement.pk).actor.name == "Armenian deputy foreign minister"
    context = re.search(r'name="context" value="([^"]+)"', page).group(1)
    response = editor_client.post(reverse("editor:undo"), {"context": context})
    assert response.status_code == 302
    assert Statement.objects.get(pk=statement.pk).actor_id == before.pk
    assert not Actor.objects.filter(name="Armenian deputy foreign minister").exists()


def test_a_place_whose_alias_starts_with_the_text_comes_before_one_that_only_mentions_it(editor_client):
    road = f.PlaceFactory(name="A road", aliases=["Road to Khankendi"], kind="corridor")
    city = f.PlaceFactory(name="Stepanakert", aliases=["Khankendi"], kind="city")
    assert [r["value"] for r in _pick(editor_client, "places", "Khankendi")][:2] == [city.pk, road.pk]


@pytest.mark.parametrize("typed", [":", "1.5", "x"])
def test_a_queue_filter_with_a_typed_non_number_answers_with_the_form_not_a_500(typed, client):
    """The incident box of the queue's filters holds whatever was typed: the page says it is wrong."""
    client.force_login(f.UserFactory(role="editor"))
    response = client.get("/editor/", {"incident": typed})
    assert response.status_code in (200, 400)
    assert b"Traceback" not in response.content
