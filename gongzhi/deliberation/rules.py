"""Quorum and majority arithmetic, exact in integers (no floating point).

Counting words (民法典 art. 1259): "以上" includes the stated number, "过半数"/"超过" exclude it.
So "三分之二以上" is ``count * 3 >= base * 2`` and "过半数" is ``count * 2 > base``.

Which base a rule counts against is data on the body (domain-rules §5.1–5.2):

1. 村民代表会议 (组织法 art. 26): 2/3 以上 of its members present; decisions by 过半数 of those
   **present**.
2. 村民会议 (art. 22): 过半数 of adult villagers present, or representatives of 2/3 以上 of the
   households; decisions by 过半数 of those **present**.
3. 社员大会 / 社员代表大会 (浙江省村经济合作社组织条例): decisions by 过半数 of those
   **entitled** to attend (应到).
"""

from __future__ import annotations

from dataclasses import dataclass

from gongzhi.deliberation.enums import Basis, Comparison


@dataclass(frozen=True)
class Share:
    """``numerator/denominator`` of a base, compared as ``comparison`` says. 0/1 means no threshold."""

    numerator: int
    denominator: int
    comparison: str

    def met(self, count: int, base: int) -> bool:
        if self.numerator == 0:
            return True
        if self.comparison == Comparison.AT_LEAST:
            return count * self.denominator >= base * self.numerator
        return count * self.denominator > base * self.numerator

    def required(self, base: int) -> int:
        """The smallest count that meets the share of ``base``."""
        if self.numerator == 0:
            return 0
        quotient, remainder = divmod(base * self.numerator, self.denominator)
        if self.comparison == Comparison.AT_LEAST:
            return quotient + (1 if remainder else 0)
        return quotient + 1

    def describe(self) -> str:
        if self.numerator == 0:
            return "不设门槛"
        if (self.numerator, self.denominator) == (1, 2) and self.comparison == Comparison.MORE_THAN:
            return "过半数"
        fraction = {(1, 2): "二分之一", (2, 3): "三分之二", (3, 4): "四分之三", (4, 5): "五分之四"}.get(
            (self.numerator, self.denominator), f"{self.numerator}/{self.denominator}"
        )
        return f"{fraction}以上" if self.comparison == Comparison.AT_LEAST else f"超过{fraction}"


@dataclass(frozen=True)
class Evaluation:
    quorum_met: bool
    quorum_required: int
    household_quorum_met: bool | None
    majority_met: bool
    majority_base: int
    majority_required: int

    @property
    def passed(self) -> bool:
        return self.quorum_met and self.majority_met


def evaluate(
    *,
    quorum: Share,
    household_quorum: Share | None,
    majority: Share | None,
    majority_basis: str,
    expected: int,
    present: int,
    votes_for: int,
    households_expected: int | None = None,
    households_present: int | None = None,
) -> Evaluation:
    """Whether a meeting was quorate and its vote carried.

    1. Quorum: ``present`` against ``expected``; where the body allows the household
       alternative (村民会议), meeting it instead is enough.
    2. Majority: ``votes_for`` against the present or the entitled number, per ``majority_basis``.
       A body without a vote (a hearing) carries once quorate.
    """
    quorum_met = quorum.met(present, expected)
    household_met: bool | None = None
    if household_quorum is not None and households_expected is not None and households_present is not None:
        household_met = household_quorum.met(households_present, households_expected)
        quorum_met = quorum_met or household_met
    base = present if majority_basis == Basis.PRESENT else expected
    if majority is None:
        return Evaluation(quorum_met, quorum.required(expected), household_met, True, base, 0)
    return Evaluation(
        quorum_met,
        quorum.required(expected),
        household_met,
        majority.met(votes_for, base),
        base,
        majority.required(base),
    )
