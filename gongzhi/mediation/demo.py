"""The mediation demo: committee profiles, studios (featured, provincial gold, minority-affairs,
foreign-related), about 200 mediators with languages and specialities, and a year of mediation
history consistent with the demo's dispute cases.

Everything generated is labelled: studios' and mediators' descriptions end with
"（演示数据，系统生成）", generated mediation numbers start with ``DMTJ``. Idempotent: the
organisations and catalogue load once; mediators are matched by their (generated, valid) ID
number; the history is written once (skipped when any ``DMTJ`` mediation exists).
The history is written in bulk like the case history (gongzhi.demo.generator): one mediation per
level the demo dispute case went through (escalations from the case's ``escalation_count``), the
last one resolved where the case was closed, with its agreement; about a third of those that
reached the town or the district are mediated there by a featured studio that takes the type.
"""

from __future__ import annotations

import random
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from gongzhi.cases.enums import CaseKind
from gongzhi.cases.models import Case
from gongzhi.demo import people
from gongzhi.demo.texts import GENERATED_LABEL
from gongzhi.mediation import services
from gongzhi.mediation.classifier import catalogue_words, keyword_scores
from gongzhi.mediation.enums import (
    AgreementForm,
    AgreementStatus,
    ConfirmationStatus,
    MediationSource,
    MediationStatus,
    MemberPosition,
    OrganisationType,
    StudioRating,
)
from gongzhi.mediation.models import (
    Agreement,
    DisputeType,
    JudicialConfirmation,
    Mediation,
    MediationOrganisation,
    MediationParty,
    Mediator,
    MediatorAssignment,
)
from gongzhi.mediation.selectors import committee_for_level
from gongzhi.org import selectors as org_selectors
from gongzhi.org.enums import RegionLevel

PREFIX = "DMTJ"
STUDIO_SHARE = 0.35  # of the disputes that reached the town or the district, mediated by a studio
DISTRICT = "330603000000"
# (name, namesake or theme, rating, specialities) — invented for the demo.
STUDIOS: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
    ("老杨调解工作室", "杨", StudioRating.PROVINCIAL_GOLD, ("邻里纠纷", "婚姻家庭")),
    ("红枫调解工作室", "红枫", StudioRating.PROVINCIAL_GOLD, ("土地承包/山林权属", "拆迁安置")),
    ("娘舅说事工作室", "娘舅说事", StudioRating.PROVINCIAL_GOLD, ("婚姻家庭", "邻里纠纷")),
    (
        "轻纺城商事调解工作室",
        "轻纺城商事",
        StudioRating.PROVINCIAL_GOLD,
        ("合同纠纷", "债权债务", "涉外法律"),
    ),
    ("劳资和谐工作室", "劳资和谐", StudioRating.PROVINCIAL, ("劳动纠纷", "欠薪")),
    ("平安交通工作室", "平安交通", StudioRating.MUNICIPAL, ("交通事故", "人身损害")),
    ("物业和美工作室", "物业和美", StudioRating.MUNICIPAL, ("物业纠纷", "房产纠纷")),
    ("医和工作室", "医和", StudioRating.MUNICIPAL, ("医疗纠纷",)),
    ("石榴籽民族团结调解工作室", "石榴籽", StudioRating.MUNICIPAL, ("邻里纠纷", "劳动纠纷")),
    ("消费维权调解工作室", "消费维权", StudioRating.DISTRICT, ("消费权益",)),
)
FOREIGN_STUDIO = (
    "洋娘舅涉外调解工作室",
    "洋娘舅",
    StudioRating.PROVINCIAL,
    ("涉外法律", "合同纠纷", "知识产权"),
)
# Foreign mediators (洋娘舅): nationality and languages.
FOREIGN = (
    ("也门", ("ar", "en", "zh")),
    ("印度", ("hi", "en", "zh")),
    ("阿富汗", ("fa", "ps", "zh")),
    ("巴基斯坦", ("ur", "en", "zh")),
    ("埃及", ("ar", "en")),
    ("孟加拉国", ("bn", "en", "zh")),
)
FOREIGN_NAMES = (
    "Ahmed Saleh",
    "Rahul Mehta",
    "Abdul Karim",
    "Imran Khan",
    "Omar Hassan",
    "Rafiq Islam",
    "Yusuf Ali",
    "Arjun Patel",
    "Hamid Noori",
    "Bilal Ahmed",
)


