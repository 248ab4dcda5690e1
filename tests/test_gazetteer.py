"""The gazetteer: every country of ISO 3166-1 and the polities and bodies of the news resolve,
look-alike names stay apart, and a broken gazetteer file is one clear error."""
from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

import pycountry
import pytest
import yaml

from kg.errors import RuleError
from kg.gazetteer import Gazetteer, load_gazetteer
from kg.rules import load_gazetteer as load_gazetteer_from_rules
from kg.rules import name_key

DATA = Path(__file__).resolve().parents[1] / "src" / "kg" / "data"


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return load_gazetteer()


def resolve(gaz: Gazetteer, name: str) -> tuple[str, str] | None:
    return gaz.by_key.get(name_key(name))


def test_the_old_import_path_still_works():
    assert load_gazetteer_from_rules is load_gazetteer


def test_every_iso_country_resolves_to_its_own_entry(gaz):
    code_of = {p.name: p.code for p in gaz.polities}
    ambiguous = {name_key(a) for a in gaz.ambiguous}
    for country in pycountry.countries:
        names = [n for n in (getattr(country, "common_name", None), country.name,
                             getattr(country, "official_name", None)) if n]
        hits = {resolve(gaz, n) for n in names if name_key(n) not in ambiguous} - {None}
        assert hits, f"{country.alpha_2} {country.name}: none of {names} resolves"
        for canonical, kind in hits:  # and never to another country
            assert kind == "country" and code_of[canonical] == country.alpha_2, (country.name, canonical)


@pytest.mark.parametrize("name, canonical", [
    ("United States", "United States"), ("United States of America", "United States"),
    ("United Kingdom", "United Kingdom"), ("Russian Federation", "Russia"), ("Russia", "Russia"),
    ("Islamic Republic of Iran", "Iran"), ("Syrian Arab Republic", "Syria"), ("Republic of Korea", "South Korea"),
    ("Democratic People's Republic of Korea", "North Korea"), ("Viet Nam", "Vietnam"),
    ("Plurinational State of Bolivia", "Bolivia"), ("Bolivarian Republic of Venezuela", "Venezuela"),
    ("United Republic of Tanzania", "Tanzania"), ("Lao People's Democratic Republic", "Laos"),
    ("Republic of Moldova", "Moldova"), ("Côte d'Ivoire", "Ivory Coast"), ("Cote d’Ivoire", "Ivory Coast"),
    ("Democratic Republic of the Congo", "Democratic Republic of the Congo"),
    ("Democratic Republic of Congo", "Democratic Republic of the Congo"),
    ("DR Congo", "Democratic Republic of the Congo"), ("DRC", "Democratic Republic of the Congo"),
    ("Republic of the Congo", "Republic of the Congo"), ("Congo-Brazzaville", "Republic of the Congo"),
    ("The Gambia", "Gambia"), ("Republic of the Gambia", "Gambia"), ("Czechia", "Czech Republic"),
    ("Burma", "Myanmar"), ("Swaziland", "Eswatini"), ("Türkiye", "Turkey"), ("Turkey", "Turkey"),
    ("Cabo Verde", "Cape Verde"), ("Brunei Darussalam", "Brunei"), ("Holy See", "Vatican"),
])
def test_iso_and_news_names_fold_to_the_canonical_name_news_uses(gaz, name, canonical):
    assert resolve(gaz, name) == (canonical, "country")


@pytest.mark.parametrize("one, other", [
    ("Republic of China", "People's Republic of China"),
    ("Niger", "Nigeria"), ("Guinea", "Guinea-Bissau"), ("Guinea", "Equatorial Guinea"),
    ("Guinea", "Papua New Guinea"), ("Dominica", "Dominican Republic"), ("Sudan", "South Sudan"),
    ("Samoa", "American Samoa"), ("Ireland", "Northern Ireland"), ("Cyprus", "Northern Cyprus"),
    ("Korea, Republic of", "Korea, Democratic People's Republic of"),
    ("Democratic Republic of the Congo", "Republic of the Congo"),
    ("Western Sahara", "Sahrawi Arab Democratic Republic"),
    ("European Council", "Council of Europe"), ("European Council", "Council of the European Union"),
])
def test_look_alike_names_are_different_polities(gaz, one, other):
    assert resolve(gaz, one) != resolve(gaz, other)


def test_the_two_chinas(gaz):
    assert resolve(gaz, "People's Republic of China") == ("China", "country")
    assert resolve(gaz, "PRC") == ("China", "country")
    assert resolve(gaz, "Republic of China") == ("Taiwan", "country")


def test_a_short_name_two_states_share_is_claimed_by_neither(gaz):
    assert resolve(gaz, "Congo") is None
    assert resolve(gaz, "Georgia") == ("Georgia", "country")  # the country; no US state is listed


def test_no_name_is_claimed_by_two_entries(gaz):
    claims = defaultdict(set)
    for entry in (*gaz.polities, *gaz.organisations):
        for name in (entry.name, *entry.aliases):
            claims[name_key(name)].add(entry.name)
    assert {k: v for k, v in claims.items() if len(v) > 1} == {}


