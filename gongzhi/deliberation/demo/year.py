"""The catalogue, the expert pool and the year of matters of the deliberation demo."""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

from gongzhi.core.i18n import zh
from gongzhi.deliberation import selectors, services
from gongzhi.deliberation.demo.register import LABEL, VillageCast, _at, _name
from gongzhi.deliberation.enums import (
    AttendanceStatus,
    ExpertField,
    MemberBasis,
    PublicationKind,
    SessionOutcome,
    StepKind,
    StepStatus,
)
from gongzhi.deliberation.models import Matter, MatterStep, Procedure
from gongzhi.kinship import services as kinship_services
from gongzhi.kinship.enums import Gender, LinkKind
from gongzhi.kinship.models import KinshipLink, Person
from gongzhi.org.models import Region

# --- catalogue -------------------------------------------------------------------------------------


def _catalogue(town: Region, villages: list[Region]) -> None:
    services.catalogue_load_defaults()
    xialu = Procedure.objects.get(code="xialu_team_deliberation", region=None)
    default = Procedure.objects.get(code="four_deliberations_two_publications", region=None)
    hearing = Procedure.objects.get(code="hearing_variant", region=None)
    for row in selectors.matter_type_catalogue(region=town):
        services.matter_type_define(
            code=row.code,
            name=row.name,
            procedure=default if row.code == "house_building_approval" else xialu,
            involves_tender=row.involves_tender,
            expert_fields=list(row.expert_fields),
            deciding_body=row.deciding_body,
            exclusion_predicate=row.exclusion_predicate,
            legal_basis=row.legal_basis,
            sort_order=row.sort_order,
            region=town,
        )
    asset = selectors.matter_type_get(region=town, code="collective_asset_operation")
    services.matter_type_define(
        code=asset.code,
        name=asset.name,
        procedure=hearing,
        involves_tender=True,
        expert_fields=list(asset.expert_fields),
        legal_basis=asset.legal_basis + "；本村增加村务听证",
        sort_order=asset.sort_order,
        region=villages[1],
    )


def _experts(town: Region, rng: random.Random) -> None:
    organisations = {
        ExpertField.ENGINEERING: "柯桥区建设工程质量站",
        ExpertField.FINANCE: "夏履镇农村集体三资管理服务中心",
        ExpertField.LAW: "浙江某律师事务所",
        ExpertField.LAND: "柯桥区自然资源和规划分局夏履所",
        ExpertField.AGRICULTURE: "夏履镇农业服务中心",
    }
    for expert_field, organisation in organisations.items():
        for _ in range(2):
            gender = rng.choice(Gender.values)
            person = kinship_services.person_upsert(
                name=_name(rng, gender), gender=gender, birth_date=date(rng.randint(1965, 1990), 3, 1)
            )
            services.expert_register(
                person=person, field=expert_field, region=town, organisation=organisation
            )


# --- a year of matters -----------------------------------------------------------------------------

_TEAM_MATTERS: list[tuple[str, str]] = [
    ("small_project_tender", "{v}村道硬化工程"),
    ("collective_income_use", "{y}年度集体收益分配方案"),
    ("small_project_tender", "{v}文化礼堂修缮工程"),
    ("collective_asset_operation", "{v}闲置厂房公开招租"),
    ("public_welfare_fundraising", "{v}污水管网改造一事一议筹资"),
    ("collective_project_contracting", "{v}茶园承包经营项目"),
    ("land_compensation_distribution", "{v}道路拓宽征地补偿费分配方案"),
    ("homestead_plan", "{y}年度宅基地使用方案"),
    ("small_project_tender", "{v}河道护岸整治工程"),
    ("lost_work_allowance", "村干部误工补贴标准调整"),
    ("village_rules_revision", "{v}村规民约修订"),
    ("collective_property_disposal", "{v}集体仓库出租"),
]
_REASONS: dict[str, str] = {
    MemberBasis.VILLAGE_COMMITTEE: "村委会成员（基础成员）",
    MemberBasis.PARTY_COMMITTEE: "村党组织委员（基础成员）",
    MemberBasis.REPRESENTATIVE: "所在片区村民代表（基础成员）",
    MemberBasis.PARTY_MEMBER: "党员代表",
    MemberBasis.COMMUNITY_POLICE: "社区民警（基础成员）",
}


