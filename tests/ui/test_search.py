from claims import selectors
from claims.models import Incident
from tests import factories as f


def _incident_titles(client, **params):
    response = client.get("/incidents/", params)
    assert response.status_code == 200
    return [i.title for i in response.context["page"]]


def test_a_misspelled_place_is_found(world):
    assert [p.slug for p in selectors.places_matching("Stepanakrt")][:1] == ["stepanakert"]


def test_another_name_of_a_place_is_found(world):
    assert [p.slug for p in selectors.places_matching("Khankendi")] == ["stepanakert"]
    assert [p.slug for p in selectors.places_matching("Xankendi")] == ["stepanakert"]


def test_an_unrelated_word_matches_no_place(world):
    assert list(selectors.places_matching("ceasefire")) == []


def test_incident_search_by_misspelled_place(world, client):
    titles = _incident_titles(client, q="Stepanakrt")
    assert set(titles) == {"Shelling of Stepanakert", "Clashes around Stepanakert"}


def test_place_filter_accepts_any_spelling(world, client):
    assert set(_incident_titles(client, place="Khankendi")) == {"Shelling of Stepanakert", "Clashes around Stepanakert"}
    assert _incident_titles(client, place="jermuk") == ["Drone strike near Jermuk"]


def test_full_text_search_finds_incidents_by_statement_words(world, client):
    # "servicemen" appears only in the Azerbaijani casualty report; "killing" matches "killed" by its stem.
    assert _incident_titles(client, q="servicemen killing") == ["Shelling of Stepanakert"]


def test_full_text_search_finds_incidents_through_article_text(world, client):
    # Only the Armenpress article's opening line mentions basements.
    assert _incident_titles(client, q="basements") == ["Shelling of Stepanakert"]


def test_statement_search_ranks_and_highlights(world):
    visible = selectors.statements_for_list(None)
    hits = list(selectors.with_headline(selectors.statements_matching(visible, "servicemen"), "sentence", "servicemen"))
    assert [s.pk for s in hits] == [world.statements["az2"].pk]
    html = selectors.headline_html(hits[0].headline)
    assert "<mark>servicemen</mark>" in html


def test_headline_escapes_article_markup():
    html = selectors.headline_html("<script>alert(1)</script> \x02word\x03")
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert "<mark>word</mark>" in html


def test_actor_names_match_despite_spelling(world):
    assert "az-mod" in [a.slug for a in selectors.actors_matching("Azerbaijani Ministry of Defense")]


def test_search_does_not_reveal_pending_statements_to_anonymous_visitors(world, client):
    f.StatementFactory(
        incident=f.IncidentFactory(title="Quiet incident", status="draft"),
        content="A secret zeppelin sighting",
        sentence="Officials reported a zeppelin.",
        review_status="pending",
    )
    response = client.get("/search/", {"q": "zeppelin"})
    assert b"Quiet incident" not in response.content
    assert [c["id"] for c, _ in response.context["statements"]] == []
    client.force_login(f.UserFactory())
    response = client.get("/search/", {"q": "zeppelin"})
    assert len(response.context["statements"]) == 1
    assert Incident.objects.filter(title="Quiet incident").exists()


def test_search_page_lists_places_people_incidents_statements_and_articles(world, client):
    response = client.get("/search/", {"q": "Khankendi"})
    assert response.status_code == 200
    assert [p.slug for p in response.context["places"]] == ["stepanakert"]
    assert "Shelling of Stepanakert" in [i.title for i in response.context["incidents"]]
    assert [a.pk for a, _ in response.context["articles"]] == [world.articles["az"].pk]


def test_article_search_follows_the_text_as_the_pipeline_writes_it(db):
    from sources.models import Article, ArticleStatus

    article = Article.objects.create(title="Border report", text="Sappers cleared the road near the village.")
    assert list(selectors.articles_matching("sappers")) == [article]
    # The pipeline writes the text with a queryset update; the search follows it…
    Article.objects.filter(pk=article.pk).update(text="Observers counted the craters along the road.")
    assert list(selectors.articles_matching("craters")) == [article]
    assert list(selectors.articles_matching("sappers")) == []
    # …and a status change alone leaves it as it was.
    Article.objects.filter(pk=article.pk).update(status=ArticleStatus.DONE, title="Border report")
    assert list(selectors.articles_matching("border craters")) == [article]