def _studios(rng: random.Random) -> list[MediationOrganisation]:
    district = org_selectors.region_get(code=DISTRICT)
    towns = list(org_selectors.region_list(level=RegionLevel.TOWN))
    made = []
    specs = [(*s, district) for s in STUDIOS] + [(*FOREIGN_STUDIO, district)]
    for index in range(38 - len(specs)):  # the rest: one or two featured studios per town
        town = towns[index % len(towns)]
        surname = people.person_name(rng)[0]
        specs.append(
            (
                f"{town.short_name or town.name}{surname}大姐调解工作室",
                surname,
                StudioRating.DISTRICT,
                ("邻里纠纷", "婚姻家庭"),
                town,
            )
        )
    for index, (name, namesake, rating, specialities, region) in enumerate(specs):
        org_type = OrganisationType.FOREIGN_RELATED if name == FOREIGN_STUDIO[0] else OrganisationType.STUDIO
        made.append(
            services.organisation_upsert(
                actor=None,
                code=f"demo-studio-{index + 1:02d}",
                name=name,
                org_type=org_type,
                region=region,
                level=region.level,
                namesake=namesake if len(namesake) == 1 else "",
                theme=namesake if len(namesake) > 1 else "",
                rating=rating,
                is_featured=True,
                specialities=list(DisputeType.objects.filter(name__in=specialities)),
                languages=["ar", "en", "fa", "hi", "ur", "zh"]
                if org_type != OrganisationType.STUDIO
                else ["zh"],
                host_unit=org_selectors.centre_for_region(region=region),
                description=f"特色调解工作室{GENERATED_LABEL}",
            )
        )
    return made


def _mediator(rng: random.Random, org: MediationOrganisation, position: str, **extra: Any) -> Mediator:
    female = extra.pop("female", rng.random() < 0.4)
    id_number = extra.pop("id_number", None) or people.resident_id(
        rng, female=female, born_from=1955, born_to=1990
    )
    from gongzhi.kinship.models import Person

    person = Person.objects.filter(id_number=id_number).first()
    existing = Mediator.objects.filter(person=person).first() if person is not None else None
    if existing is not None:
        return existing
    types = list(org.specialities.all()) or list(DisputeType.objects.filter(is_mediable=True)[:3])
    return services.mediator_register(
        actor=None,
        name=extra.pop("name", None) or people.person_name(rng, female=female),
        id_number=id_number,
        gender="female" if female else "male",
        home_region=org.region,
        phone=people.mobile_number(rng),
        languages=extra.pop("languages", ("zh", "wuu")),
        specialities=rng.sample(types, k=min(len(types), rng.randint(1, 3))),
        max_load=rng.choice((4, 5, 6, 8)),
        bio=f"调解员{GENERATED_LABEL}",
        organisation=org,
        position=position,
        **extra,
    )


def _mediators(rng: random.Random, studios: list[MediationOrganisation]) -> int:
    count = 0
    today = timezone.localdate()
    term = {"term_start": today.replace(year=today.year - 1, month=1, day=1)}
    term["term_end"] = term["term_start"].replace(year=term["term_start"].year + 3)
    towns = list(
        MediationOrganisation.objects.filter(level=RegionLevel.TOWN, org_type=OrganisationType.PEOPLES)
    )
    districts = list(
        MediationOrganisation.objects.filter(level=RegionLevel.DISTRICT).exclude(
            code__startswith="demo-studio-"
        )
    )
    villages = list(MediationOrganisation.objects.filter(level=RegionLevel.VILLAGE).order_by("code"))
    committees = towns + [d for d in districts if d.org_type == OrganisationType.PEOPLES]
    for org in committees:  # a lawful committee: a chair, a woman, 3–5 members, a 3-year term
        MediationOrganisation.objects.filter(pk=org.pk).update(**term)
        _mediator(rng, org, MemberPosition.CHAIR)
        _mediator(rng, org, MemberPosition.MEMBER, female=True)
        for _ in range(rng.randint(1, 3)):
            _mediator(rng, org, MemberPosition.MEMBER)
        count += 5
    for org in [d for d in districts if d.org_type != OrganisationType.PEOPLES]:
        _mediator(rng, org, MemberPosition.CHAIR)
        _mediator(rng, org, MemberPosition.APPOINTED)
        count += 2
    for org in studios:
        _mediator(rng, org, MemberPosition.CHAIR, title="金牌调解员" if org.is_gold else "")
        count += 1
        if org.org_type == OrganisationType.FOREIGN_RELATED:
            for index, name in enumerate(FOREIGN_NAMES):
                nationality, languages = FOREIGN[index % len(FOREIGN)]
                _mediator(
                    rng,
                    org,
                    MemberPosition.APPOINTED,
                    name=name,
                    nationality=nationality,
                    languages=languages,
                    title="洋娘舅",
                    female=False,
                    ethnicity="",
                )
                count += 1
    for org in rng.sample(villages, k=min(len(villages), 30)):  # a few villages' chairs
        MediationOrganisation.objects.filter(pk=org.pk).update(**term)
        _mediator(rng, org, MemberPosition.CHAIR)
        count += 1
    return count


