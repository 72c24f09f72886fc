"""Recall of the event coder on wordings of wire news it used to miss (issue 11), on sentences of our own:
tariffs on a country's goods, praise by credit and honours, shows of force aimed at no one, denials and
vows of retaliation in reported speech -- and the near misses that must stay uncoded."""

from __future__ import annotations

import datetime as dt

import pytest

from tacitus.explain import Explanation, explain

THURSDAY = dt.date(2024, 9, 12)


def code(text: str) -> Explanation:
    return explain(text, date=THURSDAY)


def events(result: Explanation) -> list[tuple[str, str, str]]:
    """(source country, target country or "-", CAMEO code) of every event coded."""
    return [((e.source.country or e.source.code), (e.target.country or e.target.code) if e.target else "-",
             e.cameo_code) for e in result.events]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a tariff hits the country whose goods it names
        ("Mexico imposed new duties on $4 billion worth of Brazilian exports on Monday.", ("MEX", "BRA", "163")),
        ("Japan slapped tariffs on imports from South Korea on Wednesday.", ("JPN", "KOR", "163")),
        ("Brazil banned imports of beef from Argentina on Tuesday.", ("BRA", "ARG", "163")),
        # a counter-measure in kind is itself an embargo
        ("Canada retaliated with its own tariffs on American steel on Tuesday.", ("CAN", "USA", "163")),
        # praise by credit and by honours
        ("The Kenyan president credited Ethiopia for its help in the talks on Monday.", ("KEN", "ETH", "051")),
        ("Ghana conferred its highest national honour on the visiting Indian prime minister on Tuesday.",
         ("GHA", "IND", "051")),
    ],
)
def test_new_wordings_are_coded(text: str, expected: tuple[str, str, str]) -> None:
    assert expected in events(code(text))


def test_goods_sold_to_a_country_do_not_make_it_the_target() -> None:
    # "exports to Peru" are bought by Peru: Peru's own goods are not the ones taxed
    assert not [e for e in events(code("Chile imposed tariffs on copper exports to Peru on Monday.")) if e[1] == "PER"]


def test_crediting_an_account_is_no_praise() -> None:
    assert not code("The Ghanaian central bank credited the account on Monday.").events


@pytest.mark.parametrize(
    "text",
    [
        "Iran said it conducted a missile test on Sunday.",
        "Russia held military drills on Monday.",
    ],
)
def test_a_show_of_force_at_no_one_is_coded_without_a_target(text: str) -> None:
    found = [e for e in code(text).events if e.plover_type == "MOBILIZE"]
    assert found and all(e.target is None for e in found)


@pytest.mark.parametrize(
    "text",
    [
        # a joint drill with partners the coder cannot name is cooperation, not a show of force
        "Japan held a naval exercise with the other three countries on Monday.",
        # a tally of deeds told one by one elsewhere
        "This month, Iran conducted two missile tests within a week.",
        # aimed at a place the coder cannot name
        "China announced military exercises around the island on Tuesday.",
    ],
)
def test_no_untargeted_event_for_joint_drills_or_tallies(text: str) -> None:
    assert not [e for e in code(text).events if e.target is None]


def test_a_quoted_vow_of_retaliation_threatens_the_other_country_of_the_story() -> None:
    text = ("Brazil threatened Argentina with tariffs on Monday. \u201cIf they punish our farmers, then we will "
            "retaliate,\u201d the Argentine foreign minister said on Tuesday.")
    assert ("ARG", "BRA", "130") in events(code(text))


def test_a_response_in_kind_to_goodwill_is_no_threat() -> None:
    text = "\u201cWe will react positively,\u201d the Argentine foreign minister said on Tuesday about Brazil."
    assert not [e for e in events(code(text)) if e[2].startswith("13")]


def test_an_armed_group_warning_of_executions_threatens_its_own_government() -> None:
    text = ("Fighters of the Baloch Liberation Army seized a bus on Monday. The Baloch Liberation Army warned on "
            "Tuesday that it would execute the soldiers among the hostages.")
    found = [e for e in code(text).events if e.plover_type == "THREATEN"]
    assert found and found[0].target is not None and found[0].target.country == "PAK"
    assert found[0].target.sector == "GOV"


def test_a_denial_takes_no_accuser_from_inside_the_charge() -> None:
    # the charge's own clause names where arms come from, not who made the charge
    text = "The Russian envoy dismissed accusations that Moscow is getting shells from North Korea on Friday."
    assert not [e for e in events(code(text)) if e[1] == "PRK"]


@pytest.mark.parametrize(
    "text",
    [
        "China's envoy dismissed Western accusations that Beijing supplies weapons to Russia.",
        "Iran denied reports that it had sent drones to Russia.",
        "Moscow rejected claims that its troops attacked the Ukrainian village.",
    ],
)
def test_the_deed_inside_a_denied_claim_is_not_coded_as_done(text: str) -> None:
    assert not [e for e in events(code(text)) if e[2] in ("072", "190")]


def test_a_deed_told_as_reported_speech_is_still_coded() -> None:
    # the verb "reported" is speech, not a claim noun
    assert ("CHN", "IRN", "040") in events(code("Xinhua reported that Wang Yi met Hossein Amirabdollahian in Beijing."))


def test_jets_striking_a_target_attack_and_workers_striking_walk_out() -> None:
    air_raid = events(code("Israeli jets struck a target near Damascus on Tuesday."))
    assert ("ISR", "SYR", "190") in air_raid
    assert not [e for e in air_raid if e[2] == "143"]
    assert [e for e in events(code("Nurses in Kenya struck for a third day on Tuesday.")) if e[2] == "143"]


