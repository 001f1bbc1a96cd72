"""Forms of the case pages: they parse and check the shape of input; the services decide."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from gongzhi.cases.enums import (
    FIVE_LISTS,
    CaseKind,
    CaseStatus,
    Channel,
    PetitionClass,
    Rating,
    ReplyOutcome,
    ReturnReason,
    StatutoryRoute,
    Urgency,
)
from gongzhi.cases.services.intake import PartyInput
from gongzhi.org.models import Region, Unit

BLANK = [("", "—")]


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"multiple": True}))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        if not data:
            return []
        items = data if isinstance(data, list | tuple) else [data]
        return [super(MultipleFileField, self).clean(item, initial) for item in items]


def parse_parties(text: str, *, representatives: bool) -> list[PartyInput]:
    """One party a line: "姓名 电话 身份证号" (any of space, comma, 、 between; phone and ID optional)."""
    parties = []
    for line in text.splitlines():
        parts = [p for p in re.split(r"[\s,，、;；]+", line.strip()) if p]
        if not parts:
            continue
        name, phone, id_number = parts[0], "", ""
        for part in parts[1:]:
            if re.fullmatch(r"\d{17}[\dXx]", part):
                id_number = part
            elif re.fullmatch(r"[\d-]{7,20}", part):
                phone = part
        parties.append(
            PartyInput(
                name=name,
                phone=phone,
                id_number=id_number,
                is_representative=representatives,
                role="代表" if representatives else "当事人",
            )
        )
    return parties


class IntakeForm(forms.Form):
    """一窗受理: one form for every channel; the channel comes from the tab."""

    channel = forms.ChoiceField(choices=[(c.value, c.label) for c in FIVE_LISTS], widget=forms.HiddenInput)
    kind = forms.ChoiceField(label=_("事项类型"), choices=CaseKind.choices, initial=CaseKind.REQUEST)
    petition_class = forms.ChoiceField(
        label=_("信访类别"), choices=BLANK + PetitionClass.choices, required=False
    )
    urgency = forms.ChoiceField(label=_("紧急程度"), choices=Urgency.choices, initial=Urgency.NORMAL)
    subject = forms.CharField(label=_("标题"), max_length=200)
    description = forms.CharField(label=_("反映内容"), widget=forms.Textarea(attrs={"rows": 5}))
    category = forms.IntegerField(required=False, widget=forms.HiddenInput)
    town = forms.ModelChoiceField(label=_("镇街"), queryset=Region.objects.none(), empty_label="—")
    village = forms.ModelChoiceField(
        label=_("村社"), queryset=Region.objects.none(), required=False, empty_label=_("（镇街本级）")
    )
    address = forms.CharField(label=_("详细地址"), max_length=200, required=False)
    reporter_name = forms.CharField(label=_("反映人"), max_length=60, required=False)
    reporter_phone = forms.CharField(label=_("联系电话"), max_length=20, required=False)
    reporter_id_number = forms.CharField(label=_("身份证号"), max_length=18, required=False)
    reporter_address = forms.CharField(label=_("通讯地址"), max_length=200, required=False)
    is_anonymous = forms.BooleanField(label=_("匿名"), required=False)
    group_size = forms.IntegerField(label=_("人数"), min_value=1, initial=1)
    parties = forms.CharField(
        label=_("当事人 / 集体访代表"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "placeholder": _("每行一人：姓名 电话 身份证号")}),
    )
    latitude = forms.DecimalField(max_digits=9, decimal_places=6, required=False, widget=forms.HiddenInput)
    longitude = forms.DecimalField(max_digits=9, decimal_places=6, required=False, widget=forms.HiddenInput)
    attachments = MultipleFileField(label=_("附件（图片、PDF、音视频）"), required=False)
    # Smart intake: what was suggested when the clerk saved (rendered by the suggestion panel),
    # recorded against the chosen category; and the case this one repeats, to merge into.
    suggested_category = forms.CharField(required=False, max_length=20, widget=forms.HiddenInput)
    suggestion_source = forms.CharField(required=False, max_length=10, widget=forms.HiddenInput)
    suggestion_version = forms.CharField(required=False, max_length=40, widget=forms.HiddenInput)
    suggestion_confidence = forms.FloatField(
        required=False, min_value=0, max_value=1, widget=forms.HiddenInput
    )
    repeat_of = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def __init__(
        self, *args: Any, towns: QuerySet[Region], villages: QuerySet[Region], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["town"].queryset = towns  # type: ignore[attr-defined]
        self.fields["village"].queryset = villages  # type: ignore[attr-defined]

    def region(self) -> Region:
        return self.cleaned_data.get("village") or self.cleaned_data["town"]

    def party_inputs(self) -> list[PartyInput]:
        group = self.cleaned_data["channel"] == Channel.VISIT and self.cleaned_data["group_size"] > 1
        return parse_parties(self.cleaned_data.get("parties", ""), representatives=group)


class ListFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("状态"), choices=BLANK + CaseStatus.choices, required=False)
    warning = forms.ChoiceField(
        label=_("时限"),
        choices=[*BLANK, ("red", _("红灯 已超期")), ("yellow", _("黄灯 临期")), ("green", _("绿灯"))],
        required=False,
    )
    kind = forms.ChoiceField(label=_("类型"), choices=BLANK + CaseKind.choices, required=False)
    unit = forms.ModelChoiceField(
        label=_("承办单位"), queryset=Unit.objects.none(), required=False, empty_label="—"
    )
    handler = forms.IntegerField(required=False, widget=forms.HiddenInput)
    category = forms.IntegerField(required=False, widget=forms.HiddenInput)
    town = forms.ModelChoiceField(
        label=_("镇街"), queryset=Region.objects.none(), required=False, empty_label="—"
    )
    date_from = forms.DateField(
        label=_("登记自"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("登记至"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    q = forms.CharField(label=_("搜索"), required=False, max_length=100)

    def __init__(self, *args: Any, units: QuerySet[Unit], towns: QuerySet[Region], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]
        self.fields["town"].queryset = towns  # type: ignore[attr-defined]


# --- Action forms (one per service) ------------------------------------------------------------


def _text(label: Any, *, required: bool = True, rows: int = 3) -> forms.CharField:
    return forms.CharField(label=label, required=required, widget=forms.Textarea(attrs={"rows": rows}))


class UnitChoiceForm(forms.Form):
    """A form whose ``unit`` fields choose among the units that serve the case's locality."""

    unit_fields: tuple[str, ...] = ("unit",)

    def __init__(self, *args: Any, units: Iterable[Unit] = (), unit_note: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.unit_note = unit_note  # why a unit is not offered (the accused of an accusation)
        choices = [("", "—")] + [(str(u.pk), f"{u.name}") for u in units]
        self._units = {str(u.pk): u for u in units}
        for name in self.unit_fields:
            self.fields[name].choices = choices  # type: ignore[attr-defined]

    def chosen_unit(self, name: str = "unit") -> Unit | None:
        return self._units.get(self.cleaned_data.get(name) or "")


class AcceptForm(UnitChoiceForm):
    unit = forms.ChoiceField(label=_("承办单位（空：按权责清单）"), required=False)
    note = _text(_("受理意见"), required=False, rows=2)


class DispatchForm(UnitChoiceForm):
    unit = forms.ChoiceField(label=_("承办单位（空：按权责清单）"), required=False)
    reason = _text(_("分流说明"), required=False, rows=2)


class UnitReasonForm(UnitChoiceForm):
    unit = forms.ChoiceField(label=_("承办单位"))
    reason = _text(_("理由 / 要求"))


class ArbitrationDecisionForm(UnitChoiceForm):
    unit = forms.ChoiceField(label=_("改由单位承办（空：维持原承办单位）"), required=False)
    reason = _text(_("审定意见"))


class ReasonForm(forms.Form):
    reason = _text(_("理由"))


class NotAcceptForm(forms.Form):
    reason = _text(_("不予受理理由"))


class RedirectForm(forms.Form):
    route = forms.ChoiceField(label=_("法定途径"), choices=StatutoryRoute.choices)
    reason = _text(_("理由"))


class TransferOutForm(forms.Form):
    body = forms.CharField(label=_("转送机关"), max_length=100)
    reason = _text(_("理由"))


class EmptyForm(forms.Form):
    pass


class ReturnForm(forms.Form):
    reason = forms.ChoiceField(label=_("退单理由"), choices=ReturnReason.choices)
    text = _text(_("说明"))


class CoUnitsForm(UnitChoiceForm):
    unit_fields = ("unit_1", "unit_2", "unit_3")
    unit_1 = forms.ChoiceField(label=_("协办单位一"))
    task_1 = forms.CharField(label=_("协办任务一"), max_length=500)
    unit_2 = forms.ChoiceField(label=_("协办单位二"), required=False)
    task_2 = forms.CharField(label=_("协办任务二"), max_length=500, required=False)
    unit_3 = forms.ChoiceField(label=_("协办单位三"), required=False)
    task_3 = forms.CharField(label=_("协办任务三"), max_length=500, required=False)


class AnswerForm(forms.Form):
    answer = _text(_("协办意见"))


class NoteForm(forms.Form):
    text = _text(_("办理记录"))


class SuperviseForm(forms.Form):
    note = _text(_("督办意见"))


class ExtensionForm(forms.Form):
    days = forms.IntegerField(label=_("延期天数"), min_value=1, max_value=90)
    reason = _text(_("延期理由"))


class ExtensionDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("审批"), choices=[("approve", _("批准")), ("reject", _("驳回"))], widget=forms.RadioSelect
    )
    note = _text(_("审批意见（驳回时必填）"), required=False, rows=2)


