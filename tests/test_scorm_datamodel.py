"""Unit tests of the SCORM data-model checker in tests/scorm_datamodel.py.

Every rule is shown to fail on a value an LMS may refuse and to pass on a conformant one; the
bad values include ones real SCOs have sent (Arabic-Indic digits, exponent notation, binary
float noise, an over-long fill-in answer, a brace-led answer).
"""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.scorm_datamodel import check_calls

# An interaction of each 2004 type, ready for a pattern or a learner response.
ID_AND = [("cmi.interactions.0.id", "urn:bwise:q1")]


def interaction_2004(itype: str) -> list[tuple[str, str]]:
    return [*ID_AND, ("cmi.interactions.0.type", itype)]


def response_2004(itype: str, value: str) -> list[str]:
    return check_calls(
        "2004", [*interaction_2004(itype), ("cmi.interactions.0.learner_response", value)]
    )


def pattern_2004(itype: str, *values: str) -> list[str]:
    calls = interaction_2004(itype) + [
        (f"cmi.interactions.0.correct_responses.{i}.pattern", v) for i, v in enumerate(values)
    ]
    return check_calls("2004", calls)


def interaction_12(itype: str, element: str, value: str) -> list[str]:
    return check_calls(
        "1.2",
        [
            ("cmi.interactions.0.id", "q1"),
            ("cmi.interactions.0.type", itype),
            (f"cmi.interactions.0.{element}", value),
        ],
    )


def one(version: str, element: str, value: str) -> list[str]:
    assert version in ("1.2", "2004")
    return check_calls("1.2" if version == "1.2" else "2004", [(element, value)])


# ---- messages ---------------------------------------------------------------------------------


def test_problems_name_the_element_and_the_value() -> None:
    [problem] = one("2004", "cmi.score.scaled", "2")
    assert "cmi.score.scaled" in problem
    assert "'2'" in problem


def test_a_conformant_session_has_no_problems() -> None:
    calls = [
        ("cmi.location", "lesson-3"),
        ("cmi.completion_status", "completed"),
        ("cmi.success_status", "passed"),
        ("cmi.score.scaled", "0.8333333"),
        ("cmi.score.raw", "5"),
        ("cmi.score.min", "0"),
        ("cmi.score.max", "6"),
        ("cmi.progress_measure", "1"),
        ("cmi.interactions.0.id", "urn:bwise:demo:q1"),
        ("cmi.interactions.0.type", "choice"),
        ("cmi.interactions.0.description", "{lang=en}Which colour?"),
        ("cmi.interactions.0.timestamp", "2025-03-01T10:00:00.0+01:00"),
        ("cmi.interactions.0.correct_responses.0.pattern", "red[,]blue"),
        ("cmi.interactions.0.learner_response", "red"),
        ("cmi.interactions.0.result", "incorrect"),
        ("cmi.interactions.0.latency", "PT12.5S"),
        ("cmi.interactions.0.weighting", "1"),
        ("cmi.interactions.0.objectives.0.id", "urn:bwise:demo:o1"),
        ("cmi.interactions.1.id", "q2"),
        ("cmi.interactions.1.type", "numeric"),
        ("cmi.interactions.1.correct_responses.0.pattern", "47.5[:]48.5"),
        ("cmi.interactions.1.learner_response", "48"),
        ("cmi.interactions.1.result", "correct"),
        ("cmi.objectives.0.id", "urn:bwise:demo:o1"),
        ("cmi.objectives.0.success_status", "passed"),
        ("cmi.comments_from_learner.0.comment", "{lang=de}Gut"),
        ("cmi.suspend_data", "x" * 64000),
        ("cmi.session_time", "PT1H2M3.45S"),
        ("cmi.exit", "suspend"),
        ("adl.nav.request", "continue"),
    ]
    assert check_calls("2004", calls) == []


# ---- SCORM 2004: real(10,7) -----------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        "٤٨",  # Arabic-Indic digits: not ASCII decimal notation
        "+48",  # a plus sign: no form in the RTE shows one (decided STRICT, see the checker)
        "48.",  # point without fraction digits
        ".5",
        "1e-05",
        "0.30000000000000004",  # binary float noise: 17 significant digits
        "12345678",  # 8 significant digits
        "0.00000001",  # 8 decimal places
        "1,5",
        " 48",
        "NaN",
        "Infinity",
        "",
    ],
)
def test_numeric_learner_response_must_be_real_10_7(value: str) -> None:
    assert response_2004("numeric", value)


