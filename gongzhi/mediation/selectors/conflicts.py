"""Conflicts of interest: a mediator who is a party, a close relative of a party, or who
declared a conflict. Kinship comes from the shared register (``gongzhi.kinship``)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.db.models import Q

from gongzhi.kinship import selectors as kinship_selectors
from gongzhi.mediation.conf import rule
from gongzhi.mediation.models import ConflictDeclaration, Mediation, MediationParty, Mediator


def mediator_conflicts(
    *, mediators: Iterable[Mediator], mediation: Mediation, parties: list[MediationParty] | None = None
) -> dict[int, list[str]]:
    """For each conflicted mediator (by id), the reasons in Chinese; others are absent.

    1. The mediator is a party: the same register entry, or the same ID number.
    2. The mediator is a close relative of a party (the predicate is a setting,
       ``MEDIATION_CONFLICT_PREDICATE``; default 民法典 art. 1045 近亲属).
    3. A recorded declaration: for this mediation, or about a party (person, ID number, or
       name when the declaration gives nothing else).
    """
    mediators = list(mediators)
    if not mediators:
        return {}
    parties = parties if parties is not None else list(mediation.parties.select_related("person"))
    reasons: dict[int, list[str]] = defaultdict(list)
    persons = [p.person for p in parties if p.person is not None]
    by_person = {m.person_id: m for m in mediators}
    if persons:
        pairs = kinship_selectors.conflicted_people(
            people=[m.person for m in mediators],
            against=persons,
            predicate=str(rule("MEDIATION_CONFLICT_PREDICATE")),
        )
        for member, other, relation in pairs:
            mediator = by_person[member.pk]
            if relation == "self":
                reasons[mediator.pk].append(f"本人是当事人（{other.name}）")
            else:
                label = kinship_selectors.relation_label(relation)
                reasons[mediator.pk].append(f"与当事人{other.name}有近亲属关系（{label}）")
    party_ids = {p.id_number for p in parties if p.id_number}
    for mediator in mediators:
        own = mediator.person.id_number
        if own and own in party_ids and not any("本人是当事人" in r for r in reasons[mediator.pk]):
            reasons[mediator.pk].append("本人是当事人（身份证号码相同）")
    names = {p.name for p in parties}
    declarations = ConflictDeclaration.objects.filter(mediator__in=mediators, is_active=True).filter(
        Q(mediation=mediation)
        | Q(person__in=persons)
        | Q(id_number__in=party_ids)
        | Q(mediation__isnull=True, person__isnull=True, id_number="", name__in=names)
    )
    for declaration in declarations:
        reasons[declaration.mediator_id].append(f"已声明利益冲突：{declaration.reason}")
    return {key: value for key, value in reasons.items() if value}
