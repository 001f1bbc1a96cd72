"""Forms of the mediation pages: input parsing only; the rules live in the services."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from gongzhi.cases.enums import Rating
from gongzhi.mediation.enums import (
    InviteeRelation,
    Route,
    SignatureMethod,
    TerminationReason,
)
from gongzhi.mediation.languages import LANGUAGES

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATE = forms.DateInput(attrs={"type": "date"})


def _rows(n: int) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": n})


class DirectoryFilter(forms.Form):
    """The mediator directory's filters (GET)."""

    language = forms.ChoiceField(required=False, label=_("语言"))
    speciality = forms.ChoiceField(required=False, label=_("擅长纠纷类型"))
    studio = forms.ChoiceField(required=False, label=_("组织 / 工作室"))
    q = forms.CharField(required=False, max_length=60, label=_("姓名或称号"))
    foreign = forms.BooleanField(required=False, label=_("仅外籍调解员"))

    def __init__(
        self, *args: Any, types: list[tuple[str, str]], studios: list[tuple[str, str]], **kwargs: Any
    ):
        super().__init__(*args, **kwargs)
        everything = [("", _("全部"))]
        self.fields["language"].choices = everything + sorted(LANGUAGES.items())  # type: ignore[attr-defined]
        self.fields["speciality"].choices = everything + types  # type: ignore[attr-defined]
        self.fields["studio"].choices = everything + studios  # type: ignore[attr-defined]


class EmptyForm(forms.Form):
    """An action that needs nothing but the click (accept, finalise …)."""


class ReasonForm(forms.Form):
    reason = forms.CharField(max_length=2000, label=_("理由"), widget=_rows(2))


class NoteForm(forms.Form):
    note = forms.CharField(required=False, max_length=2000, label=_("说明"), widget=_rows(2))