@pytest.mark.parametrize("value", ["48", "-48", "0", "0.5", "-0.1234567", "1234567", "007"])
def test_numeric_learner_response_accepts_real_10_7(value: str) -> None:
    assert response_2004("numeric", value) == []


@given(
    st.decimals(min_value=Decimal(-999), max_value=Decimal(999), places=4, allow_nan=False).map(
        lambda d: format(d, "f")
    )
)
def test_plain_decimals_of_seven_digits_pass(value: str) -> None:
    assert response_2004("numeric", value) == []


@given(st.floats(allow_nan=False, allow_infinity=False).map(lambda x: f"{x:e}"))
def test_exponent_notation_always_fails(value: str) -> None:
    assert response_2004("numeric", value)


@given(st.integers(min_value=10**7, max_value=10**15))
def test_more_than_seven_significant_digits_fail(number: int) -> None:
    assert response_2004("numeric", str(number + 1 if number % 10 == 0 else number))


@pytest.mark.parametrize(
    ("element", "bad", "good"),
    [
        ("cmi.score.scaled", "1.0000001", "-1"),
        ("cmi.score.scaled", "-1.5", "1"),
        ("cmi.progress_measure", "-0.1", "0.25"),
        ("cmi.progress_measure", "1.01", "0"),
        ("cmi.score.raw", "1e2", "-250.5"),
        ("cmi.learner_preference.audio_level", "-1", "2.5"),
        ("cmi.objectives.0.score.scaled", "2", "0.5"),
    ],
)
def test_real_ranges(element: str, bad: str, good: str) -> None:
    prefix = [("cmi.objectives.0.id", "o1")] if element.startswith("cmi.objectives") else []
    assert check_calls("2004", [*prefix, (element, bad)])
    assert check_calls("2004", [*prefix, (element, good)]) == []


# ---- SCORM 2004: numeric patterns -------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    ["1e-05[:]2", "0.30000000000000004[:]1", "2[:]1", "[:]", "5", "1[:]2[:]3", "+1[:]2", "1:2"],
)
def test_bad_numeric_patterns(value: str) -> None:
    assert pattern_2004("numeric", value)


@pytest.mark.parametrize("value", ["1[:]2", "0.00001[:]2", "[:]5", "5[:]", "-3[:]-3", "48[:]48"])
def test_good_numeric_patterns(value: str) -> None:
    assert pattern_2004("numeric", value) == []


def test_two_numeric_patterns_are_one_too_many() -> None:
    assert pattern_2004("numeric", "1[:]2") == []
    [problem] = pattern_2004("numeric", "1[:]2", "3[:]4")
    assert "correct_responses.1.pattern" in problem


@pytest.mark.parametrize(
    ("itype", "spm", "value"),
    [
        ("true-false", 1, "true"),
        ("likert", 1, "agree"),
        ("other", 1, "x"),
        ("choice", 10, "a"),
        ("fill-in", 5, "x"),
        ("long-fill-in", 5, "x"),
        ("matching", 5, "a[.]b"),
        ("performance", 5, "s[.]x"),
        ("sequencing", 5, "a[,]b"),
    ],
)
def test_correct_response_count_limits(itype: str, spm: int, value: str) -> None:
    assert pattern_2004(itype, *[value] * spm) == []
    assert pattern_2004(itype, *[value] * (spm + 1))


# ---- SCORM 2004: fill-in and other localized strings ------------------------------------------


def test_fill_in_response_over_250_characters() -> None:
    assert response_2004("fill-in", "x" * 300)
    assert response_2004("fill-in", "x" * 250) == []


def test_fill_in_response_may_not_begin_with_a_brace() -> None:
    assert response_2004("fill-in", "{Settings}")
    assert response_2004("fill-in", "{lang=en}{Settings}")
    assert response_2004("fill-in", "Settings {x}") == []


def test_fill_in_response_split_at_the_separator_into_too_many_strings() -> None:
    assert response_2004("fill-in", "[,]".join(["a"] * 11))
    assert response_2004("fill-in", "[,]".join(["a"] * 10)) == []


def test_fill_in_response_may_not_carry_pattern_delimiters() -> None:
    assert response_2004("fill-in", "{case_matters=true}abc")


@pytest.mark.parametrize(
    "value",
    [
        "{case_matters=true}{order_matters=false}{lang=en}Hello[,]{lang=fr}Bonjour",
        "{order_matters=true}{case_matters=false}a[,]b",
        "{lang=en-GB}colour",
        "plain",
        "",
    ],
)
def test_good_fill_in_patterns(value: str) -> None:
    assert pattern_2004("fill-in", value) == []


