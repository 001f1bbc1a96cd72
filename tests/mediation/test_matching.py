"""Matching: a foreign party gets a mediator who speaks their language; conflicted mediators are
never suggested and are refused when assigned; a party may refuse a mediator (art. 23)."""

from __future__ import annotations

import pytest

from gongzhi.core.errors import InvalidState, ValidationFailed
from gongzhi.mediation import selectors, services
from gongzhi.mediation.enums import OrganisationType
from gongzhi.mediation.models import MediationOrganisation, MediatorAssignment
from gongzhi.org.enums import Role
from tests.mediation.conftest import (
    APPLICANT_ID,
    RESPONDENT_ID,
    dispute_case,
    dispute_type,
    make_id,
    register,
    relatives,
    village_committee,
)

pytestmark = pytest.mark.django_db


def foreign_committee() -> MediationOrganisation:
    return MediationOrganisation.objects.get(org_type=OrganisationType.FOREIGN_RELATED)


@pytest.fixture
def foreign_staff(mediation_loaded, make_staff):
    unit = foreign_committee().unit
    assert unit is not None
    return make_staff(unit, Role.UNIT_HEAD, Role.MEDIATOR, name="涉外调委会主任")


def test_a_foreign_party_gets_a_mediator_who_speaks_their_language(foreign_staff):
    committee = foreign_committee()
    register(name="周翻译", org=committee, specialities=("涉外法律",), languages=("zh", "en"))
    speaker = register(
        name="穆罕默德",
        org=committee,
        nationality="也门",
        languages=("ar", "en", "zh"),
        title="洋娘舅",
    )
    register(name="吴商调", org=committee, specialities=("涉外法律", "合同纠纷"), languages=("zh",))
    mediation = services.mediation_apply(
        actor=foreign_staff,
        organisation=committee,
        subject="面料货款纠纷",
        description="也门客商收到的面料色差严重，拒付尾款，双方各执一词。",
        dispute_type=dispute_type("涉外法律"),
        parties=[
            services.PartyData(name="柯桥某纺织公司", kind="organisation", role="申请人"),
            services.PartyData(
                name="Ali Saleh",
                role="被申请人",
                nationality="也门",
                language="阿拉伯语",
                id_number="P01234567",
            ),
        ],
    )
    result = selectors.mediator_suggest(mediation=mediation)
    assert result.required_languages == ["ar"] and not result.needs_interpreter
    assert [s.mediator for s in result.suggestions] == [speaker]
    assert any("阿拉伯语" in reason for reason in result.suggestions[0].reasons)
    # directory filter by language finds the same person
    assert list(selectors.mediator_directory(language="阿拉伯语")) == [speaker]


def test_nobody_speaks_it_then_an_interpreter_is_needed(foreign_staff):
    committee = foreign_committee()
    register(name="周翻译", org=committee, languages=("zh", "en"))
    mediation = services.mediation_apply(
        actor=foreign_staff,
        organisation=committee,
        subject="货款纠纷",
        description="阿富汗客商货款纠纷。",
        parties=[
            services.PartyData(name="甲公司", kind="organisation"),
            services.PartyData(name="Ahmad", language="普什图语", nationality="阿富汗"),
        ],
    )
    result = selectors.mediator_suggest(mediation=mediation)
    assert result.needs_interpreter and result.suggestions


def test_conflicted_mediators_are_never_suggested_and_are_refused(
    village_clerk, village_chair, village_members
):
    org = village_committee()
    # the respondent's father mediates in the committee; another member declared a conflict
    father_id = make_id("19550505", 411)
    father = register(name="陈老伯", org=org, id_number=father_id, specialities=("邻里纠纷",))
    relatives(RESPONDENT_ID, father_id, child="陈小河", parent="陈老伯")
    declared = village_members[1]
    services.conflict_declare(
        actor=None, mediator=declared, reason="与申请人有生意往来", id_number=APPLICANT_ID
    )
    case = dispute_case(village_clerk)
    mediation = services.mediation_from_case(actor=village_clerk, case_id=case.pk)
    services.mediation_accept(actor=village_chair, mediation_id=mediation.pk)

    result = selectors.mediator_suggest(mediation=mediation)
    suggested = {s.mediator.pk for s in result.suggestions}
    assert father.pk not in suggested and declared.pk not in suggested
    assert any("近亲属" in r for r in result.excluded[father.pk])
    assert any("已声明" in r for r in result.excluded[declared.pk])

    for mediator in (father, declared):
        with pytest.raises(ValidationFailed) as refused:
            services.mediator_assign(actor=village_chair, mediation_id=mediation.pk, mediator_id=mediator.pk)
        assert refused.value.code == "mediator_conflict"
    assert not MediatorAssignment.objects.filter(mediation=mediation).exists()


def test_a_party_is_never_their_own_mediator(village_clerk, village_chair):
    party_mediator = register(name="张大山", org=village_committee(), id_number=APPLICANT_ID)
    case = dispute_case(village_clerk)
    mediation = services.mediation_from_case(actor=village_clerk, case_id=case.pk)
    with pytest.raises(ValidationFailed) as refused:
        services.mediator_assign(
            actor=village_chair, mediation_id=mediation.pk, mediator_id=party_mediator.pk
        )
    assert "本人是当事人" in refused.value.message_zh


def test_a_party_may_refuse_a_mediator(village_clerk, village_chair, village_members):
    case = dispute_case(village_clerk)
    mediation = services.mediation_from_case(actor=village_clerk, case_id=case.pk)
    services.mediation_accept(actor=village_chair, mediation_id=mediation.pk)
    mediator = village_members[0]
    services.mediator_assign(actor=village_chair, mediation_id=mediation.pk, mediator_id=mediator.pk)
    applicant = mediation.parties.get(role="申请人")
    services.mediator_object(
        actor=village_chair,
        mediation_id=mediation.pk,
        party_id=applicant.pk,
        mediator_id=mediator.pk,
        reason="不信任",
    )
    assert not mediation.assignments.filter(mediator=mediator, is_active=True).exists()
    assert mediator.pk not in {
        s.mediator.pk for s in selectors.mediator_suggest(mediation=mediation).suggestions
    }
    with pytest.raises(InvalidState):
        services.mediator_assign(actor=village_chair, mediation_id=mediation.pk, mediator_id=mediator.pk)


def test_village_first_then_load_and_availability(village_clerk, village_chair, village_members):
    from datetime import timedelta

    from django.utils import timezone

    town_member = register(
        name="镇调解员甲",
        org=MediationOrganisation.objects.get(code="330603105000-mediation"),
        specialities=("邻里纠纷",),
    )
    case = dispute_case(village_clerk)
    mediation = services.mediation_from_case(actor=village_clerk, case_id=case.pk)
    result = selectors.mediator_suggest(mediation=mediation)
    names = [s.mediator.name for s in result.suggestions]
    assert names.index("李秀英") < names.index(town_member.name)  # same speciality: the village first
    today = timezone.localdate()
    services.mediator_unavailability_add(
        actor=None, mediator=village_members[0], start=today, end=today + timedelta(days=3), reason="外出培训"
    )
    result = selectors.mediator_suggest(mediation=mediation)
    assert village_members[0].pk in result.excluded
