"""Who may be put on a matter's team: the base members from the village's roles, the experts of
the pool matched to the matter type, and the automatic exclusions with their reasons."""

from __future__ import annotations

from dataclasses import dataclass

from gongzhi.core.i18n import zh
from gongzhi.deliberation.enums import ExpertField, MemberBasis, VillageRoleKind
from gongzhi.deliberation.models import BidderPerson, Expert, Matter
from gongzhi.deliberation.selectors.catalogue import expert_pool
from gongzhi.deliberation.selectors.register import village_roles
from gongzhi.kinship import selectors as kinship_selectors
from gongzhi.kinship.models import Person

# The base of a team (夏履民主程序: the village committees' members, villager representatives and
# the community police officer), in the order a person holding several roles is listed under.
_BASE: tuple[tuple[str, str, bool], ...] = (
    # (role, basis, proposed by default)
    (VillageRoleKind.VILLAGE_COMMITTEE, MemberBasis.VILLAGE_COMMITTEE, True),
    (VillageRoleKind.PARTY_COMMITTEE, MemberBasis.PARTY_COMMITTEE, True),
    (VillageRoleKind.SUPERVISION, MemberBasis.SUPERVISION, True),
    (VillageRoleKind.COMMUNITY_POLICE, MemberBasis.COMMUNITY_POLICE, True),
    (VillageRoleKind.REPRESENTATIVE, MemberBasis.REPRESENTATIVE, False),
    (VillageRoleKind.PARTY_MEMBER, MemberBasis.PARTY_MEMBER, False),
)


@dataclass(frozen=True)
class Candidate:
    person: Person
    basis: str
    reason: str
    expert: Expert | None = None
    proposed: bool = False
    excluded_reason: str = ""

    @property
    def key(self) -> str:
        return f"{self.person.pk}-{self.basis}-{self.expert.pk if self.expert else 0}"

    @property
    def basis_label(self) -> str:
        return str(MemberBasis(self.basis).label)


def _exclusions(matter: Matter, people: list[Person]) -> dict[int, str]:
    """Person id → why they cannot join: behind a bid, or related to someone who is."""
    behind = list(
        BidderPerson.objects.filter(bidder__tender__matter=matter).select_related("person", "bidder")
    )
    if not behind or not people:
        return {}
    bidder_of = {bp.person_id: bp.bidder.name for bp in behind}
    reasons: dict[int, str] = {}
    for member, other, relation in kinship_selectors.conflicted_people(
        people=people, against=[bp.person for bp in behind], predicate=matter.exclusion_predicate
    ):
        if member.pk in reasons:
            continue
        if relation == "self":
            reasons[member.pk] = f"本人是投标人“{bidder_of[other.pk]}”的关联人"
        else:
            reasons[member.pk] = (
                f"投标人“{bidder_of[other.pk]}”的关联人{other.name}是其"
                f"{kinship_selectors.relation_label(relation)}"
            )
    return reasons


def team_candidates(*, matter: Matter) -> list[Candidate]:
    """Everyone who may be put on ``matter``'s team, one row per person (their first basis) and per
    matching expert entry; those the conflict rule keeps out carry ``excluded_reason``."""
    rows: list[Candidate] = []
    seen: set[int] = set()
    roles = list(village_roles(village=matter.village))
    for kind, basis, proposed in _BASE:
        for role in roles:
            if role.kind != kind or role.person_id in seen:
                continue
            seen.add(role.person_id)
            why = "议事团基本成员" if proposed else "按事项需要选取"
            rows.append(
                Candidate(
                    person=role.person,
                    basis=basis,
                    reason=f"本村{zh(VillageRoleKind(kind).label)}，{why}",
                    proposed=proposed,
                )
            )
    fields = list(matter.matter_type.expert_fields or [])
    chosen_fields: set[str] = set()
    for expert in expert_pool(village=matter.village, fields=fields) if fields else []:
        if expert.person_id in seen:
            continue
        seen.add(expert.person_id)
        first_of_field = expert.field not in chosen_fields
        chosen_fields.add(expert.field)
        where = f"{expert.organisation}" if expert.organisation else expert.region.name
        rows.append(
            Candidate(
                person=expert.person,
                basis=MemberBasis.EXPERT,
                reason=f"{zh(ExpertField(expert.field).label)}专家（{where}），{matter.matter_type.name}需要",
                expert=expert,
                proposed=first_of_field,
            )
        )
    excluded = _exclusions(matter, [row.person for row in rows])
    if excluded:
        rows = [
            Candidate(
                person=row.person,
                basis=row.basis,
                reason=row.reason,
                expert=row.expert,
                proposed=False,
                excluded_reason=excluded[row.person.pk],
            )
            if row.person.pk in excluded
            else row
            for row in rows
        ]
    return rows
