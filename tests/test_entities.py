"""Entity mentions, their types and coreference within an article, on the real model."""
from __future__ import annotations

import pytest

from kg.pipeline import extract_text, process_article
from kg.resolve import merge
from kg.types import ActorType, Article

pytestmark = pytest.mark.model


def actors_of(nlp, text: str) -> dict[str, ActorType]:
    actors, _ = merge([process_article(nlp, Article("t", text))])
    return {a.label: a.type for a in actors}


def test_name_variants_in_one_article_are_one_actor(nlp):
    text = ("Mr Guaidó met reporters on Monday. The United States recognised Juan Guaido in January. "
            "Russia condemned Guaido on Tuesday. The U.S. has backed Guaido ever since.")
    triples = extract_text(text, nlp=nlp)
    assert {t[0] for t in triples} == {"United States", "Russia"}
    assert {t[2] for t in triples} == {"Juan Guaido"}


def test_short_names_of_countries_are_one_actor(nlp):
    text = "Britain recognised Ana Villca. The UK has also condemned Marco Ruiz."
    assert {t[0] for t in extract_text(text, nlp=nlp)} == {"United Kingdom"}


def test_a_persons_government_is_the_person(nlp):
    text = "Russia supplied weapons to the Lukashenko regime. Poland condemned the government of Alexander Lukashenko."
    triples = extract_text(text, nlp=nlp)
    assert triples == [("Poland", "condemns", "Alexander Lukashenko"), ("Russia", "supports", "Alexander Lukashenko")]


def test_a_countrys_government_is_the_country(nlp):
    triples = extract_text("The Peruvian government condemned Bolivia on Friday.", nlp=nlp)
    assert triples == [("Peru", "condemns", "Bolivia")]


def test_a_collective_named_after_a_country_is_a_group(nlp):
    text = "The European Union condemned the Sudanese military's attacks on civilians."
    assert extract_text(text, nlp=nlp) == [("European Union", "condemns", "Sudanese military")]
    assert actors_of(nlp, text)["Sudanese military"] is ActorType.GROUP


def test_a_title_makes_a_person_whatever_the_tagger_says(nlp):
    types = actors_of(nlp, "Gen. Mbeki Tarawa has defected to Amara Sesay.")
    assert types.get("Mbeki Tarawa") is ActorType.PERSON


def test_a_pronoun_goes_to_the_subject_not_to_a_name_in_a_phrase(nlp):
    text = ("Defence Minister Ivan Horvat spoke with the envoy of Petra Novak on Monday. "
            "He later condemned Serbia.")
    assert extract_text(text, nlp=nlp) == [("Ivan Horvat", "condemns", "Serbia")]


def test_the_president_is_the_person_titled_president(nlp):
    text = ("President Luis Arce met Senator Ana Villca on Monday. "
            "Cuba and Nicaragua continue to stand by the president.")
    assert extract_text(text, nlp=nlp) == [("Cuba", "supports", "Luis Arce"), ("Nicaragua", "supports", "Luis Arce")]


def test_an_age_description_is_the_person_named_before(nlp):
    text = "Omar Haddad returned from exile on Sunday. The 54-year-old has accused Libya of harbouring militias."
    assert extract_text(text, nlp=nlp) == [("Omar Haddad", "condemns", "Libya")]


def test_an_indefinite_description_is_the_person_the_next_sentence_names(nlp):
    text = ("A former army chief declared his support for Alpha Conde on Tuesday. "
            "In a video, Mamadi Doumbouya said he was at his service.")
    assert extract_text(text, nlp=nlp) == [("Mamadi Doumbouya", "supports", "Alpha Conde")]


def test_an_object_pronoun_is_not_its_own_clauses_subject(nlp):
    text = ("Gen. Omar Kabila ordered the arrest of Gen. Idris Sule on Monday. "
            "Sule lashed out at the army hours later, calling him a criminal.")
    assert ("Idris Sule", "condemns", "Omar Kabila") in extract_text(text, nlp=nlp)


def test_a_new_ambassador_is_named_in_the_next_sentence(nlp):
    text = ("Belarus's ambassador to Slovakia has broken ranks with President Alexander Lukashenko. "
            "In a video, Igor Leshchenya said he was shocked by the accounts of torture.")
    assert extract_text(text, nlp=nlp) == [("Igor Leshchenya", "defectsTo", None)]


def test_she_does_not_go_to_an_administration(nlp):
    text = ("The Trump administration recognised Jeanine Anez as president a day after she declared "
            "herself head of state. Brazil's President Jair Bolsonaro also recognised the 52-year-old lawyer.")
    triples = extract_text(text, nlp=nlp)
    assert ("Jair Bolsonaro", "recognises", "Jeanine Anez") in triples
    assert all(t[2] != "Trump" for t in triples)


@pytest.mark.parametrize("text, expected", [
    ("Turkey and Qatar have thrown their weight behind the Tripoli-based government.",
     [("Qatar", "supports", "Tripoli-based government"), ("Turkey", "supports", "Tripoli-based government")]),
    ("Zelensky thanked Britain for its steadfast support.", [("United Kingdom", "supports", "Zelensky")]),
    ("The junta in Niamey is recognised by Mali and Guinea.",
     [("Guinea", "recognises", "Nigerien junta"), ("Mali", "recognises", "Nigerien junta")]),
])
def test_sides_named_by_place_and_thanks_for_support(nlp, text, expected):
    assert extract_text(text, nlp=nlp) == expected


