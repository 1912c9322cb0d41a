"""The gazetteer files load into the database and can be edited afterwards in the admin."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from claims import gazetteer
from claims.models import Actor, Place

pytestmark = pytest.mark.django_db


def test_load_gazetteer_creates_every_actor_and_place(gazetteer_loaded):
    assert Actor.objects.count() == len(gazetteer.load_actors())
    assert Place.objects.count() == len(gazetteer.load_places())
    # Each actor carries its side, and parents are resolved to rows.
    assert not Actor.objects.filter(side__isnull=True).exists()
    with_parent = [e for e in gazetteer.load_actors() if e.parent]
    assert Actor.objects.filter(parent__isnull=False).count() == len(with_parent)


def test_places_keep_their_spellings_and_coordinates(gazetteer_loaded):
    place = Place.objects.get(aliases__contains=["Khankendi"])
    assert "Stepanakert" in {place.name, *place.aliases}
    assert 39 < place.latitude < 41 and 46 < place.longitude < 47.5


def test_rerunning_the_loader_keeps_admin_edits(gazetteer_loaded):
    actor = Actor.objects.get(aliases__contains=["Zakharova"])
    actor.role = "edited in the admin"
    actor.save()
    call_command("load_gazetteer", verbosity=0)
    actor.refresh_from_db()
    assert actor.role == "edited in the admin"
    assert Actor.objects.count() == len(gazetteer.load_actors())


def test_update_flag_restores_the_files_values(gazetteer_loaded):
    actor = Actor.objects.get(aliases__contains=["Zakharova"])
    original = next(e for e in gazetteer.load_actors() if e.slug == actor.slug)
    actor.role = "edited in the admin"
    actor.save()
    call_command("load_gazetteer", "--update", verbosity=0)
    actor.refresh_from_db()
    assert actor.role == original.role


def test_admin_lists_and_searches_the_gazetteer(gazetteer_loaded, admin_client):
    response = admin_client.get("/admin/claims/place/", {"q": "Karvachar"})
    assert response.status_code == 200
    assert "Kalbajar" in response.content.decode()
    response = admin_client.get("/admin/claims/actor/", {"q": "Zakharova"})
    assert response.status_code == 200
    assert "Zakharova" in response.content.decode()


@pytest.mark.parametrize(
    "url",
    [
        "/admin/claims/side/",
        "/admin/claims/incident/",
        "/admin/claims/statement/",
        "/admin/claims/statementrelation/",
        "/admin/claims/casualtyfigure/",
        "/admin/sources/outlet/",
        "/admin/sources/feed/",
        "/admin/sources/article/",
        "/admin/claims/incident/add/",
        "/admin/claims/statement/add/",
    ],
)
def test_admin_pages_render(admin_client, url):
    assert admin_client.get(url).status_code == 200
