"""Forms of the citizen pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from gongzhi.cases.enums import CaseKind, PetitionClass
from gongzhi.org.models import Region
from gongzhi.routing.models import Category

# What a citizen chooses, and what it is in the case model.
PUBLIC_TYPES = {
    "request": (_("诉求（请求解决问题）"), CaseKind.REQUEST, ""),
    "complaint": (_("投诉（申诉、求决）"), CaseKind.PETITION, PetitionClass.CLAIM),
    "suggestion": (_("建议意见"), CaseKind.PETITION, PetitionClass.SUGGESTION),
}


class PhotoInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotoField(forms.FileField):
    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        if not data:
            return []
        items = data if isinstance(data, list | tuple) else [data]
        return [super(PhotoField, self).clean(item, initial) for item in items]


class PublicSubmitForm(forms.Form):
    type = forms.ChoiceField(
        label=_("类型"), choices=[(k, v[0]) for k, v in PUBLIC_TYPES.items()], widget=forms.RadioSelect
    )
    category = forms.ModelChoiceField(label=_("事项分类"), queryset=Category.objects.none(), required=False)
    subject = forms.CharField(label=_("标题"), max_length=100)
    description = forms.CharField(
        label=_("具体内容"), widget=forms.Textarea(attrs={"rows": 5}), max_length=4000
    )
    town = forms.ModelChoiceField(label=_("镇街"), queryset=Region.objects.none())
    village = forms.ModelChoiceField(label=_("村社"), queryset=Region.objects.none(), required=False)
    address = forms.CharField(label=_("详细地点"), max_length=200, required=False)
    latitude = forms.DecimalField(max_digits=9, decimal_places=6, required=False, widget=forms.HiddenInput)
    longitude = forms.DecimalField(max_digits=9, decimal_places=6, required=False, widget=forms.HiddenInput)
    photos = PhotoField(
        label=_("照片（最多 4 张）"),
        required=False,
        widget=PhotoInput(attrs={"multiple": True, "accept": "image/jpeg,image/png,image/webp"}),
    )
    name = forms.CharField(label=_("您的姓名"), max_length=60)
    phone = forms.CharField(label=_("手机号码"), max_length=20)
    website = forms.CharField(required=False, widget=forms.HiddenInput)  # a trap for robots

    def __init__(
        self,
        *args: Any,
        categories: QuerySet[Category],
        towns: QuerySet[Region],
        villages: QuerySet[Region],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = categories  # type: ignore[attr-defined]
        self.fields["town"].queryset = towns  # type: ignore[attr-defined]
        self.fields["village"].queryset = villages  # type: ignore[attr-defined]


class TrackForm(forms.Form):
    code = forms.CharField(label=_("查询码"), max_length=20)
    phone_tail = forms.CharField(label=_("手机号后四位"), min_length=4, max_length=4)