class _Year:
    def __init__(self, casts: list[VillageCast], town: Region, rng: random.Random, today: date) -> None:
        self.casts, self.town, self.rng, self.today = casts, town, rng, today
        self.truants = {c.village.pk: c.representatives[-1] for c in casts if c.representatives}
        self.rigged = False
        self.rejected = False

    # One meeting step, retried after a failed quorum; the day it passed, or None.
    def meeting(self, matter: Matter, step: MatterStep, after: date) -> date | None:
        rng, body = self.rng, step.body
        if body is None:
            return None
        notice = after + timedelta(days=rng.randint(0, 1))
        held = notice + timedelta(days=body.notice_days + rng.randint(1, 4))
        adjourn = body.quorum.numerator > 0 and rng.random() < 0.12
        while held <= self.today:
            team = getattr(matter, "team", None)
            expected = selectors.entitled_count(
                village=matter.village, membership=body.membership, on=held, team=team
            )
            expected = expected or rng.randint(30, 55)
            needed = body.quorum.required(expected)
            present = max(1, needed - rng.randint(1, 3)) if adjourn else rng.randint(max(needed, 1), expected)
            majority = body.majority
            base = present if body.majority_basis == "present" else expected
            required = majority.required(base) if majority else 0
            votes_for = rng.randint(min(required, present), present) if majority else 0
            if majority and not adjourn and step.is_decision and not self.rejected and rng.random() < 0.08:
                votes_for, self.rejected = max(0, required - 1), True  # a matter the villagers turn down
            against = rng.randint(0, present - votes_for) if majority else 0
            session = services.session_record(
                step=step,
                held_at=_at(held),
                notice_given_on=notice if body.notice_days else None,
                expected=expected,
                present=present,
                votes_for=votes_for,
                votes_against=against,
                abstentions=present - votes_for - against if majority else 0,
                minutes=f"{step.name}：应到{expected}人，实到{present}人。{LABEL}",
                attendance=self._attendance(matter, body.membership, present, team),
                signatures=[services.SignatureSpec(name="镇联村干部", capacity="镇街列席人员")],
            )
            if session.outcome != SessionOutcome.NO_QUORUM:
                return held if session.outcome == SessionOutcome.PASSED else None
            adjourn = False
            notice = held + timedelta(days=1)
            held = notice + timedelta(days=body.notice_days + rng.randint(1, 4))
        return None

    def _attendance(
        self, matter: Matter, membership: str, present: int, team: Any
    ) -> list[tuple[Person, str]]:
        if membership == "representatives":
            roles = selectors.village_roles(village=matter.village)
            people = list({r.person for r in roles if r.kind in ("representative", "village_committee")})
        elif membership == "team" and team is not None:
            people = [m.person for m in team.members.filter(status="active").select_related("person")]
        else:
            return []
        people.sort(key=lambda p: p.pk)
        truant = self.truants.get(matter.village_id)
        ordered = [p for p in people if p != truant] + [p for p in people if p == truant]
        return [
            (
                p,
                AttendanceStatus.PRESENT
                if i < present
                else self.rng.choice(("excused", "excused", "absent")),
            )
            if p != truant or i < present
            else (p, AttendanceStatus.ABSENT)
            for i, p in enumerate(ordered)
        ]

    def team(self, matter: Matter, cast: VillageCast, day: date) -> None:
        rng = self.rng
        specs: dict[int, services.MemberSpec] = {}

        def add(person: Person | None, basis: str, reason: str = "", expert: Any = None) -> None:
            if person is not None and person.pk not in specs:
                specs[person.pk] = services.MemberSpec(
                    person=person, basis=basis, reason=reason or _REASONS[basis], expert=expert
                )

        add(cast.committee[0], MemberBasis.VILLAGE_COMMITTEE)
        add(cast.committee[1], MemberBasis.VILLAGE_COMMITTEE)
        add(cast.party_committee[2], MemberBasis.PARTY_COMMITTEE)
        for person in rng.sample(cast.representatives, k=3):
            add(person, MemberBasis.REPRESENTATIVE)
        add(rng.choice(cast.party_members), MemberBasis.PARTY_MEMBER)
        add(cast.police, MemberBasis.COMMUNITY_POLICE)
        for expert_field in matter.matter_type.expert_fields[: rng.choice((1, 2))]:
            expert = rng.choice(selectors.expert_pool(village=cast.village, fields=[expert_field]))
            add(
                expert.person,
                MemberBasis.EXPERT,
                f"{zh(expert.get_field_display())}专家：{expert.organisation}",
                expert,
            )
        services.team_form(matter=matter, members=list(specs.values()), formed_on=day)

    def tender(self, matter: Matter, cast: VillageCast, day: date) -> date:
        rng = self.rng
        tender = services.tender_open(
            matter=matter, title=matter.title.replace("（演示）", "") + "施工/承包", opened_on=day
        )
        budget = matter.budget or Decimal(rng.randint(10, 80) * 10000)
        names = ["绍兴{}建设有限公司", "柯桥{}工程队", "浙江{}实业有限公司"]
        for index in range(rng.randint(2, 3)):
            owner = kinship_services.person_upsert(
                name=_name(rng, Gender.MALE),
                gender=Gender.MALE,
                birth_date=date(rng.randint(1965, 1985), 5, 5),
            )
            if not self.rigged and index == 0:
                owner = self._brother_in_law(cast)
                self.rigged = True
            services.bidder_register(
                tender=tender,
                name=names[index].format("".join(rng.sample("宏达鑫源恒顺永盛", 2))) + "（演示）",
                people=[(owner, "legal_representative")],
                registered_on=day + timedelta(days=index + 1),
                bid_amount=(budget * Decimal(rng.randint(85, 99)) / 100).quantize(Decimal("1")),
            )
        return day + timedelta(days=4)

    def _brother_in_law(self, cast: VillageCast) -> Person:
        """The brother of committee member committee[0]'s wife: he bids, the member is excluded."""
        wife = cast.wives[cast.committee[0].pk]
        parents = [link.relative for link in KinshipLink.objects.filter(person=wife, kind=LinkKind.PARENT)]
        if not parents:
            father = kinship_services.person_upsert(
                name=wife.name[0] + "老伯", gender=Gender.MALE, birth_date=date(1935, 2, 2)
            )
            kinship_services.kinship_link(person=wife, relative=father, kind=LinkKind.PARENT)
            parents = [father]
        brother = kinship_services.person_upsert(
            name=wife.name[0] + "建中", gender=Gender.MALE, birth_date=date(1972, 7, 7)
        )
        for parent in parents:
            kinship_services.kinship_link(person=brother, relative=parent, kind=LinkKind.PARENT)
        return brother

    def publish(self, matter: Matter, step: MatterStep, day: date) -> date | None:
        rng = self.rng
        if day > self.today:
            return None
        decision = step.publication_kind == PublicationKind.DECISION
        publication = services.publication_publish(
            step=step,
            title=f"{matter.title}{'决议公告' if decision else '实施结果公开'}",
            content=(
                f"经{matter.steps.get(is_decision=True).name}表决通过。" if decision else "已按决议实施完毕。"
            )
            + LABEL,
            published_on=day,
        )
        if rng.random() < 0.35:
            raised = _at(day + timedelta(days=rng.randint(0, 5)), 10)
            if raised.date() <= self.today:
                objection = services.objection_raise(
                    publication=publication,
                    name=_name(rng, Gender.MALE),
                    content=rng.choice(
                        ("资金使用是否经过审计？", "施工期间如何保障通行？", "分配依据是什么？")
                    ),
                    raised_at=raised,
                )
                answered = raised + timedelta(days=rng.randint(2, 13))
                if answered < timezone.now():
                    services.objection_answer(
                        objection=objection, answer=f"已当面解释并张榜说明。{LABEL}", answered_at=answered
                    )
        return publication.ends_on + timedelta(days=1)

    def run(self, matter: Matter, cast: VillageCast) -> None:
        day = matter.proposed_on
        if (
            matter.matter_type.procedure.steps.filter(body__membership="team").exists()
            or matter.involves_tender
        ):
            self.team(matter, cast, day)
        for step in matter.steps.order_by("order"):
            if step.kind == StepKind.MEETING:
                passed = self.meeting(matter, step, day)
                if passed is None:
                    return
                day = passed
                if step.is_decision and matter.involves_tender:
                    day = self.tender(matter, cast, day)
            else:
                if step.publication_kind == PublicationKind.RESULT:
                    if matter.involves_tender:
                        tender = matter.tender
                        tender.refresh_from_db()
                        if day > self.today:
                            return
                        bidders = list(tender.bidders.order_by("bid_amount"))
                        services.tender_award(tender=tender, bidder=bidders[0], awarded_on=day)
                    day += timedelta(days=self.rng.randint(20, 80))
                    if matter.objections.filter(status="open").exists():
                        return
                published = self.publish(matter, step, day)
                if published is None:
                    return
                day = published
            step.refresh_from_db()
            if step.status != StepStatus.PASSED:
                return