def _dispute_type_for(case: Case, words: list[Any], by_name: dict[str, DisputeType]) -> DisputeType | None:
    scores = keyword_scores(f"{case.subject} {case.description}", words)
    for name, _score in scores:
        found = by_name.get(name)
        if found is not None and found.is_mediable:
            return found
    return by_name.get("邻里纠纷")


@transaction.atomic
def _history(rng: random.Random, limit: int) -> int:
    if Mediation.objects.filter(number__startswith=PREFIX).exists():
        return 0
    words = catalogue_words()
    by_name = {t.name: t for t in DisputeType.objects.all()}
    mediators_by_org: dict[int, list[int]] = {}
    for mediator_id, org_id in Mediator.objects.filter(memberships__is_active=True).values_list(
        "pk", "memberships__organisation_id"
    ):
        mediators_by_org.setdefault(org_id, []).append(mediator_id)
    cases = list(
        Case.objects.filter(kind=CaseKind.DISPUTE, tracking_code__startswith="DM", accepted_at__isnull=False)
        .select_related("region")
        .prefetch_related("parties")
        .order_by("registered_at")[:limit]
    )
    levels: list[str] = [RegionLevel.VILLAGE, RegionLevel.TOWN, RegionLevel.DISTRICT]
    studios = _studios_by_type()
    committees: dict[tuple[int, str, int | None], MediationOrganisation | None] = {}
    written = 0
    for index, case in enumerate(cases):
        dispute_type = _dispute_type_for(case, words, by_name)
        final = case.resolved_level or case.level or RegionLevel.VILLAGE
        top = levels.index(final) if final in levels else 0
        start_rank = max(0, top - case.escalation_count)
        previous: Mediation | None = None
        start = case.accepted_at or case.registered_at
        end = case.replied_at or case.closed_at
        for rank in range(start_rank, top + 1):
            level = levels[rank]
            if org_selectors.level_rank(case.region.level) < org_selectors.level_rank(level):
                continue
            key = (case.region_id, level, dispute_type.pk if dispute_type else None)
            if key not in committees:  # the same village, level and type recur: ask once
                committees[key] = committee_for_level(
                    region=case.region, level=level, dispute_type=dispute_type
                )
            org = committees[key]
            if org is None:
                continue
            if rank == top and rank > 0:
                org = _studio_instead(rng, studios, case.region_path, level, dispute_type) or org
            last = rank == top
            applied = start + timedelta(days=3 * (rank - start_rank))
            concluded = (end if last else applied + timedelta(days=rng.randint(5, 20))) if end else None
            if last and concluded is None:
                status = MediationStatus.IN_PROGRESS
            elif last:
                status = MediationStatus.RESOLVED if case.resolved_level else MediationStatus.TERMINATED
            else:
                status = MediationStatus.ESCALATED
            mediation = Mediation.objects.create(
                number=f"{PREFIX}{index:05d}{rank}",
                source=MediationSource.CASE if previous is None else MediationSource.ESCALATION,
                source_reference=case.tracking_code,
                case=case,
                previous=previous,
                organisation=org,
                level=level,
                region=case.region,
                region_path=case.region_path,
                dispute_type=dispute_type,
                subject=case.subject,
                description=case.description,
                status=status,
                applied_at=applied,
                accepted_at=applied + timedelta(hours=rng.randint(2, 48)),
                due_at=applied + timedelta(days=30),
                concluded_at=concluded,
                satisfaction=case.rating if last else "",
                case_sync="done",
            )
            MediationParty.objects.bulk_create(
                [
                    MediationParty(
                        mediation=mediation,
                        name=p.name,
                        role=p.role,
                        phone=p.phone,
                        address=p.address,
                        nationality=p.nationality,
                        language=p.language,
                    )
                    for p in case.parties.all()
                ]
            )
            pool = mediators_by_org.get(org.pk) or []
            if pool:
                MediatorAssignment.objects.create(
                    mediation=mediation,
                    mediator_id=rng.choice(pool),
                    is_lead=True,
                    is_active=status == MediationStatus.IN_PROGRESS,
                )
            if status == MediationStatus.RESOLVED and concluded is not None:
                written_form = rng.random() < 0.6
                agreement = Agreement.objects.create(
                    mediation=mediation,
                    number=f"{org.name[:10]}调〔{concluded.year}〕{mediation.number}号",
                    form=AgreementForm.WRITTEN if written_form else AgreementForm.ORAL,
                    status=AgreementStatus.EFFECTIVE,
                    facts=case.description,
                    terms=f"经调解双方达成一致。{GENERATED_LABEL}",
                    performance_method="当场履行" if not written_form else "按约定期限履行",
                    parties_snapshot=[
                        {"id": p.pk, "name": p.name, "role": p.role} for p in mediation.parties.all()
                    ],
                    organisation_name=org.name,
                    drafted_by_id=case.registered_by_id or _any_user_id(),
                    finalised_at=concluded,
                    effective_at=concluded,
                )
                if written_form:
                    window = concluded + timedelta(days=30)
                    JudicialConfirmation.objects.create(
                        agreement=agreement,
                        window_ends_at=window,
                        remind_at=window - timedelta(days=7),
                        reminded_at=window - timedelta(days=7) if window < timezone.now() else None,
                        status=(
                            ConfirmationStatus.CONFIRMED if rng.random() < 0.3 else ConfirmationStatus.LAPSED
                        )
                        if window < timezone.now()
                        else ConfirmationStatus.WINDOW_OPEN,
                    )
            previous = mediation
            written += 1
    return written