@pytest.mark.parametrize(
    "value",
    [
        "{case_matters=yes}a",
        "{case_matters=true}{case_matters=true}a",
        "{lang=english!}a",
        "{lang=}a",
        "{Settings}",
        "x" * 251,
    ],
)
def test_bad_fill_in_patterns(value: str) -> None:
    assert pattern_2004("fill-in", value)


def test_long_fill_in_allows_4000_characters_and_no_order_delimiter() -> None:
    assert pattern_2004("long-fill-in", "{case_matters=true}" + "x" * 3000) == []
    assert pattern_2004("long-fill-in", "{order_matters=true}x")
    assert response_2004("long-fill-in", "x" * 4001)


def test_description_is_a_localized_string_of_250() -> None:
    calls = [*ID_AND, ("cmi.interactions.0.description", "{lang=en}" + "x" * 200)]
    assert check_calls("2004", calls) == []
    calls = [*ID_AND, ("cmi.interactions.0.description", "x" * 251)]
    assert check_calls("2004", calls)
    calls = [*ID_AND, ("cmi.interactions.0.description", "{lang=12}What?")]
    assert check_calls("2004", calls)


# ---- SCORM 2004: other interaction types ------------------------------------------------------


@pytest.mark.parametrize(
    ("itype", "good", "bad"),
    [
        ("true-false", "true", "t"),
        ("true-false", "false", "True"),
        ("choice", "a[,]b[,]c", "a[,]a"),
        ("choice", "choice1", "a b"),
        ("choice", "urn:x:1", ""),
        ("sequencing", "a[,]b[,]a", "a[,]b c"),
        ("likert", "strongly_agree", "strongly agree"),
        ("matching", "tile_1[.]target_2[,]tile_2[.]target_1", "tile_1.target_2"),
        ("matching", "a[.]b", "a[.]b[.]c"),
        ("performance", "step1[.]inserted disk[,][.]done", "[.]"),
        ("other", "anything at all", "x" * 4001),
    ],
)
def test_responses_by_type(itype: str, good: str, bad: str) -> None:
    assert response_2004(itype, good) == []
    assert response_2004(itype, bad)


def test_choice_set_limit_is_36() -> None:
    assert response_2004("choice", "[,]".join(f"c{i}" for i in range(36))) == []
    assert response_2004("choice", "[,]".join(f"c{i}" for i in range(37)))


def test_performance_pattern_may_hold_a_numeric_range() -> None:
    assert pattern_2004("performance", "{order_matters=false}s1[.]1[:]2[,]s2[.]ok") == []
    assert pattern_2004("performance", "s1[.]2[:]1")


# ---- SCORM 2004: identifiers ------------------------------------------------------------------


@pytest.mark.parametrize(
    "value", ["urn:ADL:interaction-id-0001", "q1", "http://example.org/q?1#a", "a%20b", "x/y"]
)
def test_long_identifier_accepts_uri_references(value: str) -> None:
    assert check_calls("2004", [("cmi.interactions.0.id", value)]) == []


@pytest.mark.parametrize(
    "value", ["", "   ", "q 1", "question\t1", "frage-ä", "50%", "a<b", "{x}", "1:x", "x" * 4001]
)
def test_long_identifier_rejects_non_uris(value: str) -> None:
    assert check_calls("2004", [("cmi.interactions.0.id", value)])


@given(st.text(alphabet=st.characters(categories=["Zs", "Cc"]), min_size=1))
def test_identifiers_with_white_space_always_fail(space: str) -> None:
    assert check_calls("2004", [("cmi.interactions.0.id", f"q{space}1")])


# ---- SCORM 2004: dependencies and indices -----------------------------------------------------


def test_id_must_come_before_other_interaction_elements() -> None:
    [problem] = check_calls("2004", [("cmi.interactions.0.type", "choice")])
    assert "408" in problem
    assert check_calls("2004", interaction_2004("choice")) == []


def test_type_must_come_before_patterns_and_responses() -> None:
    calls = [*ID_AND, ("cmi.interactions.0.learner_response", "a")]
    assert check_calls("2004", calls)
    calls = [*ID_AND, ("cmi.interactions.0.correct_responses.0.pattern", "a")]
    assert check_calls("2004", calls)


