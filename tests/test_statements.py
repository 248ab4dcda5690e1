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
