"""检举控告: an accusation never reaches the accused.

信访工作条例 art. 30 (and art. 46 (5); 浙江省信访条例 art. 26 (4)): accusation material is never
disclosed or passed to the person accused. Here "the accused" is:

1. the case's ``accused_unit``;
2. every unit under it — a unit whose ``Unit.parent`` chain reaches the accused unit;
3. the staff of those units, wherever else they hold a post.

The accused can never be the lead or a co-unit, the addressee of a notice or reminder, the
holder of a webhook key that hears of the case, or a row the case is counted in. The case scope
(``access.case_scope_q``) hides the case from them; the services call ``require_not_accused``
before they hand the case to a unit or address a notice to one.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q

from gongzhi.cases.enums import PetitionClass
from gongzhi.cases.models import Case
from gongzhi.core.errors import ValidationFailed
from gongzhi.org import selectors as org_selectors
from gongzhi.org.models import Unit, User

BARRED_ZH = "被检举控告的单位不得承办或参与办理该事项"
BARRED_EN = "the accused unit may not handle or take part in this case"
NOT_OFFERED_ZH = "被检举单位及其下属单位不提供"
NOT_OFFERED_EN = "the accused unit and the units under it are not offered"


class AccusedUnitBarred(ValidationFailed):
    """The chosen unit (or the acting user's unit) is the accused of a 检举控告 case."""

    code = "accused_unit"


def is_accusation(case: Case) -> bool:
    return case.petition_class == PetitionClass.ACCUSATION and case.accused_unit_id is not None


def unit_lineage_ids(units: Iterable[Unit]) -> set[int]:
    """The ids of ``units`` and of every unit above them along ``Unit.parent``."""
    seen: set[int] = set()
    frontier = {unit.pk: unit.parent_id for unit in units}
    while frontier:
        seen |= frontier.keys()
        parent_ids = {pk for pk in frontier.values() if pk is not None and pk not in seen}
        frontier = dict(Unit.objects.filter(pk__in=parent_ids).values_list("pk", "parent_id"))
    return seen


def unit_is_barred(case: Case, unit: Unit | None) -> bool:
    """Is ``unit`` the accused unit of ``case``, or a unit under it?"""
    if unit is None or not is_accusation(case):
        return False
    return case.accused_unit_id in unit_lineage_ids([unit])


def user_is_barred(case: Case, user: User) -> bool:
    """Does ``user`` hold a post in the accused unit of ``case``, or in a unit under it?"""
    if not is_accusation(case) or not getattr(user, "pk", None):
        return False
    units = [m.unit for m in org_selectors.memberships_for_user(user=user)]
    return case.accused_unit_id in unit_lineage_ids(units)


def accused_among_q(lineage_ids: Iterable[int]) -> Q:
    """The accusations against any of the units ``lineage_ids`` (a set of units with everything
    above them, ``unit_lineage_ids``): what the staff of those units never see."""
    return Q(petition_class=PetitionClass.ACCUSATION, accused_unit_id__in=sorted(lineage_ids))


def require_not_accused(case: Case, unit: Unit | None, *, field: str = "unit") -> None:
    """Refuse to make ``unit`` the lead or a co-unit of ``case``, or to address it a notice."""
    if unit is not None and unit_is_barred(case, unit):
        raise AccusedUnitBarred(BARRED_ZH, BARRED_EN, detail={"field": field, "unit": unit.code})


def require_actor_not_accused(case: Case, actor: User) -> None:
    """Refuse an action on ``case`` by staff of the accused unit (or of a unit under it)."""
    if user_is_barred(case, actor):
        raise AccusedUnitBarred(
            "被检举控告单位的工作人员不得登记或办理该事项，请由上一级社会治理中心受理",
            "staff of the accused unit may not register or act on this case; a higher centre takes it",
        )


def barred_unit_ids(case: Case) -> set[int]:
    """The accused unit of ``case`` and every unit under it (empty unless an accusation)."""
    if not is_accusation(case) or case.accused_unit_id is None:
        return set()
    barred: set[int] = set()
    frontier: set[int] = {case.accused_unit_id}
    while frontier:
        barred |= frontier
        frontier = set(Unit.objects.filter(parent_id__in=frontier).values_list("pk", flat=True)) - barred
    return barred


def picker_note(case: Case) -> str:
    """The one line a unit picker shows for an accusation, saying why the accused is not offered."""
    return f"{NOT_OFFERED_ZH} / {NOT_OFFERED_EN}" if is_accusation(case) else ""