def test_interactions_are_filled_without_gaps() -> None:
    assert check_calls("2004", [("cmi.interactions.1.id", "q2")])
    assert check_calls("2004", [*ID_AND, ("cmi.interactions.1.id", "q2")]) == []
    assert check_calls("2004", [*ID_AND, ("cmi.interactions.0.id", "q1b")]) == []
    assert pattern_2004("choice", "a") == []
    calls = [*interaction_2004("choice"), ("cmi.interactions.0.correct_responses.1.pattern", "a")]
    assert check_calls("2004", calls)


def test_a_refused_id_creates_no_record() -> None:
    calls = [("cmi.interactions.0.id", "bad id"), ("cmi.interactions.0.type", "choice")]
    assert len(check_calls("2004", calls)) == 2


def test_non_canonical_index() -> None:
    assert check_calls("2004", [("cmi.interactions.00.id", "q1")])


def test_interaction_objective_ids_are_unique_and_ordered() -> None:
    calls = [
        *ID_AND,
        ("cmi.interactions.0.objectives.0.id", "o1"),
        ("cmi.interactions.0.objectives.1.id", "o1"),
    ]
    assert check_calls("2004", calls)
    calls = [*ID_AND, ("cmi.interactions.0.objectives.1.id", "o1")]
    assert check_calls("2004", calls)


def test_objective_id_first_unique_and_fixed() -> None:
    assert check_calls("2004", [("cmi.objectives.0.success_status", "passed")])
    two = [("cmi.objectives.0.id", "o1"), ("cmi.objectives.1.id", "o1")]
    assert check_calls("2004", two)
    changed = [("cmi.objectives.0.id", "o1"), ("cmi.objectives.0.id", "o2")]
    assert check_calls("2004", changed)
    same = [("cmi.objectives.0.id", "o1"), ("cmi.objectives.0.id", "o1")]
    assert check_calls("2004", same) == []


@pytest.mark.parametrize(
    "element", ["cmi.completion_threshold", "cmi.total_time", "cmi.interactions._count", "cmi.foo"]
)
def test_read_only_and_unknown_elements(element: str) -> None:
    assert one("2004", element, "1")


# ---- SCORM 2004: vocabularies, times ----------------------------------------------------------


@pytest.mark.parametrize(
    ("element", "good", "bad"),
    [
        ("cmi.completion_status", "incomplete", "complete"),
        ("cmi.success_status", "unknown", "passed "),
        ("cmi.exit", "", "time_out"),
        ("cmi.learner_preference.audio_captioning", "-1", "2"),
        ("cmi.learner_preference.language", "", "english"),
        ("adl.nav.request", "{target=sco2}choice", "next"),
        ("cmi.location", "x" * 1000, "x" * 1001),
        ("cmi.suspend_data", "x" * 64000, "x" * 64001),
    ],
)
def test_2004_vocabularies_and_lengths(element: str, good: str, bad: str) -> None:
    assert one("2004", element, good) == []
    assert one("2004", element, bad)


@pytest.mark.parametrize("value", ["PT10", "P0S", "P", "PT", "P1DT", "PT1.123S", "PT1.S", "P1W"])
def test_bad_timeintervals(value: str) -> None:
    assert one("2004", "cmi.session_time", value)


@pytest.mark.parametrize("value", ["PT0S", "P0D", "PT05H", "P1Y2M3DT4H5M6.78S", "PT0.5S"])
def test_good_timeintervals(value: str) -> None:
    assert one("2004", "cmi.session_time", value) == []


@given(st.integers(0, 10**6), st.integers(0, 59), st.integers(0, 5999).map(lambda c: c / 100))
def test_generated_timeintervals_pass(hours: int, minutes: int, seconds: float) -> None:
    value = f"PT{hours}H{minutes}M{seconds:.2f}S"
    assert one("2004", "cmi.session_time", value) == []


@pytest.mark.parametrize(
    "value",
    [
        "2024-01-02T03:04:05Z",  # a time zone needs seconds with a fraction
        "2024-01-02T03:04:05+01:00",
        "2024-01-02T03:04:05.123",
        "1969-12-31",
        "2039",
        "2024-02-30",
        "2024-01-02T24:00:00",
        "2024-1-2",
        "2024-01-02 03:04:05",
    ],
)
def test_bad_timestamps(value: str) -> None:
    assert check_calls("2004", [*ID_AND, ("cmi.interactions.0.timestamp", value)])


@pytest.mark.parametrize(
    "value",
    [
        "2024",
        "2024-02-29",
        "2024-01-02T03:04:05",
        "2024-01-02T03:04:05.0Z",
        "2024-01-02T03:04:05.1-05",
    ],
)
def test_good_timestamps(value: str) -> None:
    assert check_calls("2004", [*ID_AND, ("cmi.interactions.0.timestamp", value)]) == []


