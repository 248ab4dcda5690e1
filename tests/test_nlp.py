"""Sentence boundaries and tokenization kg adds to the spaCy model."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.model


@pytest.mark.parametrize("text, first", [
    ("PORT AUREL, Karesia (AP) — The minister defected to Ana Diaz.", "PORT AUREL, Karesia (AP) —"),
    ("WASHINGTON (Reuters) - The United States recognised Ana Diaz.", "WASHINGTON (Reuters) -"),
    ("KYIV — Ukraine condemned Russia.", "KYIV —"),
    ("BOGOTÁ (Reuters) — Federico Ruiz threw his support behind Ana Diaz.", "BOGOTÁ (Reuters) —"),
])
def test_a_dateline_is_its_own_sentence(nlp, text, first):
    assert next(nlp(text).sents).text == first


@pytest.mark.parametrize("text", ["NATO - the alliance - said it would act.",
                                  "The US and Russia -- both powers -- agreed."])
def test_a_dash_inside_a_sentence_is_no_dateline(nlp, text):
    assert len(list(nlp(text).sents)) == 1


def test_a_caption_line_without_a_full_stop_ends_a_sentence(nlp):
    doc = nlp("Photo by Jane Roe / AFP\nWashington CNN —\n\nRussia condemned Ukraine on Friday.")
    assert list(doc.sents)[-1].text.strip() == "Russia condemned Ukraine on Friday."


def test_a_wrapped_line_does_not_end_a_sentence(nlp):
    doc = nlp("Russia condemned the decision of\nthe court on Friday.")
    assert len(list(doc.sents)) == 1


def test_abbreviated_titles_stay_with_their_full_stop(nlp):
    words = [t.text for t in nlp("Maj. Tunde Bakare and Lt. Col. Aung Kyaw defected.")]
    assert words[:2] == ["Maj.", "Tunde"] and "Lt." in words and "Col." in words


def test_each_bullet_line_is_its_own_sentence(nlp):
    doc = nlp("Key events\n• Arvena mayor Lukas Tenner joins opposition\n• Saronia recognises Ilinca Marek")
    texts = [s.text.strip() for s in doc.sents if s.text.strip() not in ("", "•")]
    assert texts == ["Key events", "Arvena mayor Lukas Tenner joins opposition", "Saronia recognises Ilinca Marek"]


@pytest.mark.parametrize("text, name", [
    ("Pakistan banned Hizb-ut-Tahrir in 2003.", "Hizb-ut-Tahrir"),
    ("Lashkar-e-Taiba fighters crossed the border.", "Lashkar-e-Taiba"),
    ("Leaders of the Tehrik-i-Taliban Pakistan met in secret.", "Tehrik-i-Taliban"),
])
def test_a_name_joined_by_a_particle_stays_one_proper_noun(nlp, text, name):
    doc = nlp(text)
    token = next(t for t in doc if t.text == name)
    assert token.pos_ == "PROPN" and token.ent_type_ == "ORG"
    assert doc.text == text  # the article's own characters, at the same offsets


def test_ordinary_hyphenated_words_are_not_names(nlp):
    doc = nlp("The Kremlin-backed leader of the Russia-Ukraine talks met Bashar al-Assad.")
    assert "Kremlin-backed" not in [t.text for t in doc] and "Russia-Ukraine" not in [t.text for t in doc]


def test_a_particle_name_reads_as_the_object_of_its_verb():
    from kg.pipeline import extract_text

    assert extract_text("India condemned Jaish-e-Mohammed on Monday.") == [("India", "condemns", "Jaish-e-Mohammed")]
    assert ("Pakistan Tehreek-e-Insaf", "condemns", "Election Commission") in extract_text(
        "Parties including Pakistan Tehreek-e-Insaf and Jamaat-e-Islami condemned the Election Commission.")


WRAPPED = ("Ministers meet in Brussels\n"
           "BRUSSELS, Jan 27 - European Union foreign ministers agreed on Monday to suspend visa-free\n"
           "travel for diplomats and officials, the first concrete step taken against the government\n"
           "since last October's disputed election. In a statement read out by the bloc's envoy, Kaja\n"
           "Kallas, the ministers condemned the violent dispersal of demonstrators in the capital and\n"
           "called for new talks.\n")


def test_a_hard_wrapped_line_runs_on_into_the_next(nlp):
    sents = [s.text.strip() for s in nlp(WRAPPED).sents]
    assert any("Kaja\nKallas, the ministers condemned" in s for s in sents), sents
    assert sents[0] == "Ministers meet in Brussels"  # a short line is still a headline of its own


def test_a_name_wrapped_over_two_lines_is_one_name():
    from kg.pipeline import extract_text

    text = WRAPPED.replace("In a statement read out by the bloc's envoy, Kaja\nKallas, the ministers condemned",
                           "In a statement read out on Monday, the bloc's envoy Kaja\nKallas condemned")
    assert ("Kaja Kallas", "condemns", None) in extract_text(text)  # the dispersal: done to demonstrators, by no one named


STATEMENT = ("Joint statement by the leaders of Latvia, Estonia and Lithuania on the border\n"
             "We, the Prime Ministers of Latvia, Estonia and Lithuania, stand united with Poland and\n"
             "with the Government of Finland. The security of the region is a matter for the people of\n"
             "the region alone to decide, and the principles of sovereignty and territorial integrity\n"
             "must be respected by all, including our closest partners in the alliance and beyond.\n")


def test_a_hard_wrapped_statement_reaches_the_parser_unwrapped():
    from kg.casing import for_parsing
    from kg.pipeline import extract_text

    parsed = for_parsing(STATEMENT)
    assert len(parsed) == len(STATEMENT)  # offsets are the article's
    assert parsed.startswith("Joint statement by the leaders of Latvia, Estonia and Lithuania on the border\nWe,")
    assert "Poland and with the Government" in parsed and "integrity must be" in parsed
    found = extract_text(STATEMENT)
    assert {(c, "supports", "Poland") for c in ("Latvia", "Estonia", "Lithuania")} <= set(found), found


WIRE = ('LUSAKA, Dec 16 (Reuters) - Former Zambian Vice President Grace Chanda on Saturday endorsed\na newly formed party, the Zambian Renewal Movement (ZRM), saying she would vote and campaign for it in next\nyear\'s election while insisting that she remained a member of the ruling United Party for National\nDevelopment. "I cannot and will not campaign for this government," she told reporters in Ndola on Sunday.\n')


def test_a_wire_storys_first_line_is_no_headline():
    from kg.pipeline import extract_text

    found = extract_text(WIRE)
    assert ("Grace Chanda", "supports", "Zambian Renewal Movement") in found  # not "grace", as in a headline
    assert not [t for t in found if t[0] in ("LUSAKA", "Zambia")], found


def test_a_first_line_that_is_a_whole_sentence_is_no_headline():
    from kg.casing import for_parsing

    text = ("President Joan R. Smith, Jr. spoke today with President Ana Rusu of Moldova.\n"
            "President Smith condemned the attacks on the capital.\n")
    assert for_parsing(text) == text  # "Joan" is a common word, but no headline's


BRIEFING = ("Press conference of the ministry spokesperson on December 29, 2025\n"
            "Q: Israel announced on Friday that it recognises Somaliland as an independent and sovereign\n"
            "state. What is your position?\n")


def test_a_transcripts_speaker_labels_are_no_actors():
    from kg.pipeline import extract_text

    found = extract_text(BRIEFING)
    assert ("Israel", "recognises", "Somaliland") in found
    assert not [t for t in found if t[0] == "Q"], found


def test_a_headlines_topic_label_is_no_subject():
    """"Kenya: Opposition MP Defects": a headline filed under a country (as news aggregators
    file them) says nothing of the country, though the parser makes it a second subject."""
    from kg.pipeline import extract_text

    found = extract_text("Ghana: Opposition MP Defects\n12 May 2021\n\nAn opposition member of parliament "
                         "has left his party, officials in Accra said on Wednesday.\n")
    assert not [t for t in found if t[0] == "Ghana"], found


def test_a_dateline_of_two_places_is_no_actor():
    """"RIYADH/SANAA (Reuters) —": a story filed from two cities opens with both; the pair is
    a dateline like any other, not an organisation the sentence after it could name."""
    from kg.pipeline import extract_text

    found = extract_text("RIYADH/SANAA (Reuters) — Saudi Arabia and a coalition of Arab allies launched air "
                         "strikes in Yemen on Thursday. Iran condemned the strikes as a dangerous step.\n")
    assert found == [("Iran", "condemns", "Saudi Arabia")], found
