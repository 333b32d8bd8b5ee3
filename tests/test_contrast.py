"""The WCAG 2.2 colour maths of ``bwise_mooc.contrast``: known ratios, and properties."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bwise_mooc.contrast import (
    NON_TEXT,
    TEXT,
    contrast,
    luminance,
    nearest_passing,
    normalise,
    parse_hex,
    shown,
)

colours = st.tuples(*[st.integers(0, 255)] * 3).map(lambda rgb: "#{:02x}{:02x}{:02x}".format(*rgb))


@pytest.mark.parametrize(
    ("first", "second", "ratio"),
    [
        ("#000000", "#ffffff", 21.0),
        ("#ffffff", "#ffffff", 1.0),
        ("#767676", "#ffffff", 4.54),  # the lightest grey that passes on white, as WebAIM says
        ("#777777", "#ffffff", 4.48),
        ("#0b4a80", "#ffffff", 9.11),  # the preview's own --brand
        ("#ff0000", "#ffffff", 4.0),
    ],
)
def test_ratios_match_the_wcag_formula(first: str, second: str, ratio: float) -> None:
    assert contrast(first, second) == pytest.approx(ratio, abs=0.005)


def test_colours_are_read_in_both_hex_forms_and_nothing_else() -> None:
    assert parse_hex("#0bf") == (0, 187, 255)
    assert normalise("#0B4A80") == "#0b4a80"
    assert luminance("#ffffff") == 1.0
    for wrong in ("0b4a80", "#0b4a8", "#gggggg", "red", "#0b4a80 "):
        with pytest.raises(ValueError, match="not a #rrggbb colour"):
            parse_hex(wrong)


def test_a_failing_ratio_is_never_shown_as_the_minimum_it_misses() -> None:
    assert shown(4.499) == "4.49:1"
    assert shown(21.0) == "21.00:1"


def test_the_nearest_passing_colour_is_darker_on_a_light_page_and_the_colour_itself_if_it_passes() -> (
    None
):
    assert nearest_passing("#0b4a80", ("#ffffff",), TEXT) == "#0b4a80"
    suggestion = nearest_passing("#5b8fd0", ("#ffffff",), TEXT)
    assert suggestion is not None and suggestion != "#5b8fd0"
    assert contrast(suggestion, "#ffffff") >= TEXT
    assert luminance(suggestion) < luminance("#5b8fd0")
    on_dark = nearest_passing("#333333", ("#000000",), TEXT)
    assert on_dark is not None and luminance(on_dark) > luminance("#333333")
    assert nearest_passing("#777777", ("#000000", "#ffffff"), 21) is None


@given(colours, colours)
def test_the_ratio_is_symmetric_and_between_1_and_21(first: str, second: str) -> None:
    ratio = contrast(first, second)
    assert ratio == pytest.approx(contrast(second, first))
    assert 1.0 <= ratio <= 21.0 + 1e-9


@given(colours, colours, st.sampled_from([NON_TEXT, TEXT]))
def test_the_suggested_colour_passes(colour: str, background: str, minimum: float) -> None:
    suggestion = nearest_passing(colour, (background,), minimum)
    assert suggestion is not None  # black or white always reach 4.5:1 with one background
    assert contrast(suggestion, background) >= minimum
    if contrast(colour, background) >= minimum:
        assert suggestion == colour