class ChoiceBuilt(forms.Form):
    """A form whose choices come from the mediation (parties, mediators, sessions, items)."""

    def __init__(self, *args: Any, choices: dict[str, list[tuple[Any, str]]] | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        for name, values in (choices or {}).items():
            if name in self.fields:
                self.fields[name].choices = values  # type: ignore[attr-defined]


class AssignForm(ChoiceBuilt):
    mediator = forms.TypedChoiceField(coerce=int, label=_("调解员"))
    chosen_by = forms.TypedChoiceField(
        coerce=int, required=False, empty_value=None, label=_("由当事人选定（可选）")
    )


class ObjectForm(ChoiceBuilt):
    party = forms.TypedChoiceField(coerce=int, label=_("当事人"))
    mediator = forms.TypedChoiceField(coerce=int, label=_("不接受的调解员"))
    reason = forms.CharField(required=False, max_length=200, label=_("理由"))


class RefuseForm(ChoiceBuilt):
    party = forms.TypedChoiceField(coerce=int, label=_("拒绝调解的当事人"))
    reason = forms.CharField(required=False, max_length=2000, label=_("理由"), widget=_rows(2))


class ScheduleForm(forms.Form):
    scheduled_at = forms.DateTimeField(label=_("时间"), widget=DATETIME)
    place = forms.CharField(max_length=200, label=_("地点"))
    invitees = forms.CharField(
        required=False,
        max_length=2000,
        label=_("邀请参与人（每行：姓名,身份）"),
        help_text=_("身份：亲属、邻里、同事、专业人员、乡贤、翻译、其他"),
        widget=_rows(2),
    )
    consent = forms.BooleanField(required=False, label=_("当事人同意邀请上述人员（第二十条）"))

    def invitee_list(self) -> list[tuple[str, str]]:
        by_label = {str(label): value for value, label in InviteeRelation.choices}
        rows = []
        for line in (self.cleaned_data.get("invitees") or "").splitlines():
            name, _sep, relation = line.replace("，", ",").partition(",")
            if name.strip():
                rows.append((name.strip(), by_label.get(relation.strip(), relation.strip() or "other")))
        return rows


class SessionRecordForm(ChoiceBuilt):
    session = forms.TypedChoiceField(coerce=int, label=_("调解会"))
    record = forms.CharField(max_length=20000, label=_("调解笔录"), widget=_rows(4))


class SessionCancelForm(ChoiceBuilt):
    session = forms.TypedChoiceField(coerce=int, label=_("调解会"))
    reason = forms.CharField(max_length=200, label=_("取消理由"))


class ExtendForm(ChoiceBuilt):
    days = forms.IntegerField(min_value=1, max_value=365, initial=15, label=_("延长天数"))
    reason = forms.CharField(max_length=2000, label=_("理由"), widget=_rows(2))
    parties = forms.TypedMultipleChoiceField(
        coerce=int, label=_("申请延期的当事人"), widget=forms.CheckboxSelectMultiple
    )


class DraftForm(forms.Form):
    facts = forms.CharField(required=False, max_length=5000, label=_("纠纷的主要事实"), widget=_rows(3))
    issues = forms.CharField(required=False, max_length=5000, label=_("争议事项"), widget=_rows(2))
    responsibilities = forms.CharField(
        required=False, max_length=5000, label=_("各方当事人的责任"), widget=_rows(2)
    )
    terms = forms.CharField(required=False, max_length=5000, label=_("协议内容"), widget=_rows(3))
    performance_method = forms.CharField(required=False, max_length=2000, label=_("履行方式"))
    performance_deadline = forms.DateField(required=False, label=_("履行期限"), widget=DATE)
    items = forms.CharField(
        required=False,
        max_length=3000,
        label=_("履行事项（每行：日期 事项）"),
        help_text=_("例：2026-12-31 支付赔偿款五千元"),
        widget=_rows(2),
    )
    translated_terms = forms.CharField(
        required=False, max_length=5000, label=_("译文（外方当事人）"), widget=_rows(2)
    )
    translation_language = forms.ChoiceField(required=False, label=_("译文语言"))
    interpreter_name = forms.CharField(required=False, max_length=60, label=_("翻译人员"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["translation_language"].choices = [("", "—"), *sorted(LANGUAGES.items())]  # type: ignore[attr-defined]

    def clean_items(self) -> list[tuple[date, str]]:
        items = []
        for line in (self.cleaned_data.get("items") or "").splitlines():
            if not line.strip():
                continue
            day, _sep, text = line.strip().partition(" ")
            try:
                items.append((date.fromisoformat(day), text.strip()))
            except ValueError:
                raise forms.ValidationError(_("每行以日期开头（YYYY-MM-DD），再写事项")) from None
        return items


class OralForm(forms.Form):
    terms = forms.CharField(max_length=2000, label=_("口头协议内容"), widget=_rows(3))
    facts = forms.CharField(required=False, max_length=2000, label=_("纠纷事实"), widget=_rows(2))


class SignForm(ChoiceBuilt):
    signer = forms.ChoiceField(label=_("签署人"))
    method = forms.ChoiceField(choices=SignatureMethod.choices, label=_("方式"))


class TerminateForm(forms.Form):
    reason = forms.ChoiceField(choices=TerminationReason.choices, label=_("终止理由"))
    note = forms.CharField(required=False, max_length=2000, label=_("说明"), widget=_rows(2))
    routes = forms.MultipleChoiceField(
        choices=Route.choices,
        initial=list(Route.values),
        label=_("告知的救济途径"),
        widget=forms.CheckboxSelectMultiple,
    )


class EscalateForm(forms.Form):
    reason = forms.CharField(max_length=2000, label=_("上报理由"), widget=_rows(2))


class DangerForm(forms.Form):
    description = forms.CharField(max_length=2000, label=_("激化风险情况"), widget=_rows(2))


class ConfirmationApplyForm(forms.Form):
    court_name = forms.CharField(max_length=100, initial="柯桥区人民法院", label=_("受理法院"))
    all_parties_join = forms.BooleanField(required=False, label=_("双方当事人共同申请"))


class CourtAcceptForm(forms.Form):
    court_case_number = forms.CharField(max_length=60, label=_("法院案号"))


class CourtDecideForm(forms.Form):
    confirmed = forms.TypedChoiceField(
        coerce=lambda v: v == "yes",
        choices=[("yes", _("裁定调解协议有效")), ("no", _("裁定驳回申请"))],
        label=_("裁定"),
    )
    note = forms.CharField(required=False, max_length=2000, label=_("说明"))


class PerformanceForm(ChoiceBuilt):
    item = forms.TypedChoiceField(coerce=int, label=_("履行事项"))
    performed = forms.TypedChoiceField(
        coerce=lambda v: v == "yes",
        choices=[("yes", _("已履行")), ("no", _("未履行"))],
        label=_("回访结果"),
    )
    note = forms.CharField(required=False, max_length=2000, label=_("情况说明"))


class SatisfactionForm(forms.Form):
    rating = forms.ChoiceField(choices=Rating.choices, label=_("当事人满意度"))
