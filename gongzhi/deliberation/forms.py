"""Forms of the deliberation pages: input parsing only; the rules live in the services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from gongzhi.deliberation.models import MatterType


class MatterForm(forms.Form):
    matter_type = forms.ModelChoiceField(queryset=MatterType.objects.none(), label=_("事项类型"))
    title = forms.CharField(max_length=100, label=_("事项名称"))
    proposed_on = forms.DateField(label=_("提议日期"), widget=forms.DateInput(attrs={"type": "date"}))
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
        label=_("会议时间"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    notice_given_on = forms.DateField(
        required=False, label=_("通知日期"), widget=forms.DateInput(attrs={"type": "date"})
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
    published_on = forms.DateField(label=_("公开日期"), widget=forms.DateInput(attrs={"type": "date"}))
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
