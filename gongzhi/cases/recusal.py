"""Recusal of the handler (回避): the one place that decides who may not handle a case.

信访工作条例 art. 28 para. 3: staff with a direct interest in the matter or in the petitioner
withdraw. 浙江省信访条例 art. 9 (3): the petitioner may apply for it; art. 27: the head decides.
The kinship set is 公务员法 art. 74 (spouse, lineal, collateral within three generations, close
in-laws), the register's ``recusal_relative`` predicate.
"""

from __future__ import annotations

from dataclasses import dataclass

from gongzhi.cases.models import Case, RecusalRequest, StaffRegisterEntry
from gongzhi.core.errors import InvalidState
from gongzhi.kinship import selectors as kinship_selectors
from gongzhi.kinship.enums import Predicate
from gongzhi.org.models import User

RECUSAL_PREDICATE = Predicate.RECUSAL_RELATIVE


@dataclass(frozen=True)
class Conflict:
    ground: str  # "party" | "relative" | "recused"
    reason_zh: str
    reason_en: str


def handler_conflict(case: Case, user: User) -> Conflict | None:
    """Why ``user`` may not handle ``case``, or ``None``.

    1. The user reported the case.
    2. The lead unit's head granted the petitioner's application that this user withdraw.
    3. The user's register entry (``StaffRegisterEntry``) is the reporter or a party: the same
       person, or the same resident ID number.
    4. The register relates the user to the reporter or a party under ``recusal_relative``.
    """
    if case.reporter_id is not None and case.reporter_id == user.pk:
        return Conflict("party", "本人是信访人", "the user is the petitioner")
    if RecusalRequest.objects.filter(case=case, handler=user, granted=True).exists():
        return Conflict("recused", "已决定回避", "recusal was granted against this handler")
    entry = StaffRegisterEntry.objects.filter(user=user).select_related("person").first()
    if entry is None:
        return None
    names = {case.reporter_id_number: case.reporter_name} if case.reporter_id_number else {}
    for party in case.parties.all():
        if party.id_number:
            names.setdefault(party.id_number.upper(), party.name)
    if entry.person.id_number and entry.person.id_number in names:
        name = names[entry.person.id_number]
        return Conflict("party", f"本人是当事人（{name}）", "the user is a party (same ID number)")
    others = [p for idn in names for p in kinship_selectors.person_list(query=idn) if p.id_number == idn]
    pairs = kinship_selectors.conflicted_people(
        people=[entry.person], against=others, predicate=RECUSAL_PREDICATE
    )
    for _member, other, relation in pairs:
        if relation == "self":
            return Conflict("party", f"本人是当事人（{other.name}）", "the user is a party")
        label = kinship_selectors.relation_label(relation)
        return Conflict(
            "relative",
            f"与当事人{other.name}有应回避的亲属关系（{label}）",
            f"the user is a relative of a party ({relation})",
        )
    return None


def require_no_conflict(case: Case, user: User) -> None:
    """Refuse with ``recusal`` (naming the ground) when ``user`` may not handle ``case``."""
    conflict = handler_conflict(case, user)
    if conflict is not None:
        raise InvalidState(
            f"{user}应当回避，不能承办：{conflict.reason_zh}",
            f"{user} must withdraw from the case: {conflict.reason_en}",
            code="recusal",
            detail={"handler": user.pk, "ground": conflict.ground, "reason": conflict.reason_zh},
        )
