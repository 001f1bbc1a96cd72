"""Forms of the deliberation pages: input parsing only; the rules live in the services."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db.models import F, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from gongzhi.deliberation.enums import BidderRole, ExpertField, VillageRoleKind
from gongzhi.deliberation.models import MatterType
from gongzhi.kinship.enums import Gender, LinkKind, Predicate
from gongzhi.kinship.models import Household, Person
from gongzhi.org.models import Region


class MatterForm(forms.Form):
    matter_type = forms.ModelChoiceField(queryset=MatterType.objects.none(), label=_("事项类型"))
    title = forms.CharField(max_length=100, label=_("事项名称"))
    proposed_on = forms.DateField(
        label=_("提议日期"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    budget = forms.DecimalField(
        required=False, min_value=0, max_digits=14, decimal_places=2, label=_("预算（元）")
    )
    description = forms.CharField(
        required=False, max_length=2000, label=_("说明"), widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, matter_types: list[MatterType], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["matter_type"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101 - narrowing for the type checker
        field.queryset = MatterType.objects.filter(pk__in=[t.pk for t in matter_types]).order_by("sort_order")


class SessionForm(forms.Form):
    held_at = forms.DateTimeField(
        label=_("会议时间"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    notice_given_on = forms.DateField(
        required=False, label=_("通知日期"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    expected = forms.IntegerField(min_value=0, max_value=1_000_000, label=_("应到"))
    present = forms.IntegerField(min_value=0, max_value=1_000_000, label=_("实到"))
    votes_for = forms.IntegerField(min_value=0, max_value=1_000_000, initial=0, label=_("同意"))
    votes_against = forms.IntegerField(min_value=0, max_value=1_000_000, initial=0, label=_("反对"))
    abstentions = forms.IntegerField(min_value=0, max_value=1_000_000, initial=0, label=_("弃权"))
    minutes = forms.CharField(
        required=False, max_length=5000, label=_("会议纪要"), widget=forms.Textarea(attrs={"rows": 3})
    )
    signatures = forms.CharField(
        required=False,
        max_length=2000,
        label=_("签名（每行一人：姓名，身份）"),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    require_pass = forms.BooleanField(
        required=False, initial=True, label=_("须通过（未达法定人数或票数则不记录）")
    )


class PublicationForm(forms.Form):
    title = forms.CharField(max_length=160, label=_("公开标题"))
    content = forms.CharField(max_length=20000, label=_("公开内容"), widget=forms.Textarea(attrs={"rows": 4}))
    published_on = forms.DateField(
        label=_("公开日期"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    period_days = forms.IntegerField(required=False, min_value=1, max_value=365, label=_("公示期（日）"))
    location = forms.CharField(max_length=120, initial="村务公开栏", label=_("公开地点"))


class AnswerForm(forms.Form):
    answer = forms.CharField(max_length=2000, label=_("答复"), widget=forms.Textarea(attrs={"rows": 2}))


class ReasonForm(forms.Form):
    reason = forms.CharField(max_length=200, label=_("理由"))


class PublicObjectionForm(forms.Form):
    name = forms.CharField(max_length=60, label=_("姓名"))
    phone = forms.CharField(required=False, max_length=20, label=_("联系电话（选填）"))
    content = forms.CharField(
        max_length=2000, label=_("异议或询问"), widget=forms.Textarea(attrs={"rows": 3})
    )


# --- entry pages -----------------------------------------------------------------------------------


def _person_label(person: Person) -> str:
    if person.region_id is None:
        household = str(_("外村/外来人员"))
    else:
        household = person.household.code if person.household_id and person.household else str(_("无户"))
    born = person.birth_date.year if person.birth_date else "?"
    return _("%(name)s（%(household)s，%(born)s年生）") % {
        "name": person.name,
        "household": household,
        "born": born,
    }


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return _person_label(obj)


def _people(village: Region) -> QuerySet[Person]:
    """The village's register, then the people known outside any register (in-laws living
    elsewhere, bidders' owners, experts): few, and the ones a conflict check may need."""
    return (
        Person.objects.filter(Q(region=village) | Q(region__isnull=True))
        .select_related("household")
        .order_by(F("region_id").asc(nulls_last=True), "household__code", "pk")
    )


DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class HouseholdForm(forms.Form):
    code = forms.CharField(max_length=40, label=_("户号"))
    address = forms.CharField(required=False, max_length=200, label=_("住址"))


class PersonForm(forms.Form):
    person = forms.IntegerField(required=False, widget=forms.HiddenInput)
    name = forms.CharField(max_length=60, label=_("姓名"))
    id_number = forms.CharField(required=False, max_length=18, label=_("身份证号码（选填）"))
    gender = forms.ChoiceField(required=False, choices=[("", "—"), *Gender.choices], label=_("性别"))
    birth_date = forms.DateField(required=False, label=_("出生日期"), widget=DATE)
    household = forms.ModelChoiceField(
        required=False, queryset=Household.objects.none(), label=_("所属户"), to_field_name="code"
    )

    def __init__(self, *args: Any, village: Region, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["household"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101 - narrowing for the type checker
        field.queryset = Household.objects.filter(region=village).order_by("code")


class LinkForm(forms.Form):
    person = PersonChoiceField(queryset=Person.objects.none(), label=_("本人"))
    kind = forms.ChoiceField(
        choices=[(LinkKind.PARENT, _("的父亲/母亲是")), (LinkKind.SPOUSE, _("的配偶是"))], label=_("关系")
    )
    relative = PersonChoiceField(required=False, queryset=Person.objects.none(), label=_("亲属"))
    outsider_name = forms.CharField(required=False, max_length=60, label=_("或本村以外的亲属：姓名"))
    outsider_id_number = forms.CharField(required=False, max_length=18, label=_("身份证号码（选填）"))

    def __init__(self, *args: Any, village: Region, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("person", "relative"):
            field = self.fields[name]
            assert isinstance(field, forms.ModelChoiceField)  # noqa: S101
            field.queryset = _people(village)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("relative") and not (data.get("outsider_name") or "").strip():
            raise forms.ValidationError(_("请选择亲属或填写本村以外亲属的姓名"))
        return data


class UnlinkForm(forms.Form):
    link = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(max_length=200, label=_("删除理由"))


class RoleAssignForm(forms.Form):
    kind = forms.ChoiceField(choices=VillageRoleKind.choices, label=_("职务"))
    person = PersonChoiceField(
        required=False, queryset=Person.objects.none(), label=_("人员（本村登记或外来人员）")
    )
    outsider_name = forms.CharField(
        required=False, max_length=60, label=_("或外来人员姓名（社区民警、法律顾问）")
    )
    outsider_id_number = forms.CharField(required=False, max_length=18, label=_("外来人员身份证号（选填）"))
    started_on = forms.DateField(label=_("任职日期"), widget=DATE)

    def __init__(self, *args: Any, village: Region, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["person"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101
        field.queryset = _people(village)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("person") and not (data.get("outsider_name") or "").strip():
            raise forms.ValidationError(_("请选择本村村民或填写外来人员姓名"))
        return data


class RoleEndForm(forms.Form):
    role = forms.IntegerField(widget=forms.HiddenInput)
    ended_on = forms.DateField(label=_("终止日期"), widget=DATE)
    reason = forms.CharField(max_length=200, label=_("终止理由"))


class MatterTypeEntryForm(forms.Form):
    code = forms.SlugField(max_length=40, label=_("代码（与默认目录相同即覆盖）"))
    name = forms.CharField(max_length=60, label=_("名称"))
    procedure = forms.ChoiceField(label=_("议事程序"))
    deciding_body = forms.ChoiceField(required=False, label=_("决议主体（留空：按程序）"))
    involves_tender = forms.BooleanField(required=False, label=_("涉及招投标"))
    expert_fields = forms.MultipleChoiceField(
        required=False, choices=ExpertField.choices, label=_("所需专家"), widget=forms.CheckboxSelectMultiple
    )
    exclusion_predicate = forms.ChoiceField(choices=Predicate.choices, label=_("回避亲属范围"))
    legal_basis = forms.CharField(required=False, max_length=300, label=_("依据"))
    sort_order = forms.IntegerField(min_value=0, max_value=999, initial=50, label=_("排序"))
    is_active = forms.BooleanField(required=False, initial=True, label=_("启用"))

    def __init__(self, *args: Any, procedures: list[Any], bodies: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["procedure"]).choices = [(p.code, p.name) for p in procedures]
        cast(forms.ChoiceField, self.fields["deciding_body"]).choices = [
            ("", "—"),
            *[(b.code, b.name) for b in bodies],
        ]


class ExpertEntryForm(forms.Form):
    name = forms.CharField(max_length=60, label=_("专家姓名"))
    id_number = forms.CharField(required=False, max_length=18, label=_("身份证号码（选填）"))
    field = forms.ChoiceField(choices=ExpertField.choices, label=_("领域"))
    organisation = forms.CharField(required=False, max_length=100, label=_("单位"))
    title = forms.CharField(required=False, max_length=60, label=_("职称"))


class TeamFormForm(forms.Form):
    formed_on = forms.DateField(label=_("组建日期"), widget=DATE)


class MemberAddForm(forms.Form):
    candidate = forms.ChoiceField(label=_("人员"))
    reason = forms.CharField(max_length=200, label=_("入选理由"))

    def __init__(self, *args: Any, candidates: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["candidate"]).choices = [
            (c.key, f"{c.person.name} · {c.basis_label}") for c in candidates
        ]


class DeclarationForm(forms.Form):
    member = forms.ChoiceField(label=_("成员"))
    statement = forms.CharField(
        max_length=1000, label=_("申报内容"), widget=forms.Textarea(attrs={"rows": 2})
    )
    declared_on = forms.DateField(label=_("申报日期"), widget=DATE)
    recuses = forms.BooleanField(required=False, label=_("申请回避（退出议事团）"))

    def __init__(self, *args: Any, members: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["member"]).choices = [
            (m.pk, m.person.name) for m in members if m.status == "active"
        ]


class TenderOpenForm(forms.Form):
    title = forms.CharField(max_length=120, label=_("招标名称"))
    opened_on = forms.DateField(label=_("发布日期"), widget=DATE)
    budget = forms.DecimalField(
        required=False, min_value=0, max_digits=14, decimal_places=2, label=_("控制价（元）")
    )


BIDDER_ROWS = 3


class BidderForm(forms.Form):
    """A bidder and up to three people behind it, each from the register or named as an outsider."""

    name = forms.CharField(max_length=120, label=_("投标人名称"))
    credit_code = forms.CharField(required=False, max_length=18, label=_("统一社会信用代码"))
    bid_amount = forms.DecimalField(
        required=False, min_value=0, max_digits=14, decimal_places=2, label=_("投标报价（元）")
    )
    registered_on = forms.DateField(label=_("报名日期"), widget=DATE)

    def __init__(self, *args: Any, village: Region, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for row in range(1, BIDDER_ROWS + 1):
            self.fields[f"person{row}"] = PersonChoiceField(
                required=False, queryset=_people(village), label=_("关联人%(n)d（已登记人员）") % {"n": row}
            )
            self.fields[f"outsider{row}"] = forms.CharField(
                required=False, max_length=60, label=_("或外来人员姓名")
            )
            self.fields[f"outsider_id{row}"] = forms.CharField(
                required=False, max_length=18, label=_("身份证号（选填）")
            )
            self.fields[f"role{row}"] = forms.ChoiceField(choices=BidderRole.choices, label=_("身份"))

    def rows(self) -> list[list[forms.BoundField]]:
        return [
            [self[f"{name}{row}"] for name in ("person", "outsider", "outsider_id", "role")]
            for row in range(1, BIDDER_ROWS + 1)
        ]


class AwardForm(forms.Form):
    bidder = forms.ChoiceField(label=_("中标人"))
    awarded_on = forms.DateField(label=_("定标日期"), widget=DATE)
    amount = forms.DecimalField(
        required=False, min_value=0, max_digits=14, decimal_places=2, label=_("中标价（元，留空：按报价）")
    )
    note = forms.CharField(required=False, max_length=500, label=_("说明"))

    def __init__(self, *args: Any, bidders: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["bidder"]).choices = [(b.pk, b.name) for b in bidders]


class AttachmentForm(forms.Form):
    session = forms.IntegerField(widget=forms.HiddenInput)
    file = forms.FileField(label=_("会议纪要、签名表扫描件（图片或 PDF）"))