@pytest.mark.parametrize("name", [
    "Kosovo", "Palestine", "State of Palestine", "Palestinian Authority", "Taiwan", "Western Sahara",
    "Sahrawi Arab Democratic Republic", "SADR", "Somaliland", "Crimea", "Republic of Crimea", "Abkhazia",
    "South Ossetia", "Transnistria", "Northern Cyprus", "TRNC", "Nagorno-Karabakh", "Artsakh",
    "Donetsk People's Republic", "Luhansk People's Republic", "Hong Kong", "Macau", "Greenland",
    "Puerto Rico", "Vatican", "Holy See", "Soviet Union", "USSR", "Yugoslavia",
])
def test_territories_and_contested_polities_are_polities(gaz, name):
    hit = resolve(gaz, name)
    assert hit is not None and hit[1] == "country", name


def test_aliases_of_one_contested_polity_fold_together(gaz):
    assert resolve(gaz, "Artsakh") == resolve(gaz, "Nagorno-Karabakh")
    assert resolve(gaz, "Palestinian Authority") == resolve(gaz, "State of Palestine") == ("Palestine", "country")
    assert resolve(gaz, "USSR") == ("Soviet Union", "country")


@pytest.mark.parametrize("demonym, country", [
    ("Ivorian", "Ivory Coast"), ("Sudanese", "Sudan"), ("South Sudanese", "South Sudan"), ("Malian", "Mali"),
    ("Chadian", "Chad"), ("Crimean", "Crimea"), ("Nigerien", "Niger"), ("Nigerian", "Nigeria"),
    ("Dominican", "Dominican Republic"), ("Congolese", "Democratic Republic of the Congo"),
    ("Soviet", "Soviet Union"), ("Taiwanese", "Taiwan"), ("Kosovar", "Kosovo"), ("Venezuelan", "Venezuela"),
    ("Central African", "Central African Republic"), ("Luxembourger", "Luxembourg"),
])
def test_demonyms_name_their_country(gaz, demonym, country):
    assert gaz.demonyms[name_key(demonym)] == country


def test_every_sovereign_state_has_a_demonym_that_leads_back_to_it(gaz):
    shared = {"Dominica": "Dominican Republic", "Republic of the Congo": "Democratic Republic of the Congo"}
    for country in gaz.countries:
        assert country.demonyms, f"{country.name} has no demonym"
        back = gaz.demonyms[name_key(gaz.demonym_of[country.name])]
        assert back == shared.get(country.name, country.name), country.name


def test_every_sovereign_state_has_a_capital_that_resolves_to_it(gaz):
    capital_of = defaultdict(list)
    for capital, country in gaz.capitals.items():
        capital_of[country].append(capital)
    for country in gaz.countries:
        if country.name == "Belgium":
            continue  # "Brussels" stands for the European Union in the news
        assert capital_of[country.name], f"{country.name} has no capital"
    for capital, target in gaz.capitals.items():  # and no other name shadows a capital
        assert resolve(gaz, capital)[0] == target, capital


@pytest.mark.parametrize("capital, country", [
    ("Beijing", "China"), ("Taipei", "Taiwan"), ("Kinshasa", "Democratic Republic of the Congo"),
    ("Brazzaville", "Republic of the Congo"), ("Niamey", "Niger"), ("Abuja", "Nigeria"),
    ("Conakry", "Guinea"), ("Bissau", "Guinea-Bissau"), ("Malabo", "Equatorial Guinea"),
    ("Roseau", "Dominica"), ("Santo Domingo", "Dominican Republic"), ("Khartoum", "Sudan"),
    ("Juba", "South Sudan"), ("Yamoussoukro", "Ivory Coast"), ("Pristina", "Kosovo"),
    ("the Kremlin", "Russia"), ("Brussels", "European Union"),
])
def test_capitals_stand_for_their_country(gaz, capital, country):
    assert resolve(gaz, capital)[0] == country


def test_a_city_state_capital_is_no_rival_government(gaz):
    """"the Singapore government" is Singapore's; "the Tripoli government" is one of rivals."""
    assert name_key("Singapore") not in gaz.capitals_keys
    assert name_key("Tripoli") in gaz.capitals_keys


