"""The deliberation rules that are settings (``settings.GONGZHI``), with their defaults."""

from __future__ import annotations

from typing import Any, cast

from django.conf import settings

from gongzhi.kinship.enums import Predicate

DEFAULTS: dict[str, Any] = {
    # Which kinship set excludes a team member related to a bidder (the 夏履 rule names close
    # relatives and close in-laws, so the wider recusal set).
    "TENDER_EXCLUSION_PREDICATE": Predicate.RECUSAL_RELATIVE.value,
    # 组织法 art. 32 / 浙江实施办法 art. 30: committee members' 近亲属 may not sit on the
    # 村务监督委员会 (the eight relations of 民法典 art. 1045).
    "SUPERVISION_COMMITTEE_PREDICATE": Predicate.CLOSE_RELATIVE.value,
    # Days a decision or result stays published for objections [UNCONFIRMED: a setting].
    "PUBLICITY_DAYS": 7,
    # 浙江实施办法 art. 36: written questions are answered within 15 days.
    "OBJECTION_ANSWER_DAYS": 15,
    # Days before that deadline the village is reminded of an unanswered objection [a setting].
    "OBJECTION_REMIND_DAYS": 3,
    # 浙江实施办法 art. 22: three consecutive absences without good reason.
    "REPRESENTATIVE_ABSENCE_LIMIT": 3,
}


def setting(name: str) -> Any:
    rules = cast(dict[str, Any], getattr(settings, "GONGZHI", {}))
    return rules.get(name, DEFAULTS[name])


def setting_int(name: str) -> int:
    return int(setting(name))


def setting_str(name: str) -> str:
    return str(setting(name))