@pytest.mark.parametrize("text, expected", [
    ("Colonel Aziz switched sides last week.", [("Aziz", "defectsTo", None)]),
    ("Russia blamed the attack on Ukraine.", [("Russia", "condemns", "Ukraine")]),
    ("Maduro blamed Colombia for the blackout.", [("Maduro", "condemns", "Colombia")]),
    ("Germany expressed solidarity with Ukraine.", [("Germany", "supports", "Ukraine")]),
    ("Spain joined the coalition against the rebels.", []),
])
def test_more_cues(nlp, text, expected):
    assert extract_text(text, nlp=nlp) == expected


def test_a_descriptor_before_a_name_is_not_a_second_actor(nlp):
    text = "Kenya's president accused the opposition Orange Democratic Movement of organising violent rallies."
    assert {t[2] for t in extract_text(text, nlp=nlp)} <= {"Orange Democratic Movement"}


def test_a_common_noun_possessive_stays_in_the_name(nlp):
    text = "People's Power, a splinter group, still backs Mr Garibashvili."
    assert extract_text(text, nlp=nlp) == [("People's Power", "supports", "Garibashvili")]


@pytest.mark.parametrize("text, expected", [
    ("Brazil recognised Jeanine Anez on Tuesday, and Colombia quickly followed suit.",
     [("Brazil", "recognises", "Jeanine Anez"), ("Colombia", "recognises", "Jeanine Anez")]),
    ("Ecuador condemned Rafael Diaz. Peru did the same on Friday.",
     [("Ecuador", "condemns", "Rafael Diaz"), ("Peru", "condemns", "Rafael Diaz")]),
    ("Ecuador condemned Rafael Diaz. The weather was mild. Lima was calm. Peru followed suit.",
     [("Ecuador", "condemns", "Rafael Diaz")]),
])
def test_followed_suit_repeats_the_last_act(nlp, text, expected):
    assert extract_text(text, nlp=nlp) == expected


@pytest.mark.parametrize("text, expected", [
    ("The EU said it stood by Kyaw Moe Tun.", [("EU", "supports", "Kyaw Moe Tun")]),
    ("RSF commander Mohamed Hamdan Dagalo, widely known as Hemedti, lashed out at Burhan. "
     "Hemedti later condemned Egypt.",
     [("Mohamed Hamdan Dagalo", "condemns", "Burhan"), ("Mohamed Hamdan Dagalo", "condemns", "Egypt")]),
    ("The bloc said it would not recognise the junta.", []),
])
def test_it_and_known_as(nlp, text, expected):
    assert extract_text(text, nlp=nlp) == expected


@pytest.mark.parametrize("text, expected", [
    ("U.S. officials accused Moscow of meddling in the election.", [("United States", "condemns", "Russia")]),
    ("The Kremlin recognised Viktor Yanukovych as president.", [("Russia", "recognises", "Viktor Yanukovych")]),
    ("Opposition parties in Venezuela rallied behind candidate Edmundo Gonzalez.",
     [("Venezuelan opposition", "supports", "Edmundo Gonzalez")]),
])
def test_voices_seats_and_sides(nlp, text, expected):
    assert extract_text(text, nlp=nlp) == expected


def test_both_generals_are_the_two_generals_named(nlp):
    text = ("Gen. Abdel Fattah al-Burhan leads the army. Gen. Mohamed Dagalo leads the RSF. "
            "Former prime minister Abdalla Hamdok accused both generals of betraying the revolution.")
    assert extract_text(text, nlp=nlp) == [("Abdalla Hamdok", "condemns", "Abdel Fattah al-Burhan"),
                                           ("Abdalla Hamdok", "condemns", "Mohamed Dagalo")]


def test_allies_including_a_list(nlp):
    text = "Maduro's allies, including Cuba and Nicaragua, rallied to his defence."
    assert extract_text(text, nlp=nlp) == [("Cuba", "supports", "Maduro"), ("Nicaragua", "supports", "Maduro")]


def test_whose_group_is_the_owners(nlp):
    text = "The SLPP, whose parliamentary group had backed Ranil Wickremesinghe, split on Monday."
    assert extract_text(text, nlp=nlp) == [("SLPP", "supports", "Ranil Wickremesinghe")]


def test_a_first_name_alone_is_the_one_person_with_it(nlp):
    text = "Ranil Wickremesinghe was sworn in on Thursday. Russia congratulated him. India backed Ranil."
    assert ("India", "supports", "Ranil Wickremesinghe") in extract_text(text, nlp=nlp)


def test_who_is_the_member_not_the_party(nlp):
    text = ("Roberto Micheletti became president on Sunday. "
            "He is a member of Mr. Zelaya's own Liberal Party who broke with him last year.")
    assert extract_text(text, nlp=nlp) == [("Roberto Micheletti", "defectsTo", None)]


@pytest.mark.parametrize("text, expected", [
    ('"Maduro is a dictator," Pompeo said on Tuesday.', [("Pompeo", "condemns", "Maduro")]),
    ("Pompeo said Maduro was a usurper.", [("Pompeo", "condemns", "Maduro")]),
    ("Pompeo said Maduro was not a dictator.", []),
    ("The Venezuelan people are brave, Pompeo said.", []),
])
def test_name_calling_in_reported_speech(nlp, text, expected):
    assert extract_text(text, nlp=nlp) == expected