def test_territory_captured_from_a_side_is_taken_from_it() -> None:
    assert ("SYR", "SYR", "192") in events(code("Syrian rebels captured the town of Saraqeb from government forces on Friday."))
    assert ("RUS", "UKR", "192") in events(code("Russian troops captured the village of Krasnohorivka in eastern Ukraine."))


def test_a_missile_test_aimed_at_no_one_is_a_show_of_force_unless_only_supposed() -> None:
    assert ("PRK", "-", "150") in events(code("North Korea fired two ballistic missiles off its east coast on Tuesday."))
    assert ("PRK", "-", "150") in events(code("North Korea fired a cruise missile into the sea on Tuesday."))
    supposed = "North Korea could become a priority if it changes its position or tests more missiles, experts said."
    assert not events(code(supposed))


def test_an_international_body_appealing_to_no_one_named_appeals_to_the_story_country() -> None:
    text = ("Clashes spread across Sudan on Monday. The U.N. envoy for Sudan called for an end to the violence on "
            "Tuesday.")
    assert [e for e in events(code(text)) if e[1] == "SDN" and e[2] in ("020", "100")]


def test_a_state_appealing_to_no_one_named_stays_uncoded() -> None:
    text = "Clashes spread across Sudan on Monday. France called for an end to the violence on Tuesday."
    assert not [e for e in code(text).events if e.plover_type == "REQUEST"]


def test_members_of_an_armed_group_are_the_group_and_their_arrest_is_coercion() -> None:
    found = events(code("Pakistani police arrested five Baloch Liberation Army members in Quetta on Friday."))
    assert ("PAK", "PAK", "173") in found
    assert not [e for e in found if e[2].startswith("18")]  # an arrest is no abduction


def test_members_of_a_bloc_are_still_not_the_bloc() -> None:
    found = code("Police in Paris arrested two European Union members of staff on Friday.").events
    assert not [e for e in found if e.target is not None and e.target.code.startswith("IGO")]


def test_an_envoy_posted_to_a_country_appeals_to_that_country() -> None:
    text = ("Clashes continued in Sudan and in Chad on Monday. The U.N. special envoy for Sudan called for an end "
            "to the fighting on Tuesday, as Chad's army crossed the border.")
    assert [e[1] for e in events(code(text)) if e[2] in ("020", "100")] == ["SDN"]


def test_a_test_meant_to_deter_someone_is_still_untargeted() -> None:
    found = code("North Korea said it conducted a crucial test on Friday to bolster its deterrent against the "
                 "United States.").events
    assert [e for e in found if e.plover_type == "MOBILIZE" and e.target is None]


def test_dismissing_something_as_anything_is_criticism_of_its_author() -> None:
    found = events(code("The Chinese foreign ministry dismissed the Japanese proposal as a publicity stunt on Monday."))
    assert ("CHN", "JPN", "111") in found and not [e for e in found if e[2] == "120"]


def test_dismissing_without_a_verdict_stays_a_rejection() -> None:
    assert ("JPN", "CHN", "120") in events(code("Japan dismissed the Chinese proposal on Monday."))


def test_a_deed_first_told_in_a_noun_phrase_is_coded() -> None:
    told = code("The quarrel over fishing rights ended on Monday during a visit by the Chilean president to Peru.")
    assert ("CHL", "PER", "042") in events(told)
    # told before: the phrase refers back to it, and is not a second event
    before = code("The Chilean president visited Peru on Monday. Trade rose after the visit by the Chilean president.")
    assert [e for e in before.events if e.cameo_code == "042"] == before.events[:1]
    # only hoped for: no event
    hoped = code("Chile hopes to settle the quarrel during talks with Peru.")
    assert not [e for e in hoped.events if e.cameo_code.startswith("04")]


def test_an_undated_lead_in_the_present_is_on_the_story_day_not_on_the_deed_below_it() -> None:
    text = ("Peruvian fishermen are calling on the government to lift the ban on anchovy exports. "
            "Hundreds of them blocked the port of Callao on Monday.")
    [call] = [e for e in code(text).events if e.cameo_code.startswith("02")]
    assert call.date == THURSDAY
    # a deed done, told in the lead with no day, is the one dated below it
    done = code("Peru has expelled the Chilean ambassador. The foreign ministry announced the step on Monday.")
    expelled = [e for e in done.events if e.source.country == "PER" and e.target and e.target.country == "CHL"]
    assert expelled and all(e.date == dt.date(2024, 9, 9) for e in expelled)


@pytest.mark.parametrize(("follow_up", "day"), [
    # the same speaker going on: the day of the telling
    ('"Now is not the time for talks," said the spokesperson. ', dt.date(2024, 9, 9)),
    # a new speaker, with no day: the story's day
    ('"Now is not the time for talks," said Gabriel Boric. ', THURSDAY),
])
def test_a_quotation_going_on_with_a_dated_telling_has_its_day(follow_up: str, day: dt.date) -> None:
    text = ("A Chilean foreign ministry spokesperson told reporters on Monday that the talks were over. " + follow_up
            + '"Peru has repeatedly violated our territorial waters and tried to sabotage the accord."')
    [charge] = [e for e in code(text).events if e.cameo_code == "112"]
    assert (charge.target.country if charge.target else None, charge.date) == ("PER", day)
