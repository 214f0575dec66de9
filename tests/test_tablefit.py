"""Table column widths from content (pledgeconv.tablefit): tokens, min/max widths, CSS auto layout."""

from __future__ import annotations

import pytest

from pledgeconv import tablefit
from pledgeconv.tablefit import ColumnRange


def mono(text: str, size: float, bold: bool) -> float:
    """A stand-in measure: every character is one em wide (bold a tenth wider)."""
    return len(text) * size * (1.1 if bold else 1.0)


def test_tokens_keep_numbers_units_and_brackets_whole() -> None:
    assert tablefit.tokens("2026년 예산 11,106 억원") == ["2026년", "예산", "11,106", "억원"]
    assert tablefit.tokens("증가율 12.3 %") == ["증가율", "12.3\u00a0%"]  # number and unit stay together
    assert tablefit.tokens("( 안 )") == ["(\u00a0안\u00a0)"]


def test_keep_whole_is_for_numbers() -> None:
    assert tablefit.keep_whole("11,106")
    assert tablefit.keep_whole("2026년")
    assert not tablefit.keep_whole("재원조달방안")


def test_column_minimum_is_the_widest_token_and_maximum_the_line() -> None:
    rows = [["사업명", "2026년"], ["청년 주거 지원 확대", "11,106"]]
    ranges = tablefit.column_ranges(rows, 10, measure=mono)
    assert ranges[0] == ColumnRange(30.0, 110.0)  # "사업명" / "청년 주거 지원 확대"
    assert ranges[1] == ColumnRange(60.0, 60.0)  # "2026년" and "11,106": six characters each


def test_header_rows_are_measured_bold_and_padding_is_added() -> None:
    ranges = tablefit.column_ranges([["합계"], ["1"]], 10, measure=mono, header_rows=1, padding=10)
    assert ranges[0].minimum == pytest.approx(32.0)


def test_a_long_word_counts_at_most_the_soft_cap_but_a_long_number_fully() -> None:
    word = tablefit.cell_range("가" * 30, 10, measure=mono)
    number = tablefit.cell_range("1" * 30, 10, measure=mono)
    assert word.minimum == tablefit.SOFT_CAP_EM * 10
    assert number.minimum == 300.0


def test_distribute_follows_css_automatic_layout() -> None:
    ranges = [ColumnRange(10, 110), ColumnRange(20, 20)]
    assert tablefit.distribute(ranges, 80) == pytest.approx([60.0, 20.0])  # min + share of (max - min)
    assert tablefit.distribute(ranges, 260) == pytest.approx([220.0, 40.0])  # spare room by maximum
    assert tablefit.distribute(ranges, 260, fill=False) == pytest.approx([110.0, 20.0])
    assert tablefit.distribute(ranges, 29) is None


def test_fit_shrinks_the_type_before_giving_up() -> None:
    rows = [["11,106"] * 10]  # ten columns of six characters
    assert tablefit.fit(rows, 600, 10, measure=mono) == tablefit.Fit(10, (60.0,) * 10)
    small = tablefit.fit(rows, 480, 10, measure=mono)
    assert small is not None and small.size == 8.0
    assert tablefit.fit(rows, 300, 10, measure=mono) is None  # would need 5 pt, below the 7 pt floor


def test_column_groups_repeat_the_first_column() -> None:
    ranges = [ColumnRange(30, 30)] + [ColumnRange(20, 20)] * 5
    assert tablefit.column_groups(ranges, 75) == [[0, 1, 2], [0, 3, 4], [0, 5]]
    assert tablefit.column_groups(ranges, 75, repeat_first=False) == [[0, 1, 2], [3, 4, 5]]
    assert tablefit.column_groups([ColumnRange(30, 30), ColumnRange(500, 500)], 75) == [[0, 1]]


def test_real_font_metrics() -> None:
    narrow = tablefit.text_width("1", 10)
    assert 0 < narrow < tablefit.text_width("11,106", 10) < tablefit.text_width("11,106", 20)
    assert tablefit.text_width("가", 10) == pytest.approx(10 * 0.92, rel=0.1)  # Hangul is about an em
    assert tablefit.text_width("‧", 10) > 0  # not in Nanum: measured in the fallback face
    assert tablefit.text_width("합계", 10, bold=True) >= tablefit.text_width("합계", 10)
