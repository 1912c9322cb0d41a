import datetime
import re

import pytest

from claims.models import Incident
from tests import factories as f


def test_incident_page_shows_one_column_per_side_in_order(world, client):
    response = client.get(f"/incidents/{world.incidents['shelling'].pk}/")
    html = response.content.decode()
    columns = re.findall(r'<section class="side-column side-([a-z]+)"', html)
    assert columns == ["armenian", "azerbaijani", "russian", "international"]
    assert "No statement from the Russian side about this incident has been recorded." in html


def test_incident_page_shows_the_facts_above_the_columns(world, client):
    html = client.get(f"/incidents/{world.incidents['shelling'].pk}/").content.decode()
    head = html[: html.index("What each side said")]
    for text in (
        "19 Sep 2023",
        "Stepanakert",
        "Shelling",
        "Contested",
        "Casualty figures",
        "Who each side says started it",
    ):
        assert text in head


def test_disagreements_are_marked_in_words_not_only_colour(world, client):
    html = client.get(f"/incidents/{world.incidents['shelling'].pk}/").content.decode()
    assert "No — they differ on killed" in html
    assert "(disputed)" in html


def test_statement_card_links_to_its_sentence_in_the_article(world, client):
    am = world.statements["am"]
    html = client.get(f"/incidents/{am.incident_id}/").content.decode()
    assert f'href="/articles/{am.article_id}/#s-{am.pk}"' in html
    assert "Denied by" in html


def test_user_text_is_escaped(world, client):
    statement = world.statements["un"]
    statement.content = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    statement.save()
    html = client.get(f"/incidents/{statement.incident_id}/").content.decode()
    assert "<script>alert" not in html
    assert "<img src=x" not in html
    assert "&lt;script&gt;alert" in html


def test_pages_have_a_strict_csp_and_no_inline_code(world, client):
    for url in ("/", f"/incidents/{world.incidents['shelling'].pk}/", f"/articles/{world.articles['am'].pk}/", "/map/"):
        response = client.get(url)
        policy = response["Content-Security-Policy"]
        assert "script-src 'self'" in policy and "unsafe-inline" not in policy
        html = response.content.decode()
        for tag in re.findall(r"<script[^>]*>", html):
            assert "src=" in tag or 'type="application/json"' in tag, tag
        assert " style=" not in html
        assert "onclick" not in html.lower()


def test_unknown_incident_is_404(db, client):
    assert client.get("/incidents/999999/").status_code == 404


def test_a_draft_incident_without_accepted_statements_is_hidden_from_anonymous_visitors(db, client):
    draft = f.IncidentFactory(status="draft")
    f.StatementFactory(incident=draft, review_status="pending")
    assert client.get(f"/incidents/{draft.pk}/").status_code == 404
    client.force_login(f.UserFactory())
    assert client.get(f"/incidents/{draft.pk}/").status_code == 200


def test_a_merged_incident_redirects_to_the_one_it_was_merged_into(db, client):
    target = f.public_incident()
    merged = f.IncidentFactory(merged_into=target)
    response = client.get(f"/incidents/{merged.pk}/")
    assert response.status_code == 302
    assert response["Location"] == f"/incidents/{target.pk}/"


def test_a_merge_of_a_merge_redirects_to_the_incident_that_is_left(db, client):
    target = f.public_incident()
    middle = f.IncidentFactory(merged_into=target)
    first = f.IncidentFactory(merged_into=middle)
    assert client.get(f"/incidents/{first.pk}/")["Location"] == f"/incidents/{target.pk}/"


def test_an_incident_merged_into_one_not_public_yet_says_so(db, client):
    target = f.IncidentFactory(title="Secret working title")
    f.StatementFactory(incident=target, review_status="pending")
    merged = f.IncidentFactory(merged_into=target)
    response = client.get(f"/incidents/{merged.pk}/")
    assert response.status_code == 404
    page = response.content.decode()
    assert f"was merged into incident {target.pk}, which is not public yet" in page
    assert "Secret working title" not in page
    client.force_login(f.UserFactory())
    assert client.get(f"/incidents/{merged.pk}/")["Location"] == f"/incidents/{target.pk}/"


def test_an_incident_not_public_yet_says_why_on_the_branded_404(db, client):
    hidden = f.IncidentFactory(status="settled")
    f.StatementFactory(incident=hidden, review_status="pending")
    response = client.get(f"/incidents/{hidden.pk}/")
    assert response.status_code == 404
    assert "not public yet" in response.content.decode()
    assert "Back to the overview" in response.content.decode()


def test_date_filter_narrows_the_list(world, client):
    response = client.get("/incidents/", {"place": "Stepanakert", "date_from": "2023-01-01"})
    assert [i.title for i in response.context["page"]] == ["Shelling of Stepanakert"]
    response = client.get("/incidents/", {"date_to": "2021-01-01"})
    assert [i.title for i in response.context["page"]] == ["Clashes around Stepanakert"]


def test_kind_status_side_and_outlet_filters(world, client):
    def titles(**params):
        return {i.title for i in client.get("/incidents/", params).context["page"]}

    assert titles(kind="drone-strike") == {"Drone strike near Jermuk"}
    assert titles(status="settled") == {"Clashes around Stepanakert"}
    assert titles(side="international") == {"Shelling of Stepanakert"}
    assert titles(outlet="trend") == {"Shelling of Stepanakert"}


def test_the_filter_form_offers_one_choice_and_keeps_it(world, client):
    """Kind and side are repeatable in the shared filter set; a page shows each as one <select>
    with an "Any …" choice, and an empty choice filters nothing."""
    html = client.get("/incidents/", {"kind": "drone-strike", "status": ""}).content.decode()
    assert '<option value="drone-strike" selected>' in html
    assert '<option value="" selected>Any status</option>' in html
    assert "multiple" not in html.split('name="kind"')[1].split(">")[0]
    statements = client.get("/statements/", {"side": "", "stance": ""})
    assert statements.context["filters"].is_valid()
    assert statements.context["page"].paginator.count == len(statements.context["cards"]) > 0


def test_a_bad_filter_value_is_explained_not_a_server_error(world, client):
    response = client.get("/incidents/", {"date_from": "19/09/2023x", "kind": "nonsense"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Enter a valid date." in html
    assert "Select a valid choice." in html


def test_ordering_by_most_contested(world, client):
    response = client.get("/incidents/", {"ordering": "-contested"})
    assert next(iter(response.context["page"])).title == "Shelling of Stepanakert"
    response = client.get("/incidents/", {"ordering": "date"})
    assert next(iter(response.context["page"])).title == "Clashes around Stepanakert"


def test_list_is_paginated(db, client):
    for day in range(30):
        f.public_incident(start_date=datetime.date(2023, 1, 1) + datetime.timedelta(days=day))
    first = client.get("/incidents/")
    second = client.get("/incidents/", {"page": 2})
    assert len(first.context["page"]) == 25
    assert len(second.context["page"]) == 5
    assert client.get("/incidents/", {"page": "nonsense"}).status_code == 200


def test_htmx_filtering_returns_only_the_results(world, client):
    response = client.get("/incidents/", {"q": "Jermuk"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="incident-results")
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="incident-results"')
    assert "Drone strike near Jermuk" in html and "<html" not in html


def test_timeline_data_follows_the_filters(world, client):
    response = client.get("/incidents/", {"place": "Stepanakert"})
    points = response.context["timeline"]
    assert {p["title"] for p in points} == {"Shelling of Stepanakert", "Clashes around Stepanakert"}
    shelling = next(p for p in points if p["title"] == "Shelling of Stepanakert")
    # One denial statement and one confirmed "denies" link.
    assert shelling["contested"] == 2
    assert '<div id="timeline-data" hidden data-json="[{&quot;id&quot;: ' in response.content.decode()


def test_article_page_highlights_each_attributed_sentence(world, client):
    am = world.statements["am"]
    html = client.get(f"/articles/{am.article_id}/").content.decode()
    assert f'<mark class="attributed side-armenian" id="s-{am.pk}">' in html
    assert f'href="/incidents/{am.incident_id}/#statement-{am.pk}"' in html
    assert "Armenian:</span> The Armenian Ministry of Defence said" in html
    assert "Residents sheltered in basements overnight." in html
    for text in ("Armenpress", "19 Sep 2023", "https://news.example.invalid/", "Analysed"):
        assert text in html


def test_article_page_hides_pending_statements_from_anonymous_visitors(world, client):
    article = world.articles["am"]
    start = article.text.index("It added")
    pending = f.StatementFactory(
        article=article, start=start, end=len(article.text), sentence=article.text[start:], review_status="pending"
    )
    assert f'id="s-{pending.pk}"' not in client.get(f"/articles/{article.pk}/").content.decode()
    client.force_login(f.UserFactory())
    assert f'id="s-{pending.pk}"' in client.get(f"/articles/{article.pk}/").content.decode()


def test_article_page_does_not_link_a_non_web_url(db, client):
    article = f.ArticleFactory(url="javascript:alert(1)", canonical_url="")
    html = client.get(f"/articles/{article.pk}/").content.decode()
    assert 'href="javascript:' not in html


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/actors/az-mod/", "No civilians were targeted"),
        ("/outlets/trend/", "Baku rejects claims about Khankendi"),
        ("/places/stepanakert/", "Shelling of Stepanakert"),
        ("/statements/", "Five to seven civilians were reported killed."),
        ("/map/", "Borders are drawn from Natural Earth"),
    ],
)
def test_entity_pages_show_what_was_said(world, client, url, expected):
    response = client.get(url)
    assert response.status_code == 200
    assert expected in response.content.decode()


def test_actor_page_counts_statements_per_month(world, client):
    response = client.get("/actors/az-mod/")
    over_time = response.context["over_time"]
    assert over_time["months"] == [{"month": "2023-09", "counts": [0, 0, 1, 1, 0]}]


def test_map_data_has_coordinates_of_filtered_incidents(world, client):
    places = client.get("/map/", {"kind": "drone-strike"}).context["places"]
    assert [(p["slug"], p["lat"], p["lon"], len(p["incidents"])) for p in places] == [("jermuk", 39.84, 45.67, 1)]


def test_sides_stylesheet_carries_each_sides_colour(db, client):
    css = client.get("/sides.css").content.decode()
    assert ".side-armenian { --side: #c2410c; }" in css


def test_statement_page(world, client):
    response = client.get(f"/statements/{world.statements['az'].pk}/")
    assert response.status_code == 200
    assert "Denies" in response.content.decode()
    pending = f.StatementFactory(review_status="pending")
    assert client.get(f"/statements/{pending.pk}/").status_code == 404
    assert Incident.objects.exists()


def test_signed_in_readers_see_who_changed_an_incident_and_anonymous_visitors_do_not(world, client):
    from claims import services

    incident = world.incidents["shelling"]
    editor = f.UserFactory(username="hasmik", role="editor")
    services.incident_update(
        incident_id=incident.pk, expected_version=incident.version, changes={"status": "settled"}, user=editor
    )
    url = f"/incidents/{incident.pk}/"
    assert 'class="history"' not in client.get(url).content.decode()

    client.force_login(f.UserFactory(username="rita"))  # a researcher
    html = client.get(url).content.decode()
    history = html[html.index('class="history"') :]
    assert "hasmik" in history and "settled" in history