def _studios_by_type() -> dict[tuple[str, int], list[MediationOrganisation]]:
    """Featured studios by (level, dispute type), for the history's last level."""
    found: dict[tuple[str, int], list[MediationOrganisation]] = {}
    studios = MediationOrganisation.objects.filter(is_featured=True, is_active=True).prefetch_related(
        "specialities"
    )
    for studio in studios.order_by("code"):
        for dispute_type in studio.specialities.all():
            found.setdefault((studio.level, dispute_type.pk), []).append(studio)
    return found


def _studio_instead(
    rng: random.Random,
    studios: dict[tuple[str, int], list[MediationOrganisation]],
    region_path: str,
    level: str,
    dispute_type: DisputeType | None,
) -> MediationOrganisation | None:
    """A featured studio covering the place that takes the type, for about a third of the
    disputes that reached the town or the district (the studios take referrals there)."""
    if dispute_type is None or rng.random() >= STUDIO_SHARE:
        return None
    fitting = [
        s
        for s in studios.get((level, dispute_type.pk), [])
        if region_path == s.region_path or region_path.startswith(s.region_path + "/")
    ]
    return rng.choice(fitting) if fitting else None


def _any_user_id() -> int:
    from gongzhi.org.models import User

    user = User.objects.order_by("pk").first()
    if user is None:
        user = User.objects.create_user(username="demo_mediation", password=None, display_name="演示调解")
    return user.pk


def mediation_demo_load(*, seed: int = 2026, history_limit: int = 5000) -> dict[str, int]:
    """Load the mediation demo (see the module docstring); returns what was written."""
    rng = random.Random(seed)  # noqa: S311 (a reproducible demo, not security)
    types = services.dispute_types_load_defaults()
    organisations = services.organisations_load_defaults()
    with transaction.atomic():
        studios = _studios(rng)
        # Generated once: a second run would draw different people from the same seed.
        already = Mediator.objects.filter(bio__endswith=GENERATED_LABEL).exists()
        mediators = 0 if already else _mediators(rng, studios)
    history = _history(rng, history_limit)
    return {
        "dispute_types": types["created"],
        "organisations": organisations["created"],
        "studios": len(studios),
        "mediators": Mediator.objects.count(),
        "mediators_touched": mediators,
        "mediations": history,
    }
