"""Quorum and majority arithmetic: 以上 includes the number, 过半数 excludes half."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from gongzhi.deliberation.enums import Basis, Comparison
from gongzhi.deliberation.rules import Share, evaluate

TWO_THIRDS = Share(2, 3, Comparison.AT_LEAST)
HALF_MORE = Share(1, 2, Comparison.MORE_THAN)
HALF_AT_LEAST = Share(1, 2, Comparison.AT_LEAST)


def test_two_thirds_or_more_includes_the_number():
    assert TWO_THIRDS.required(30) == 20
    assert TWO_THIRDS.met(20, 30)
    assert not TWO_THIRDS.met(19, 30)
    assert TWO_THIRDS.required(35) == 24  # 23.33… rounds up


def test_more_than_half_is_strictly_more():
    assert HALF_MORE.required(20) == 11
    assert not HALF_MORE.met(10, 20)
    assert HALF_MORE.met(11, 20)
    assert HALF_MORE.required(21) == 11


def test_half_or_more_includes_half():
    assert HALF_AT_LEAST.met(10, 20)
    assert not HALF_AT_LEAST.met(9, 20)


def test_the_representatives_meeting_counts_votes_against_those_present():
    # 组织法 art. 26: 30 members, 20 attend (quorate), 11 of the 20 carry.
    result = evaluate(
        quorum=TWO_THIRDS, household_quorum=None, majority=HALF_MORE, majority_basis=Basis.PRESENT,
        expected=30, present=20, votes_for=11,
    )  # fmt: skip
    assert result.passed and result.majority_base == 20 and result.majority_required == 11


def test_the_cooperative_counts_votes_against_those_entitled():
    # 经济合作社社员代表大会: the same 11 of 20 present fail against 30 entitled (16 needed).
    result = evaluate(
        quorum=TWO_THIRDS, household_quorum=None, majority=HALF_MORE, majority_basis=Basis.ENTITLED,
        expected=30, present=20, votes_for=11,
    )  # fmt: skip
    assert result.quorum_met and not result.passed
    assert result.majority_base == 30 and result.majority_required == 16


def test_the_villagers_meeting_may_be_quorate_by_households():
    result = evaluate(
        quorum=HALF_MORE, household_quorum=TWO_THIRDS, majority=HALF_MORE, majority_basis=Basis.PRESENT,
        expected=800, present=300, votes_for=200, households_expected=300, households_present=200,
    )  # fmt: skip
    assert not HALF_MORE.met(300, 800)
    assert result.household_quorum_met and result.quorum_met and result.passed


@given(
    numerator=st.integers(0, 5),
    extra=st.integers(0, 5),
    comparison=st.sampled_from(Comparison.values),
    base=st.integers(0, 2000),
    count=st.integers(0, 2000),
)
def test_required_is_the_smallest_count_that_meets_the_share(numerator, extra, comparison, base, count):
    share = Share(numerator, numerator + extra + 1 if numerator == 0 else numerator + extra, comparison)
    required = share.required(base)
    assert share.met(count, base) == (count >= required)
