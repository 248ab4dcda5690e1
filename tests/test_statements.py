"""Statements as they are laid out on the page: who "we" is when the lines say it.

The construction cases flatten whitespace, so what depends on line breaks is tested here: a
signature block that names the signers, and a statement line wrapped over two lines.
"""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.model

UNDERSIGNED = """JOINT STATEMENT ON THE SITUATION IN NICARAGUA

The undersigned governments express their deep concern at the arrest of opposition leaders.
We condemn the persecution of the opposition by the regime of Daniel Ortega.

Costa Rica
Panama
Uruguay
"""

WRAPPED_HEADLINE = """Joint Statement on Belarus by the Foreign Ministers of Estonia, Latvia, Lithuania, the
Republic of Poland and the United Kingdom

We condemn the crackdown by the regime of Alexander Lukashenko on peaceful protesters.
"""


def test_the_undersigned_are_the_countries_of_the_signature_block():
    from kg.pipeline import extract_text

    found = {t for t in extract_text(UNDERSIGNED) if t[1] == "condemns"}
    assert {s for s, _, _ in found} == {"Costa Rica", "Panama", "Uruguay"}, found


def test_a_statement_line_wrapped_over_two_lines_keeps_every_signer():
    from kg.casing import for_parsing
    from kg.pipeline import extract_text

    parsed = for_parsing(WRAPPED_HEADLINE)
    assert "Lithuania, the Republic of Poland" in parsed  # joined, and its names kept as names
    assert "of Estonia, Latvia" in parsed
    found = {t[0] for t in extract_text(WRAPPED_HEADLINE) if t[1] == "condemns"}
    assert found == {"Estonia", "Latvia", "Lithuania", "Poland", "United Kingdom"}, found


SIGNED_BY_PEOPLE = """RESOLUTION ELECTING SENATOR MARIO DELGADO JR. AS PRESIDENT OF THE SENATE

We, the undersigned Senators, hereby express our full support for Senator Mario Delgado Jr. as
President of the Senate. This resolution shall take effect upon its adoption.

(Sgd.) Maria Santos
(Sgd.) Luis Navarro
and nine other Senators
"""


def test_the_undersigned_people_sign_with_their_names_and_a_name_keeps_its_suffix():
    from kg.pipeline import extract_text

    found = {t for t in extract_text(SIGNED_BY_PEOPLE) if t[1] == "supports"}
    assert found == {("Maria Santos", "supports", "Mario Delgado Jr."),
                     ("Luis Navarro", "supports", "Mario Delgado Jr.")}, found


COMMUNIQUE = """COMMUNIQUE OF THE 1210TH MEETING OF THE PEACE AND SECURITY COUNCIL OF THE AFRICAN UNION
ON THE SITUATION IN THE REPUBLIC OF GUINEA-BISSAU

The Peace and Security Council of the African Union (AU), at its 1210th meeting, held on
14 March 2024 on the situation in the Republic of Guinea-Bissau,

1. Strongly condemns the attempted seizure of power by the soldiers led by Colonel Danilo
Vaz on 9 March 2024, and the killing of two members of the presidential guard;
2. Decides to remain actively seized of the matter, in line with the relevant AU
instruments and the Lome Declaration;
3. Expresses its full support to President Adama Keita and to the institutions
of the Republic.
"""


def test_a_communiques_numbered_paragraphs_are_said_by_the_body_of_its_preamble():
    """"The Peace and Security Council …, / 1. Strongly condemns X; / 2. Decides …": each
    numbered paragraph is a sentence of its own, and its verb's subject is the body the
    preamble names, as in every resolution and communique."""
    from kg.casing import for_parsing
    from kg.nlp import load_model
    from kg.pipeline import extract_text

    doc = load_model()(for_parsing(COMMUNIQUE))
    paragraphs = [s.text.strip() for s in doc.sents if s.text.strip()[:2] in ("1.", "2.", "3.")]
    assert [p[:2] for p in paragraphs] == ["1.", "2.", "3."]  # numbered, each with its number
    found = extract_text(COMMUNIQUE)
    council = {s for s, _, _ in found}
    assert council == {"Peace and Security Council"}, found  # (not the headline's capitals)
    assert ("Peace and Security Council", "supports", "Adama Keita") in found
    assert any(r == "condemns" for _, r, _ in found), found
