"""Actors: countries, sectors, persons and who "he", "the minister" and "the two countries" are."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tacitus.actors import ArticleActors, find_actors
from tacitus.dictionaries import ActorEntry, AgentEntry, load_dictionaries, read_dictionary
from tacitus.errors import DictionaryError
from tacitus.explain import explain
from tacitus.parse import get_nlp

DAY = dt.date(2023, 10, 4)


def mentions(text: str, **options: object) -> list[tuple[str, str, str]]:
    """(text, actor code, rule) of every mention, in order."""
    return [(row["text"], row["code"], row["rule"]) for row in explain(text, date=DAY, **options).actors()]  # type: ignore[arg-type]


def persons(text: str) -> dict[str, tuple[str | None, str | None, str | None]]:
    coding = explain(text, date=DAY).coding
    return {p.name: (p.country, p.sector, p.title) for p in coding.actors.persons}


def test_country_names_short_forms_and_demonyms_resolve_to_iso3() -> None:
    found = mentions("The U.S. and the United Kingdom welcomed the Indonesian proposal.")
    codes = [code for _, code, _ in found]
    assert "USA" in codes and "GBR" in codes


def test_title_and_name_make_a_person_with_country_sector_and_title() -> None:
    assert persons("Kenyan President William Ruto flew to Addis Ababa.")["William Ruto"] == ("KEN", "GOV", "Kenyan President")


def test_military_titles_give_the_military_sector() -> None:
    found = persons("Chief of Staff of the Egyptian Armed Forces Ahmed Fathi Khalifa arrived on Monday.")
    assert found["Ahmed Fathi Khalifa"][:2] == ("EGY", "MIL")


def test_a_name_after_two_coordinated_titles_takes_the_title_next_to_it() -> None:
    found = persons("Vietnamese Deputy Prime Minister and Foreign Minister Pham Binh Minh spoke on Monday.")
    assert found["Pham Binh Minh"][:2] == ("VNM", "GOV")


def test_apposition_gives_the_country_of_a_titled_name() -> None:
    found = persons("General Pal Singh, the chief of India's army, visited Paris.")
    assert found["Pal Singh"][0] == "IND"


def test_capital_is_an_actor_as_subject_but_a_place_after_in() -> None:
    found = mentions("Ankara protested the decision. Talks were held in Ankara.")
    assert [(text, code) for text, code, _ in found] == [("Ankara", "TUR")]
    assert found[0][2] == "capital as metonym"


def test_later_bare_mentions_resolve_within_the_article() -> None:
    text = ("Brazilian Foreign Minister Mauro Vieira met Nigerian President Bola Tinubu. "
            "Vieira praised Nigeria. The Brazilian minister also thanked Ghana. He later left.")
    found = mentions(text)
    rules = {text: (code, rule) for text, code, rule in found}
    assert rules["Vieira"] == ("BRAGOV", "coreference:name")
    assert rules["The Brazilian minister"] == ("BRAGOV", "coreference:title")
    assert rules["He"] == ("BRAGOV", "coreference:pronoun")


def test_counterpart_is_the_last_person_of_that_country() -> None:
    text = ("Italian Defence Minister Guido Crosetto met Japanese Defense Minister Minoru Kihara. "
            "Crosetto invited his Japanese counterpart to visit Rome.")
    [event] = [e for e in explain(text, date=DAY).events if e.cameo_code == "036"]
    assert event.target is not None and event.target.name == "Minoru Kihara"


def test_a_counterpart_holds_the_same_office() -> None:
    text = ("Japanese Defense Minister Minoru Kihara met Italian Defence Minister Guido Crosetto in Rome. "
            "Japanese Foreign Minister Takeshi Iwaya later telephoned his Italian counterpart.")
    [call] = [e for e in explain(text, date=DAY).events if e.cameo_code == "041"]
    assert call.target is not None
    assert call.target.name != "Guido Crosetto"  # a defence minister is not the foreign minister's counterpart
    assert (call.target.country, call.target.sector) == ("ITA", "GOV")


def test_the_two_countries_stands_for_the_main_dyad() -> None:
    text = "Chile and Peru signed a deal. Chile praised Peru. The two countries will meet again."
    coding = explain(text, date=DAY).coding
    [group] = [m for m in coding.actors.mentions if m.dyad]
    assert [a.country for a in group.group] == ["CHL", "PER"]


def test_dateline_words_are_not_actors() -> None:
    found = mentions("Junk line\n\nBEIJING, Oct. 4 (Xinhua) -- Kenya praised Ghana on Wednesday.")
    assert [code for _, code, _ in found] == ["KEN", "GHA"]


def test_organisations_with_their_own_codes() -> None:
    codes = [code for _, code, _ in mentions("The United Nations criticized NATO on Monday.")]
    assert codes[0] == "IGOUNO" and codes[1].startswith("IGO")


def test_a_user_yaml_dictionary_adds_actors_and_roles(tmp_path: Path) -> None:
    extra = tmp_path / "mine.yaml"
    extra.write_text(
        "- {phrase: Wagner Group, country: RUS, sector: MIL}\n"
        "- {phrase: security chief, sector: COP}\n",
        encoding="utf-8",
    )
    text = "The Wagner Group attacked Mali on Monday. Malian security chief Issa Traore praised Senegal."
    coding = explain(text, date=DAY, dictionaries=[extra]).coding
    codes = {e.source.code for e in coding.result.events}
    assert "RUSMIL" in codes and "MLICOP" in codes


def test_user_csv_in_the_titles_format(tmp_path: Path) -> None:
    extra = tmp_path / "titles.csv"
    extra.write_text("title,sector\nharbour master,BUS\n", encoding="utf-8")
    entries = list(read_dictionary(extra))
    assert entries == [("agent", AgentEntry("harbour master", "BUS", "titles.csv:2"))]
    tables = load_dictionaries([extra])
    assert [lx.kind for lx in tables.lookup(["Harbour", "Master"])] == ["agent"]


def test_user_countries_csv_entries_are_actor_entries(tmp_path: Path) -> None:
    extra = tmp_path / "places.csv"
    extra.write_text("iso3,name,aliases,demonyms,capital,capital_aliases\nXAA,Atlantis,,Atlantean,Poseidonia,\n",
                     encoding="utf-8")
    kinds = {kind: entry for kind, entry in read_dictionary(extra)}
    assert isinstance(kinds["country"], ActorEntry) and kinds["country"].actor.country == "XAA"
    assert kinds["capital"].phrase == "Poseidonia"


def test_malformed_user_dictionary_names_the_file_and_line(tmp_path: Path) -> None:
    extra = tmp_path / "bad.csv"
    extra.write_text("title,sector\nambassador,\n", encoding="utf-8")
    with pytest.raises(DictionaryError, match=r"bad.csv:2"):
        list(read_dictionary(extra))


def test_a_role_phrase_in_apposition_with_a_name_stands_for_the_person() -> None:
    # the parser makes the role the subject; the event belongs to the named general, not to Peru's army
    coding = explain("The commander of Peru's Army, General Walter Cordova, held talks with Chilean "
                     "Defense Minister Maya Fernandez on Monday.", date=DAY).coding
    role = next(m for m in coding.actors.mentions if m.rule == "role in apposition")
    actor = role.resolved()
    assert actor is not None and (actor.name, actor.country, actor.sector) == ("Walter Cordova", "PER", "MIL")
    assert [(e.source.name, e.target.name) for e in coding.result.events] == [("Walter Cordova", "Maya Fernandez")]


def test_well_known_persons_get_their_country_when_the_article_omits_it() -> None:
    found = persons("President Vladimir Putin spoke on Tuesday. Later, Erdogan arrived.")
    assert found["Vladimir Putin"][:2] == ("RUS", "GOV")
    assert found["Erdogan"][:2] == ("TUR", "GOV")


def test_a_hyphenated_given_name_is_part_of_the_name() -> None:
    found = persons("Kenyan Foreign Minister Jean-Claude Mwangi spoke on Tuesday.")
    assert "Jean-Claude Mwangi" in found


def test_a_user_persons_csv_adds_well_known_persons(tmp_path: Path) -> None:
    table = tmp_path / "people.csv"
    table.write_text("person,aliases,country,sector,title\nAda Quist,Quist,NOR,DIP,Foreign Minister\n", encoding="utf-8")
    tables = load_dictionaries([table])
    entry = tables.person("Quist")
    assert entry is not None and (entry.actor.country, entry.actor.sector) == ("NOR", "DIP")
    coding = explain("Quist met Danish officials on Monday.", date=DAY, dictionaries=[table]).coding
    assert [(e.source.country, e.target.country) for e in coding.result.events] == [("NOR", "DNK")]


def test_a_known_name_the_tagger_takes_for_a_common_noun_is_still_a_person() -> None:
    coding = explain("Ukrainian President Volodymyr Zelenskyy met Moldovan officials. "
                     "Zelenskyy thanked Moldova for its support.", date=DAY).coding
    assert ("UKR", "MDA", "051") in [(e.source.country, e.target.country if e.target else None, e.cameo_code)
                                     for e in coding.result.events]


def test_a_demonym_and_a_place_noun_make_a_place_of_that_country_not_an_actor() -> None:
    coding = explain("Rockets landed on Lebanese soil on Monday.", date=DAY).coding
    assert not coding.actors.mentions
    assert {m.resolved().country for m in coding.actors.places.values()} == {"LBN"}  # type: ignore[union-attr]


def test_an_official_the_story_does_not_call_foreign_is_of_the_dateline_country() -> None:
    coding = explain("NAIROBI, Oct. 4 (Reuters) -- Interior Minister Kithure Kindiki met Ugandan officials.", date=DAY).coding
    assert {p.name: p.country for p in coding.actors.persons}.get("Kithure Kindiki") == "KEN"


def test_name_particles_belong_to_the_name() -> None:
    found = persons("Saudi Foreign Minister Faisal bin Farhan met Egyptian Defense Minister Abdel Majid al-Saqqar.")
    assert "Faisal bin Farhan" in found and "Abdel Majid al-Saqqar" in found


def test_a_known_person_gets_the_sector_the_article_leaves_out() -> None:
    found = persons("Russian Foreign Minister Sergei Lavrov met Sergei Shoigu, a member of Russia's Security Council.")
    assert found["Sergei Shoigu"][:2] == ("RUS", "MIL")


def _actors_of(text: str, title: str = "") -> ArticleActors:
    return find_actors(get_nlp()(text), load_dictionaries(), title=title)


def test_focal_country_is_the_most_mentioned_country() -> None:
    found = _actors_of("Chile thanked Peru. Chilean officials said Chile would send grain to Peru next week. "
                       "Santiago also wrote to Chile's neighbours.")
    focal = found.focal_country()
    assert focal is not None and focal.country == "CHL"
    assert found.focus is not None and found.focus.reason == "most mentioned"


def test_a_headline_country_outweighs_a_country_named_a_little_more_often_in_the_body() -> None:
    text = "Peru thanked Chile for the grain. Peru said the grain from Chile arrived on Monday."
    assert _actors_of(text).focal_country().country == "PER"  # type: ignore[union-attr]
    found = _actors_of(text, title="Chilean grain reaches its neighbour")
    assert found.focal_country().country == "CHL"  # type: ignore[union-attr]
    assert found.focus is not None and found.focus.reason == "headline"


def test_an_article_that_names_no_country_has_no_focal_country() -> None:
    assert _actors_of("The committee met on Monday and adjourned.").focal_country() is None


@pytest.mark.parametrize(
    ("phrase", "sector"),
    [
        ("Militants", "REB"),
        ("Gunmen", "REB"),
        ("Protesters", "CVL"),
        ("Demonstrators", "CVL"),
        ("The military", "MIL"),
        ("Security forces", "MIL"),
        ("Police", "COP"),
        ("The junta", "MIL"),
        ("The opposition", "OPP"),
        ("Trade unions", "CVL"),
        ("Lawmakers", "LEG"),
    ],
)
def test_a_class_of_people_named_without_a_country_takes_the_articles_country(phrase: str, sector: str) -> None:
    text = (f"Chile's president spoke in Santiago on Monday. {phrase} criticised the plan on Tuesday. "
            "Chile will vote on it in May, and Chilean ministers defended it.")
    found = {text: (code, rule) for text, code, rule in mentions(text)}
    subject = phrase.removeprefix("The ").split()[-1]
    code, rule = next(v for k, v in found.items() if k.endswith(subject))
    assert code == "CHL" + sector
    assert rule.endswith("focal country")


def test_a_demonym_before_a_class_of_people_gives_its_country() -> None:
    found = mentions("Kenyan police dispersed Ugandan protesters near the border with Uganda.")
    assert [(text, code) for text, code, _ in found][:2] == [("Kenyan police", "KENCOP"), ("Ugandan protesters", "UGACVL")]


def test_named_armed_groups_have_their_own_country_and_sector() -> None:
    codes = {text: code for text, code, _ in mentions(
        "The Baloch Liberation Army and the Houthis were named alongside al-Shabab and Boko Haram.")}
    assert codes == {"Baloch Liberation Army": "PAKREB", "Houthis": "YEMREB", "al-Shabab": "SOMREB",
                     "Boko Haram": "NGAREB"}


def test_a_transnational_group_takes_the_country_the_article_is_about() -> None:
    text = ("Iraq said on Friday that Iraqi troops had killed an Islamic State commander near Mosul. "
            "Iraq's defence ministry said ISIS fighters had fled.")
    codes = {text: code for text, code, _ in mentions(text)}
    assert codes["ISIS fighters"] == "IRQREB"


def test_militants_stand_for_the_armed_group_the_article_names() -> None:
    text = ("Militants stormed a police post in Somalia on Monday. Al-Shabab said it carried out the attack. "
            "Somali officials said the gunmen were killed.")
    found = [(text, code, rule) for text, code, rule in mentions(text) if text in ("Militants", "gunmen")]
    assert [(text, code) for text, code, _ in found] == [("Militants", "SOMREB"), ("gunmen", "SOMREB")]
    assert all(rule == "class of people: the article's armed group" for _, _, rule in found)


def test_a_class_word_inside_a_name_is_not_a_class_of_people() -> None:
    found = mentions("Ghana said on Monday that Kwame Nkrumah University would reopen. Ghana thanked donors.")
    assert not any(rule.startswith("class of people") for _, _, rule in found)


def test_igos_carry_the_names_the_news_uses() -> None:
    names = {row["text"]: row["actor"] for row in explain(
        "The G7 and ECOWAS backed EUFOR and the World Food Programme.", date=DAY).actors()}
    assert names == {"G7": "G7", "ECOWAS": "ECOWAS", "EUFOR": "EUFOR", "World Food Programme": "World Food Program"}


@pytest.mark.parametrize(
    ("text", "name", "surname", "expected"),
    [
        ("Sudan's army chief Osman Karrar rejected the truce on Monday. Karrar later flew to Cairo.",
         "Osman Karrar", "Karrar", ("SDN", "MIL")),
        ("The Houthi leader Saleh Qadimi warned shipping firms. Qadimi said attacks would go on.",
         "Saleh Qadimi", "Qadimi", ("YEM", "REB")),
        ("Grace Wanjiru, Kenya's interior minister, banned the march. Wanjiru blamed the opposition.",
         "Grace Wanjiru", "Wanjiru", ("KEN", "GOV")),
    ],
)
def test_a_title_phrase_names_an_unknown_person_whom_the_surname_later_recalls(
        text: str, name: str, surname: str, expected: tuple[str, str]) -> None:
    assert persons(text)[name][:2] == expected
    later = [(t, code) for t, code, rule in mentions(text) if t == surname]
    assert later == [(surname, "".join(expected))]


def test_two_people_with_the_same_surname_from_different_countries_stay_apart() -> None:
    text = ("Ghanaian Foreign Minister Ama Mensah met Togolese Defence Minister Kofi Mensah in Lome. "
            "Togo's minister thanked Ghana.")
    found = persons(text)
    assert found["Ama Mensah"][:2] == ("GHA", "GOV")
    assert found["Kofi Mensah"][:2] == ("TGO", "MIL")


def test_a_titled_official_without_a_country_takes_the_country_the_article_is_about() -> None:
    text = ("Peru declared an emergency in Lima on Monday. Peruvian police said protesters blocked roads. "
            "Spokesperson Rosa Quispe said Peru would restore order.")
    assert persons(text)["Rosa Quispe"][:2] == ("PER", "GOV")


@pytest.mark.parametrize(
    ("text", "phrase", "code"),
    [
        ("The UN Security Council met on Monday. The council urged Chad to open its border.", "The council", "IGOUNO"),
        ("ECOWAS leaders met in Abuja. The bloc said troops were ready.", "The bloc", "IGOWAFWAS"),
        ("Boko Haram raided a village in Nigeria. The group freed two girls on Friday.", "The group", "NGAREB"),
    ],
)
def test_the_council_the_bloc_and_the_group_recall_the_organisation_named_before(text: str, phrase: str,
                                                                              code: str) -> None:
    found = {t: (c, rule) for t, c, rule in mentions(text)}
    assert found[phrase] == (code, "coreference:organisation")


def test_the_group_does_not_recall_an_organisation_of_another_kind() -> None:
    found = {t for t, _, _ in mentions("The IMF met Kenya's ministers. The group of donors left Nairobi.")}
    assert "The group" not in found


def test_an_aid_groups_secretary_general_does_not_take_the_focal_country() -> None:
    text = ("Sudan's army shelled Omdurman on Monday. Sudanese officials denied it. "
            "Secretary General Sam Okafor said hospitals in Sudan were full.")
    assert persons(text)["Sam Okafor"][0] is None


def test_a_class_of_people_takes_the_one_country_its_sentence_names_before_the_focal_one() -> None:
    text = ("Chile's president spoke in Santiago on Monday. Chilean ministers met twice. "
            "Gunmen attacked a bus in Bolivia on Tuesday. Chile condemned the attack.")
    found = {t: (code, rule) for t, code, rule in mentions(text)}
    assert found["Gunmen"] == ("BOLREB", "class of people: sentence country")


def test_an_official_named_without_a_country_belongs_to_the_body_just_named() -> None:
    text = ("Pakistan blamed Kabul on Monday. Afghanistan's foreign ministry rejected the claim. "
            "Foreign ministry spokesperson Abdul Karimi said Pakistan should look inward.")
    assert persons(text)["Abdul Karimi"][:2] == ("AFG", "GOV")


def test_the_role_before_a_name_in_apposition_gives_its_country() -> None:
    text = ("Pakistan blamed Kabul. On Thursday, the spokesperson for Pakistan's Ministry of Foreign Affairs, "
            "Ambassador Tariq Hamid, repeated the claim.")
    assert persons(text)["Tariq Hamid"][:2] == ("PAK", "DIP")


def test_a_name_beside_a_persons_role_takes_that_persons_country() -> None:
    text = "President Donald Trump's special envoy, Steve Witkoff, spoke with Russian President Vladimir Putin."
    assert persons(text)["Steve Witkoff"][0] == "USA"


def test_a_bodys_deed_stands_for_the_body_but_a_plain_noun_it_modifies_does_not() -> None:
    deed = {t: code for t, code, _ in mentions("A Kenyan military operation freed 30 hostages on Wednesday.")}
    assert deed.get("A Kenyan military operation") == "KENMIL"
    field = [t for t, _, _ in mentions("The Kenyan military field hospital opened on Wednesday.")]
    assert not any("military" in t for t in field)


def test_the_countrys_body_belongs_to_the_country_named_last() -> None:
    found = {t: code for t, code, _ in mentions(
        "Jordan said a raid killed two smugglers. The country's intelligence service carried out the raid.")}
    assert found["The country's intelligence service"] == "JORGOV"
