"""The forms of the market pages. They parse input only; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from gongzhi.market.enums import (
    ContactChannel,
    ContactOutcome,
    DealMode,
    DemandMode,
    EnterpriseKind,
    Industry,
    LandUse,
    ListingKind,
)
from gongzhi.market.models import Enterprise
from gongzhi.market.services import DemandInput, ListingInput
from gongzhi.org.enums import RegionLevel
from gongzhi.org.models import Region

DATE = forms.DateInput(attrs={"type": "date"})
TEXTAREA = forms.Textarea(attrs={"rows": 3})


def towns() -> Any:
    return Region.objects.filter(level=RegionLevel.TOWN).order_by("code")


class EnterpriseForm(forms.Form):
    name = forms.CharField(label=_("企业名称"), max_length=100)
    credit_code = forms.CharField(label=_("统一社会信用代码"), max_length=18, required=False)
    kind = forms.ChoiceField(label=_("主体"), choices=EnterpriseKind.choices)
    industry = forms.ChoiceField(label=_("行业"), choices=Industry.choices)
    region = forms.ModelChoiceField(label=_("所在镇街"), queryset=Region.objects.none())
    contact_name = forms.CharField(label=_("联系人"), max_length=40, required=False)
    contact_phone = forms.CharField(label=_("联系电话"), max_length=20, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = towns()  # type: ignore[attr-defined]


class ListingForm(forms.Form):
    lister = forms.ModelChoiceField(label=_("挂牌主体（企业）"), queryset=Enterprise.objects.none())
    kind = forms.ChoiceField(label=_("类型"), choices=ListingKind.choices)
    title = forms.CharField(label=_("标题"), max_length=100)
    region = forms.ModelChoiceField(label=_("镇街"), queryset=Region.objects.none())
    address = forms.CharField(label=_("地址"), max_length=200)
    deal_mode = forms.ChoiceField(label=_("方式"), choices=DealMode.choices)
    area = forms.DecimalField(label=_("面积（土地：亩；厂房：m²）"), min_value=0, decimal_places=2)
    unit_price = forms.DecimalField(
        label=_("价格（土地：万元/亩 或 万元/亩·年；厂房：元/m² 或 元/m²·月）"), min_value=0, decimal_places=2
    )
    land_use = forms.ChoiceField(label=_("土地用途"), choices=[("", "—"), *LandUse.choices], required=False)
    floors = forms.IntegerField(label=_("层数"), min_value=1, max_value=60, required=False)
    floor_load_kn = forms.DecimalField(label=_("楼面荷载 kN/m²"), min_value=0, required=False)
    power_kva = forms.IntegerField(label=_("供电容量 kVA"), min_value=0, required=False)
    energy_quota_tce = forms.DecimalField(label=_("能耗指标 吨标煤/年"), min_value=0, required=False)
    allowed_industries = forms.MultipleChoiceField(
        label=_("产业准入（不选为不限）"), choices=Industry.choices, required=False
    )
    latitude = forms.DecimalField(label=_("纬度（WGS-84）"), required=False, max_digits=9, decimal_places=6)
    longitude = forms.DecimalField(label=_("经度（WGS-84）"), required=False, max_digits=9, decimal_places=6)
    conditions = forms.CharField(label=_("条件（准入、能耗、配套等）"), required=False, widget=TEXTAREA)
    description = forms.CharField(label=_("说明"), required=False, widget=TEXTAREA)

    def __init__(self, *args: Any, enterprises: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["lister"].queryset = enterprises  # type: ignore[attr-defined]
        self.fields["region"].queryset = towns()  # type: ignore[attr-defined]

    def data_input(self) -> ListingInput:
        d = self.cleaned_data
        return ListingInput(
            kind=d["kind"],
            title=d["title"],
            region=d["region"],
            address=d["address"],
            deal_mode=d["deal_mode"],
            unit_price=d["unit_price"],
            area=d["area"],
            latitude=d["latitude"],
            longitude=d["longitude"],
            land_use=d["land_use"] or "",
            floors=d["floors"],
            floor_load_kn=d["floor_load_kn"],
            power_kva=d["power_kva"],
            energy_quota_tce=d["energy_quota_tce"],
            allowed_industries=list(d["allowed_industries"]),
            conditions=d["conditions"],
            description=d["description"],
        )


class DemandForm(forms.Form):
    enterprise = forms.ModelChoiceField(label=_("企业"), queryset=Enterprise.objects.none())
    kind = forms.ChoiceField(label=_("需要"), choices=ListingKind.choices)
    industry = forms.ChoiceField(label=_("行业"), choices=Industry.choices)
    deal_mode = forms.ChoiceField(label=_("方式"), choices=DemandMode.choices)
    area_min = forms.DecimalField(label=_("面积下限（亩 / m²）"), min_value=0)
    area_max = forms.DecimalField(label=_("面积上限（亩 / m²）"), min_value=0)
    max_unit_price = forms.DecimalField(label=_("预算单价上限"), min_value=0, required=False)
    preferred_regions = forms.ModelMultipleChoiceField(
        label=_("意向镇街"), queryset=Region.objects.none(), required=False
    )
    near_latitude = forms.DecimalField(
        label=_("意向位置纬度"), required=False, max_digits=9, decimal_places=6
    )
    near_longitude = forms.DecimalField(
        label=_("意向位置经度"), required=False, max_digits=9, decimal_places=6
    )
    max_distance_km = forms.DecimalField(label=_("最远距离（公里）"), min_value=0, required=False)
    min_power_kva = forms.IntegerField(label=_("用电需求 kVA"), min_value=0, required=False)
    needed_by = forms.DateField(label=_("需要时间"), required=False, widget=DATE)
    expected_output_wan = forms.DecimalField(label=_("预计年产值（万元）"), min_value=0, required=False)
    description = forms.CharField(label=_("说明"), required=False, widget=TEXTAREA)

    def __init__(self, *args: Any, enterprises: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].queryset = enterprises  # type: ignore[attr-defined]
        self.fields["preferred_regions"].queryset = towns()  # type: ignore[attr-defined]

    def data_input(self) -> DemandInput:
        d = self.cleaned_data
        return DemandInput(
            kind=d["kind"],
            industry=d["industry"],
            area_min=d["area_min"],
            area_max=d["area_max"],
            deal_mode=d["deal_mode"],
            max_unit_price=d["max_unit_price"],
            preferred_regions=list(d["preferred_regions"]),
            near_latitude=d["near_latitude"],
            near_longitude=d["near_longitude"],
            max_distance_km=d["max_distance_km"],
            min_power_kva=d["min_power_kva"],
            needed_by=d["needed_by"],
            expected_output_wan=d["expected_output_wan"],
            description=d["description"],
        )


class VerifyForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("核验结果"),
        choices=(("approve", _("核验通过，发布")), ("reject", _("不通过"))),
        widget=forms.RadioSelect,
        initial="approve",
    )
    note = forms.CharField(label=_("核验意见"), required=False, widget=TEXTAREA)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("理由"), widget=TEXTAREA)


class PhotoForm(forms.Form):
    photo = forms.FileField(label=_("照片（JPEG/PNG/WebP）"))
    caption = forms.CharField(label=_("说明"), required=False, max_length=100)


class _Counterpart(forms.Form):
    counterpart = forms.TypedChoiceField(label=_("对接对象"), coerce=int)

    def __init__(self, *args: Any, counterparts: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["counterpart"].choices = counterparts  # type: ignore[attr-defined]


class ContactForm(_Counterpart):
    held_on = forms.DateField(label=_("对接日期"), widget=DATE)
    channel = forms.ChoiceField(label=_("方式"), choices=ContactChannel.choices)
    outcome = forms.ChoiceField(label=_("结果"), choices=ContactOutcome.choices)
    notes = forms.CharField(label=_("情况"), required=False, widget=TEXTAREA)


class DealForm(_Counterpart):
    signed_on = forms.DateField(label=_("签约日期"), widget=DATE)
    area = forms.DecimalField(label=_("落地面积（资源的面积单位）"), min_value=0)
    expected_output_wan = forms.DecimalField(label=_("预计年产值（万元）"), min_value=0)
    investment_wan = forms.DecimalField(label=_("计划投资（万元）"), min_value=0, required=False)
    notes = forms.CharField(label=_("说明"), required=False, widget=TEXTAREA)


class SearchForm(forms.Form):
    """The public search (all optional, all validated: a bad value is ignored, never an error)."""

    kind = forms.ChoiceField(label=_("类型"), choices=[("", _("全部")), *ListingKind.choices], required=False)
    region = forms.ModelChoiceField(
        label=_("镇街"), queryset=Region.objects.none(), required=False, empty_label=_("全部")
    )
    deal_mode = forms.ChoiceField(
        label=_("方式"), choices=[("", _("全部")), *DealMode.choices], required=False
    )
    area_min = forms.DecimalField(label=_("面积不小于"), min_value=0, required=False, max_digits=12)
    area_max = forms.DecimalField(label=_("面积不大于"), min_value=0, required=False, max_digits=12)
    max_price = forms.DecimalField(label=_("单价不高于"), min_value=0, required=False, max_digits=12)
    industry = forms.ChoiceField(
        label=_("我的行业"), choices=[("", _("不限")), *Industry.choices], required=False
    )
    q = forms.CharField(label=_("关键词"), required=False, max_length=40)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = towns()  # type: ignore[attr-defined]