class ReplyForm(forms.Form):
    outcome = forms.ChoiceField(label=_("处理结果"), choices=BLANK + ReplyOutcome.choices, required=False)
    text = _text(_("答复内容"), rows=5)
    basis = _text(_("处理依据"), required=False, rows=2)


class CloseForm(forms.Form):
    note = _text(_("办结说明"), required=False, rows=2)


class FollowUpForm(forms.Form):
    rating = forms.ChoiceField(label=_("满意度"), choices=Rating.choices, widget=forms.RadioSelect)
    comment = _text(_("回访记录"), required=False, rows=2)


class ReviewAnswerForm(forms.Form):
    outcome = forms.ChoiceField(label=_("处理结果"), choices=ReplyOutcome.choices)
    opinion = _text(_("复查/复核意见"), rows=4)


class ExternalReviewForm(forms.Form):
    received_on = forms.DateField(label=_("复核意见日期"), widget=forms.DateInput(attrs={"type": "date"}))
    outcome = forms.ChoiceField(label=_("处理结果"), choices=ReplyOutcome.choices)
    text = _text(_("复核意见"), rows=4)


class MergeForm(forms.Form):
    master = forms.CharField(label=_("主件查询码"), max_length=20)
    reason = _text(_("并案说明"), required=False, rows=2)


class AttachForm(forms.Form):
    file = forms.FileField(label=_("附件"))


class PublicRatingForm(forms.Form):
    rating = forms.ChoiceField(label=_("您对答复是否满意"), choices=Rating.choices, widget=forms.RadioSelect)
    comment = forms.CharField(
        label=_("意见（可选）"), required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )
