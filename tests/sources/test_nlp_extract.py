"""Attribution on sentences written for these tests: cues, speakers, sides, stances, splitting.

The spaCy model comes from the session fixture ``nlp``; no database is used.
"""

from __future__ import annotations

import datetime as dt

import pytest

from sources.nlp import PIPELINE_VERSION
from sources.nlp.errors import BinaryInput, EmptyInput, NotEnglish, TooLarge
from sources.nlp.extract import ExtractedStatement, extract_many, extract_text
from sources.nlp.htmltext import looks_like_html, visible_text


@pytest.fixture
def extract(nlp):
    def run(text: str, **kwargs) -> list[ExtractedStatement]:
        statements = extract_text(text, nlp=nlp, **kwargs)
        html = looks_like_html(text)
        for s in statements:
            # HTML: the sentence is the span's visible text; otherwise the span itself
            assert s.sentence == (
                " ".join(visible_text(text[s.start : s.end]).text.split()) if html else text[s.start : s.end]
            )
        return statements

    return run


def sides(statements):
    return [(s.speaker, s.side) for s in statements]


def only(statements) -> ExtractedStatement:
    assert len(statements) == 1, [(s.speaker, s.cue, s.sentence) for s in statements]
    return statements[0]


def test_pipeline_version_is_a_string():
    assert isinstance(PIPELINE_VERSION, str) and PIPELINE_VERSION


def test_pipeline_has_the_gazetteer_before_ner_and_no_lemmatizer(nlp):
    names = nlp.pipe_names
    assert names.index("gazetteer") < names.index("ner")
    assert "lemmatizer" not in names


def test_the_gazetteer_fixes_places_the_small_model_calls_people(nlp):
    doc = nlp("Shots were fired near Norabak and on the Lachin corridor.")
    labels = {ent.text: ent.label_ for ent in doc.ents}
    assert labels.get("Norabak") != "PERSON"
    assert labels.get("Lachin corridor") != "PERSON"


# --- cues and speakers ----------------------------------------------------------------------------


def test_said_with_a_ministry_subject(extract):
    s = only(extract("Azerbaijan's Defence Ministry said on Monday that Armenian units had shelled its posts."))
    assert s.side == "azerbaijani"
    assert s.actor == "Ministry of Defence of Azerbaijan"
    assert s.cue == "said"
    assert s.stance == "accusation"
    assert s.blamed_side == "armenian"


def test_according_to_names_the_speaker(extract):
    s = only(extract("According to Armenia's foreign ministry, Azerbaijani troops crossed the border near Jermuk."))
    assert (s.speaker, s.side, s.cue) == ("Armenia's foreign ministry", "armenian", "According to")


def test_passive_agent_is_the_speaker(extract):
    s = only(extract("The shelling of Goris was condemned by the European Union on Friday."))
    assert s.side == "international"
    assert s.actor == "European Union"


def test_trailing_attribution_after_a_quote(extract):
    s = only(extract("“Our positions near Tegh came under fire at dawn,” the Armenian Defence Ministry said."))
    assert s.side == "armenian"
    assert s.speaker == "the Armenian Defence Ministry"
    assert "came under fire" in s.content


def test_inverted_said_after_a_quote(extract):
    s = only(extract("“We are ready to talk,” said Sergey Lavrov, Russia's foreign minister."))
    assert s.side == "russian"


def test_a_claim_and_a_denial_in_one_sentence_are_two_statements(extract):
    found = extract("Azerbaijan claims Armenian forces shelled its positions near Lachin, but Yerevan is denying this.")
    assert [(s.side, s.stance) for s in found] == [("azerbaijani", "accusation"), ("armenian", "denial")]


def test_which_x_denies_is_a_statement_of_its_own(extract):
    found = extract("Baku accused Yerevan of moving troops into the region, which Armenia denies.")
    assert [(s.side, s.stance) for s in found] == [("azerbaijani", "accusation"), ("armenian", "denial")]


def test_a_claim_x_rejects(extract):
    found = extract("Baku says its forces were responding to provocations by Armenia, a claim Yerevan rejects.")
    assert sorted(s.side for s in found) == ["armenian", "azerbaijani"]


def test_nominal_claims_by(extract):
    s = only(extract("Tension rose amid claims by Azerbaijan that Armenian sappers had laid new mines."))
    assert s.side == "azerbaijani" and s.cue == "claims by"


def test_possessive_plea_is_an_appeal(extract):
    s = only(
        extract("The Armenian Foreign Ministry's plea for international observers “to come to Syunik” went unanswered.")
    )
    assert (s.side, s.stance) == ("armenian", "appeal")


def test_appositive_heavy_subject_parsed_as_acl(extract):
    s = only(
        extract(
            "On Friday, Vassily Nebenzia, Russia's envoy to the United Nations, called for restraint on both sides."
        )
    )
    assert (s.side, s.stance) == ("russian", "appeal")


def test_joint_speakers_are_split_one_per_side(extract):
    found = extract(
        "Both the Azerbaijani and the Armenian defence ministries said on Thursday that the truce was holding."
    )
    assert sorted(s.side for s in found) == ["armenian", "azerbaijani"]


def test_each_side_blamed_the_other_is_two_accusations(extract):
    found = extract("Each side blamed the other for the clash near the village of Sotk.")
    assert sorted((s.side, s.stance) for s in found) == [("armenian", "accusation"), ("azerbaijani", "accusation")]


def test_a_second_verb_with_another_stance_is_another_statement(extract):
    found = extract("Armenia blamed Azerbaijani units for the fighting and said four soldiers had been captured.")
    assert [(s.stance, s.side) for s in found] == [("accusation", "armenian"), ("casualty-report", "armenian")]


def test_an_elaborating_participle_stays_in_the_statement(extract):
    s = only(
        extract("Azerbaijan denied targeting civilians, saying its strikes were aimed only at military positions.")
    )
    assert s.stance == "denial"


def test_a_casualty_participle_after_an_accusation_is_its_own_statement(extract):
    found = extract(
        "Karabakh officials accused Azerbaijani troops of shelling Martuni, saying that three people died and 8 were hurt."
    )
    assert [s.stance for s in found] == ["accusation", "casualty-report"]
    figure = found[1].casualties[0]
    assert (figure.party, figure.civilian, figure.killed, figure.wounded) == ("armenian", True, (3, 3), (8, 8))


def test_coordinated_countries_each_get_a_statement(extract):
    found = extract("France, Germany and Iran have urged both sides to return to negotiations.")
    assert len(found) == 3 and {s.side for s in found} == {"international"}


# --- speakers resolved from context ---------------------------------------------------------------


def test_it_refers_back_to_the_last_institution(extract):
    found = extract(
        "Armenia's Defence Ministry said one serviceman had been wounded by sniper fire. "
        "It also said Azerbaijani drones had been seen over Jermuk."
    )
    assert [s.speaker for s in found] == ["Armenia's Defence Ministry", "It"]
    assert found[1].actor == "Ministry of Defence of Armenia"


def test_he_refers_back_to_the_last_person(extract):
    found = extract(
        "Jeyhun Bayramov, Azerbaijan's foreign minister, met diplomats in Baku on Monday.\n\n"
        "He said a peace treaty could be signed this year."
    )
    assert found[-1].speaker == "He" and found[-1].side == "azerbaijani"


def test_a_bare_description_takes_the_country_from_context(extract):
    found = extract(
        "Armenia said the village of Tegh had been shelled.\n\n"
        "“The enemy used mortars,” the Defence Ministry said on Twitter."
    )
    assert found[-1].actor == "Ministry of Defence of Armenia"


def test_mr_surname_goes_to_the_person_named_in_the_article_not_the_famous_one(extract):
    found = extract(
        "At the Security Council, Yashar Aliyev, Azerbaijan's envoy, rejected the accusations.\n\n"
        "Mr. Aliyev said the road was open to civilian traffic."
    )
    assert found[-1].actor == "Yashar Aliyev (Azerbaijan's UN envoy)"


def test_analyst_affiliation_makes_an_international_speaker(extract):
    s = only(
        extract(
            "Maria Example, a senior fellow at the Institute for Caucasus Studies, said the escalation was planned."
        )
    )
    assert s.side == "international"


# --- what is not a statement ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "The war killed more than 6,500 people in 2020.",
        "Armenian media reported explosions in the town of Vardenis.",
        "Residents of Goris told reporters they had heard explosions all night.",
        "Reuters could not independently verify the claims made by either side.",
        "Armenian Prime Minister Nikol Pashinyan declined to comment.",
        "Both countries declared martial law and ordered a general mobilisation.",
        "Aliyev reportedly said the operation would continue.",
        "The two leaders are expected to say more on Friday.",
    ],
)
def test_narration_and_unidentified_sources_give_no_statement(extract, text):
    assert extract(text) == []


def test_quoted_continuation_is_folded_into_the_previous_statement(extract):
    found = extract(
        "“The blockade must end,” Ursula von der Leyen said on Monday. “People are running out of food.”\n\n"
        "“We will keep working with both sides.”"
    )
    s = only(found)
    assert "running out of food" in s.content


def test_statements_without_a_side_are_kept_only_on_request(extract):
    text = "Jonas Q. Example said the situation was tense."
    assert extract(text) == []
    assert [s.side for s in extract(text, keep_unsided=True)] == [None]


# --- casualty figures ------------------------------------------------------------------------------


def figures(statement):
    return [c.to_json() for c in statement.casualties]


def test_killed_then_a_third_injured(extract):
    s = only(extract("The ministry of Armenia said two soldiers had been killed—and a third injured—by mortar fire."))
    assert figures(s) == [
        {"party": "armenian", "civilian": False, "killed": 2, "wounded": 1, "captured": None, "missing": None}
    ]


def test_as_many_as_and_at_least_are_recorded_as_the_number(extract):
    s = only(extract("Azerbaijani officials said as many as 9 servicemen may have died and at least 23 were wounded."))
    assert figures(s)[0]["killed"] == 9 and figures(s)[0]["wounded"] == 23


def test_dozens_is_a_range(extract):
    s = only(extract("Armenia's health ministry said dozens of civilians had been wounded."))
    assert figures(s)[0]["wounded"] == {"low": 24, "high": 99}
    assert figures(s)[0]["civilian"] is True


def test_its_soldiers_belong_to_the_speaker(extract):
    s = only(extract("Azerbaijan said three of its soldiers were wounded near Kalbajar."))
    assert figures(s)[0]["party"] == "azerbaijani"


def test_marked_soldiers_belong_to_their_side(extract):
    s = only(extract("Baku said 12 Armenian servicemen had been captured."))
    assert figures(s)[0]["party"] == "armenian" and figures(s)[0]["captured"] == 12


def test_equipment_is_not_a_casualty(extract):
    s = only(extract("Azerbaijan's Defence Ministry said it had destroyed four tanks and two artillery systems."))
    assert s.casualties == []


def test_a_joint_figure_belongs_to_no_party(extract):
    found = extract("Officials from both sides have reported at least 40 military and civilian deaths.")
    assert len(found) == 2
    for s in found:
        assert figures(s) == [
            {
                "party": "unknown", "civilian": False, "killed": 40, "wounded": None, "captured": None,
                "missing": None, "estimates": {"killed": {"low": 40, "best": 40, "high": None}},
            }
        ]  # fmt: skip


def test_the_journalists_own_figures_are_not_attached(extract):
    found = extract("Five soldiers were killed on Monday. Armenia's Defence Ministry blamed Azerbaijan for the attack.")
    assert only(found).casualties == []


# --- dates and places ------------------------------------------------------------------------------


def test_on_tuesday_resolves_against_the_publication_date(extract):
    s = only(
        extract("Armenia said on Tuesday that its posts near Jermuk had been shelled.", published=dt.date(2022, 9, 15))
    )
    assert s.event_date == dt.date(2022, 9, 13)


def test_front_matter_date_is_used_when_none_is_given(extract):
    text = '---\npublished: "2021-11-18"\n---\nAzerbaijan said on Tuesday that Armenian troops had opened fire.\n'
    s = only(extract(text))
    assert s.event_date == dt.date(2021, 11, 16)
    assert s.start >= text.index("Azerbaijan")


def test_places_are_gazetteer_slugs(extract):
    s = only(extract("Armenia said Azerbaijani troops had shelled Jermuk and the village of Sotk."))
    assert "jermuk" in s.places


# --- output shape and bad input --------------------------------------------------------------------


def test_to_json_has_the_design_shape(extract):
    s = only(extract("Armenia said 3 to 5 soldiers were missing after the attack."))
    data = s.to_json()
    for key in ("speaker", "actor", "side", "cue", "stance", "content", "sentence", "start", "end", "casualties"):
        assert key in data
    assert data["places"] == [] and data["event_date"] is None
    assert data["casualties"][0]["missing"] == {"low": 3, "high": 5}
    assert data["casualties"][0]["civilian"] is False


def test_extract_many_keeps_order_and_reports_bad_items(nlp):
    errors = []
    items = [
        ("Armenia said two soldiers were killed.", {}),
        ("", {}),
        ("Azerbaijan said one soldier was wounded.", {"published": "2022-09-13"}),
    ]
    results = list(extract_many(items, batch_size=2, nlp=nlp, on_error=lambda i, e: errors.append((i, e))))
    assert [[s.side for s in r] for r in results] == [["armenian"], [], ["azerbaijani"]]
    assert [(i, type(e)) for i, e in errors] == [(1, EmptyInput)]


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("   \n\n  ", EmptyInput),
        ("---\ntitle: x\n---\n\n", EmptyInput),
        ("abc\x00\x01\x02def", BinaryInput),
        (
            "Министерство обороны Армении заявило во вторник, что два военнослужащих были убиты в результате "
            "обстрела со стороны Азербайджана вблизи села Сотк.",
            NotEnglish,
        ),
    ],
)
def test_bad_input_raises_a_clear_error(nlp, text, error):
    with pytest.raises(error) as excinfo:
        extract_text(text, nlp=nlp, check_language=True)
    assert str(excinfo.value)


def test_too_large_input_is_refused(nlp, settings):
    settings.EXTRACT_MAX_BYTES = 100
    with pytest.raises(TooLarge, match="over the 100-byte limit"):
        extract_text("Armenia said so. " * 10, nlp=nlp)


def test_html_input_gives_offsets_into_the_html(extract):
    html = (
        "<html><body><nav><a href='/'>Home</a></nav><article><h1>Clash on the border</h1>"
        "<p>Armenia&#8217;s defence ministry said on Tuesday that Azerbaijani troops had shelled the village of "
        "Sotk overnight, wounding two soldiers.</p><p>The fighting stopped in the morning, residents of the "
        "village told local reporters.</p></article></body></html>"
    )
    s = only(extract(html))
    assert s.side == "armenian"
    assert s.sentence.startswith("Armenia’s defence ministry said")
    assert html[s.start : s.end].startswith("Armenia&#8217;s defence ministry said")
