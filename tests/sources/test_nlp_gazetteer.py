"""The gazetteer abstraction and the shared pipeline built from it."""

from __future__ import annotations

import ast
import threading
from pathlib import Path

import pytest

from claims.services.gazetteer import gazetteer_from_database
from sources.nlp.gazetteer import Actor, Gazetteer, Place, default_gazetteer, normalize
from sources.nlp.model import get_nlp


def test_names_are_folded_for_lookup():
    assert normalize("Azerbaijan’s  Defence-Ministry") == normalize("azerbaijan defence - ministry")
    assert normalize("The Kremlin") == "kremlin"


def test_yaml_gazetteer_finds_actors_by_alias_with_or_without_possessive():
    gaz = default_gazetteer()
    assert gaz.actor_named("Azerbaijan's Defense Ministry").name == "Ministry of Defence of Azerbaijan"
    assert gaz.actor_named("Moscow").side == "russian"
    assert gaz.actor_named("nobody in particular") is None


def test_institution_of_a_country_is_found_by_keywords():
    gaz = default_gazetteer()
    assert gaz.institution(("defence",), "AM", "armenian").name == "Ministry of Defence of Armenia"
    assert (
        gaz.institution(("foreign affairs",), "AZ", "azerbaijani").name == "Ministry of Foreign Affairs of Azerbaijan"
    )


def test_demonyms_come_from_government_aliases():
    gaz = default_gazetteer()
    assert gaz.demonym_actor("Armenian").side == "armenian"
    assert gaz.demonym_actor("Turkish").side == "international"


def test_a_custom_gazetteer_builds_its_own_pipeline():
    gaz = Gazetteer.build(
        [Actor("ruritania", "Government of Ruritania", "government", "international", "RU", aliases=("Strelsau",))],
        [Place("zenda", "Zenda", "town", None, ("Zenda Castle",))],
    )
    nlp = get_nlp(gaz)
    assert nlp is get_nlp(gaz)
    assert nlp is not get_nlp()
    doc = nlp("Strelsau said the road to Zenda was open.")
    assert {(s.text, s.id_) for s in doc.spans["gazetteer"]} == {("Strelsau", "ruritania"), ("Zenda", "zenda")}


def test_get_nlp_loads_once_across_threads():
    found = []
    threads = [threading.Thread(target=lambda: found.append(get_nlp())) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len({id(nlp) for nlp in found}) == 1


@pytest.mark.django_db
def test_the_database_gazetteer_matches_the_yaml_one(gazetteer_loaded):
    from_db = gazetteer_from_database()
    from_yaml = default_gazetteer()
    assert set(from_db.actors) == set(from_yaml.actors)
    assert set(from_db.places) == set(from_yaml.places)
    assert (
        from_db.actor_named("Armenia's foreign ministry").slug
        == from_yaml.actor_named("Armenia's foreign ministry").slug
    )


def test_the_engine_imports_no_model_and_no_claims_module():
    """sources/nlp gets its actors and places as plain values; it reads no app's data itself."""
    engine = Path(__file__).resolve().parents[2] / "sources" / "nlp"
    imported = set()
    for path in engine.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                imported.update((path.name, alias.name) for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                imported.add((path.name, node.module))
    forbidden = {(f, m) for f, m in imported if m.startswith(("claims", "django.db", "sources.models", "ingest"))}
    assert forbidden == set()
