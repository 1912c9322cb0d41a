"""factory_boy factories for both apps, and `extracted_statement`, what the NLP engine hands to storing."""

from __future__ import annotations

import datetime

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from claims import models as cm
from sources import models as sm
from sources.nlp.extract import ExtractedStatement


def extracted_statement(sentence: str, **fields) -> ExtractedStatement:
    """The engine's statement of the whole `sentence`: Armenia's Defence Ministry reporting casualties,
    unless `fields` say otherwise."""
    values = {
        "speaker": "Armenia's Defence Ministry",
        "actor": None,
        "actor_slug": None,
        "side": "armenian",
        "cue": "said",
        "stance": "casualty-report",
        "content": "",
        "sentence": sentence,
        "start": 0,
        "end": len(sentence),
    }
    return ExtractedStatement(**(values | fields))


def side(slug: str) -> cm.Side:
    """The seeded sides come from a migration; look them up rather than creating copies."""
    return cm.Side.objects.get(slug=slug)


def _slug_and_name(noun: str) -> tuple[factory.Sequence, factory.Sequence]:
    """A unique slug and name for a factory's n-th row: "actor-3", "Actor 3"."""
    return factory.Sequence(lambda n: f"{noun.lower()}-{n}"), factory.Sequence(lambda n: f"{noun} {n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.invalid")
    password = factory.PostGenerationMethodCall("set_password", "correct horse battery staple")

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if extracted in ("editor", "admin"):
            self.groups.add(Group.objects.get(name=extracted))
        self.save()


class OutletFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = sm.Outlet
        django_get_or_create = ["slug"]

    slug, name = _slug_and_name("Outlet")
    domains = factory.LazyAttribute(lambda o: [f"{o.slug}.example.invalid"])


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = sm.Article

    outlet = factory.SubFactory(OutletFactory)
    url = factory.Sequence(lambda n: f"https://news.example.invalid/{n}")
    canonical_url = factory.LazyAttribute(lambda a: a.url)
    title = factory.Sequence(lambda n: f"Article {n}")
    published = datetime.date(2023, 9, 1)
    text = "The ministry said two soldiers were wounded near Norabak. Baku denied it."
    status = sm.ArticleStatus.DONE


class ActorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = cm.Actor

    slug, name = _slug_and_name("Actor")
    kind = cm.ActorKind.MINISTRY
    side = factory.LazyFunction(lambda: side("armenian"))


class PlaceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = cm.Place

    slug, name = _slug_and_name("Place")
    kind = cm.PlaceKind.VILLAGE
    latitude = 39.9
    longitude = 45.6


class IncidentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = cm.Incident

    title = factory.Sequence(lambda n: f"Incident {n}")
    kind = cm.IncidentKind.BORDER_CLASH
    start_date = datetime.date(2023, 9, 1)
    status = cm.IncidentStatus.DEVELOPING


class StatementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = cm.Statement

    article = factory.SubFactory(ArticleFactory)
    incident = factory.SubFactory(IncidentFactory)
    speaker = "The ministry"
    side = factory.LazyFunction(lambda: side("armenian"))
    cue = "said"
    stance = cm.Stance.CASUALTY_REPORT
    content = "Two soldiers were wounded."
    sentence = "The ministry said two soldiers were wounded near Norabak."
    start = 0
    end = 57
    event_date = datetime.date(2023, 9, 1)
    confidence = 0.8


def public_incident(**values) -> cm.Incident:
    """An incident anonymous visitors may see: one of its statements is accepted (the visibility rule)."""
    incident = IncidentFactory(**values)
    StatementFactory(incident=incident, review_status=cm.ReviewStatus.ACCEPTED)
    return incident


class CasualtyFigureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = cm.CasualtyFigure

    statement = factory.SubFactory(StatementFactory)
    party_side = factory.LazyFunction(lambda: side("armenian"))
    wounded_low = 2
    wounded_high = 2


def statement_form_data(statement: cm.Statement, **overrides) -> dict:
    """What the editor's statement form posts for `statement` as it stands (no actor), with `overrides`."""
    data = {
        "version": statement.version,
        "speaker": statement.speaker,
        "actor": "",
        "side": statement.side.slug if statement.side_id else "",
        "cue": statement.cue,
        "stance": statement.stance,
        "content": statement.content,
        "event_date": statement.event_date.isoformat() if statement.event_date else "",
        "blamed_side": "",
        "incident": statement.incident_id or "",
        "casualties-TOTAL_FORMS": "1",
        "casualties-INITIAL_FORMS": "0",
        "casualties-MIN_NUM_FORMS": "0",
        "casualties-MAX_NUM_FORMS": "12",
    }
    data.update(overrides)
    return data