@pytest.mark.parametrize("name, canonical", [
    ("ALBA", "Bolivarian Alliance for the Peoples of Our America"),
    ("Bolivarian Alternative for the Americas", "Bolivarian Alliance for the Peoples of Our America"),
    ("Lima Group", "Lima Group"), ("League of Arab States", "Arab League"), ("GCC", "Gulf Cooperation Council"),
    ("Mercosur", "Mercosur"), ("CELAC", "Community of Latin American and Caribbean States"),
    ("UNASUR", "Union of South American Nations"), ("Andean Community", "Andean Community"),
    ("CARICOM", "Caribbean Community"), ("SICA", "Central American Integration System"),
    ("Pacific Islands Forum", "Pacific Islands Forum"), ("ECCAS", "Economic Community of Central African States"),
    ("EAC", "East African Community"), ("East African Community", "East African Community"),
    ("IGAD", "Intergovernmental Authority on Development"), ("SADC", "Southern African Development Community"),
    ("COMESA", "Common Market for Eastern and Southern Africa"),
    ("ECOWAS", "Economic Community of West African States"), ("AES", "Alliance of Sahel States"),
    ("Alliance of Sahel States", "Alliance of Sahel States"), ("G5 Sahel", "G5 Sahel"),
    ("AU Peace and Security Council", "AU Peace and Security Council"),
    ("AU Commission", "African Union Commission"), ("African Union", "African Union"),
    ("Security Council", "UN Security Council"), ("UN General Assembly", "UN General Assembly"),
    ("Human Rights Council", "UN Human Rights Council"), ("UN Secretariat", "UN Secretariat"),
    ("UNHCR", "UNHCR"), ("UNICEF", "UNICEF"), ("WFP", "World Food Programme"),
    ("UNDP", "United Nations Development Programme"), ("IAEA", "International Atomic Energy Agency"),
    ("OHCHR", "OHCHR"), ("European Council", "European Council"),
    ("Council of the EU", "Council of the European Union"), ("Foreign Affairs Council", "Council of the European Union"),
    ("European Commission", "European Commission"), ("European Parliament", "European Parliament"),
    ("EEAS", "European External Action Service"), ("NATO", "North Atlantic Treaty Organization"),
    ("OSCE", "Organization for Security and Co-operation in Europe"), ("Council of Europe", "Council of Europe"),
    ("CIS", "Commonwealth of Independent States"), ("CSTO", "Collective Security Treaty Organization"),
    ("Eurasian Economic Union", "Eurasian Economic Union"), ("SCO", "Shanghai Cooperation Organisation"),
    ("BRICS", "BRICS"), ("G7", "Group of Seven"), ("G8", "Group of Eight"), ("G20", "Group of Twenty"),
    ("OIC", "Organisation of Islamic Cooperation"), ("OPEC", "Organization of the Petroleum Exporting Countries"),
    ("ASEAN", "Association of Southeast Asian Nations"),
    ("SAARC", "South Asian Association for Regional Cooperation"), ("Quad", "Quad"), ("AUKUS", "AUKUS"),
    ("Five Eyes", "Five Eyes"), ("the Commonwealth", "Commonwealth of Nations"),
    ("Francophonie", "Organisation internationale de la Francophonie"), ("WTO", "World Trade Organization"),
    ("IMF", "International Monetary Fund"), ("World Bank", "World Bank"), ("ICC", "International Criminal Court"),
    ("ICJ", "International Court of Justice"), ("Interpol", "Interpol"),
])
def test_international_bodies_resolve_as_organisations(gaz, name, canonical):
    assert resolve(gaz, name) == (canonical, "organisation")


# -- a broken gazetteer file ----------------------------------------------------------------

def _shipped() -> dict:
    return yaml.safe_load((DATA / "gazetteer.yaml").read_text(encoding="utf-8"))


def _replace(section: str, old: str, new: str):
    def edit(data):
        data[section] = [new if line.startswith(old) else line for line in data[section]]
    return edit


@pytest.mark.parametrize("breakage, where", [
    (lambda d: d["countries"].append("Atlantis | | Atlantean | extra"), "countries"),
    (lambda d: d["countries"].append({"name": "Atlantis"}), "countries"),
    (_replace("countries", "Norway [NO]", "Norway [ZZ] | | Norwegian"), "'ZZ' is not an ISO"),
    (_replace("countries", "Norway [NO]", "Norway [SE] | | Norwegian"), "both claim code 'SE'"),
    (lambda d: d["capitals"].update({"Atlantis City": "Atlantis"}), "Atlantis"),
    (lambda d: d["peoples"].update({"Atlanteans": "Atlantis"}), "Atlantis"),
    (lambda d: d.pop("organisations"), "organisations"),
])
def test_a_broken_gazetteer_file_is_one_line_naming_the_file(tmp_path, breakage, where):
    data = _shipped()
    breakage(data)
    path = tmp_path / "gazetteer.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(RuleError) as err:
        load_gazetteer(path)
    message = str(err.value)
    assert str(path) in message and where in message, message
    assert "\n" not in message


def test_a_gazetteer_that_is_not_yaml_is_one_clear_error(tmp_path):
    path = tmp_path / "gazetteer.yaml"
    path.write_text("countries: [unclosed", encoding="utf-8")
    with pytest.raises(RuleError, match=re.escape(str(path))):
        load_gazetteer(path)


def test_the_shipped_file_round_trips_through_plain_yaml(tmp_path):
    """A country code that YAML 1.1 reads as a boolean ("NO") must stay inside its line."""
    path = tmp_path / "gazetteer.yaml"
    path.write_text(yaml.safe_dump(_shipped(), allow_unicode=True), encoding="utf-8")
    assert load_gazetteer(path).by_key == load_gazetteer().by_key