def test_interaction_result() -> None:
    ok = [*ID_AND, ("cmi.interactions.0.result", "0.5")]
    assert check_calls("2004", ok) == []
    bad = [*ID_AND, ("cmi.interactions.0.result", "wrong")]  # a 1.2 token
    assert check_calls("2004", bad)


# ---- SCORM 1.2 --------------------------------------------------------------------------------


def test_12_choice_responses_are_single_characters() -> None:
    assert interaction_12("choice", "student_response", "c27")
    assert interaction_12("choice", "student_response", "A")
    assert interaction_12("choice", "student_response", "{a,b}")
    assert interaction_12("choice", "student_response", "a,c") == []
    assert interaction_12("choice", "correct_responses.0.pattern", "{a,c}") == []


@pytest.mark.parametrize(
    ("itype", "good", "bad"),
    [
        ("true-false", "t", "true"),
        ("true-false", "0", "yes"),
        ("fill-in", "x" * 255, "x" * 256),
        ("numeric", "-2.5", "2.5e3"),
        ("likert", "3", "10"),
        ("matching", "1.a,2.b", "1-a"),
        ("sequencing", "c,a,b", "cab"),
        ("performance", "anything", "x" * 256),
    ],
)
def test_12_feedback_by_type(itype: str, good: str, bad: str) -> None:
    assert interaction_12(itype, "student_response", good) == []
    assert interaction_12(itype, "student_response", bad)


@pytest.mark.parametrize(
    ("element", "good", "bad"),
    [
        ("time", "01:00:00", "1:00:00"),
        ("time", "23:59:59.99", "24:00:00"),
        ("latency", "0000:00:12.5", "0:00:12"),
        ("latency", "99:59:59", "00:60:00"),
        ("result", "wrong", "incorrect"),
        ("result", "0.5", "+1"),
        ("weighting", "2", "2."),
        ("type", "fill-in", "fill_in"),
        ("objectives.0.id", "obj1", "obj 1"),
    ],
)
def test_12_interaction_elements(element: str, good: str, bad: str) -> None:
    assert interaction_12("choice", element, good) == []
    assert interaction_12("choice", element, bad)


@pytest.mark.parametrize("value", ["q 1", "", "q\t1", "x" * 256, "frage1ä"])
def test_12_identifier(value: str) -> None:
    assert one("1.2", "cmi.interactions.0.id", value)


@pytest.mark.parametrize(
    ("element", "good", "bad"),
    [
        ("cmi.core.lesson_status", "passed", "not attempted"),
        ("cmi.core.lesson_status", "browsed", "unknown"),
        ("cmi.core.exit", "", "normal"),
        ("cmi.core.score.raw", "", "101"),
        ("cmi.core.score.raw", "100", "-1"),
        ("cmi.core.score.max", "99.5", "1e2"),
        ("cmi.core.session_time", "0000:01:02.3", "PT1M2.3S"),
        ("cmi.core.session_time", "12:00:00", "1:00:00"),
        ("cmi.core.lesson_location", "x" * 255, "x" * 256),
        ("cmi.suspend_data", "x" * 4096, "x" * 4097),
        ("cmi.comments", "fine", "x" * 4097),
        ("cmi.student_preference.text", "-1", "2"),
    ],
)
def test_12_core_elements(element: str, good: str, bad: str) -> None:
    assert one("1.2", element, good) == []
    assert one("1.2", element, bad)


def test_12_read_only_and_2004_elements_are_refused() -> None:
    assert one("1.2", "cmi.core.total_time", "0000:00:00")
    assert one("1.2", "cmi.completion_status", "completed")


def test_12_interactions_are_filled_in_order() -> None:
    assert check_calls("1.2", [("cmi.interactions.1.id", "q2")])
    calls = [("cmi.interactions.0.id", "q1"), ("cmi.interactions.1.id", "q2")]
    assert check_calls("1.2", calls) == []
    calls = [("cmi.interactions.0.id", "q1"), ("cmi.interactions.0.objectives.1.id", "o")]
    assert check_calls("1.2", calls)
    calls = [("cmi.objectives.0.id", "o1"), ("cmi.objectives.2.id", "o3")]
    assert check_calls("1.2", calls)


@given(st.text(alphabet="0123456789abcdefghijklmnopqrstuvwxyz", min_size=2, max_size=5))
def test_12_multi_character_choice_ids_always_fail(choice: str) -> None:
    assert interaction_12("choice", "student_response", choice)
