"""The actions of the case page: one short form per service, offered only when allowed.

Each action names its form and how the form's data calls the service; the page shows the ones in
``access.allowed_actions`` and the service has the last word.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from gongzhi.cases import forms as case_forms
from gongzhi.cases import services
from gongzhi.cases.models import Case
from gongzhi.cases.services.attachments import attachment_add
from gongzhi.core.errors import NotFound, ValidationFailed
from gongzhi.org.models import Unit, User

Perform = Callable[[User, Case, Any], Promise]


@dataclass(frozen=True)
class Action:
    name: str
    label: Promise
    icon: str
    form: type[forms.Form]
    perform: Perform
    done: Promise
    aliases: tuple[tuple[str, str], ...] = ()

    @property
    def uses_units(self) -> bool:
        return issubclass(self.form, case_forms.UnitChoiceForm)


def _required_unit(form: case_forms.UnitChoiceForm, name: str = "unit") -> Unit:
    unit = form.chosen_unit(name)
    if unit is None:
        raise ValidationFailed("请选择单位", "choose a unit", code="missing_unit", detail={"field": name})
    return unit


def _co_units(user: User, case: Case, form: case_forms.CoUnitsForm) -> Promise:
    tasks = []
    for index in (1, 2, 3):
        unit = form.chosen_unit(f"unit_{index}")
        if unit is not None:
            tasks.append(services.CoUnitTask(unit=unit, task=form.cleaned_data[f"task_{index}"]))
    services.case_add_co_units(actor=user, case_id=case.pk, tasks=tasks)
    return _("已安排联动协办")


def _decide_extension(user: User, case: Case, form: Any) -> Promise:
    extension = next((e for e in case.extensions.all() if e.status == "requested"), None)
    if extension is None:
        raise NotFound("延期申请", "extension request")
    approve = form.cleaned_data["decision"] == "approve"
    services.case_decide_extension(
        actor=user, extension_id=extension.pk, approve=approve, note=form.cleaned_data["note"]
    )
    return _("已批准延期") if approve else _("已驳回延期申请")


def _merge(user: User, case: Case, form: Any) -> Promise:
    from gongzhi.cases import access

    code = form.cleaned_data["master"].strip().upper()
    master = access.case_queryset_for_user(user).filter(tracking_code=code).first()
    if master is None:
        raise ValidationFailed(
            "未找到该查询码的事项", "no case with this code", code="no_master", detail={"field": "master"}
        )
    services.case_merge(
        actor=user, repeat_id=case.pk, master_id=master.pk, reason=form.cleaned_data["reason"]
    )
    return _("已并案")


def _perform(name: str, call: Callable[[User, Case, Any], object], done: Promise) -> Perform:
    def perform(user: User, case: Case, form: Any) -> Promise:
        call(user, case, form.cleaned_data if not isinstance(form, case_forms.UnitChoiceForm) else form)
        return done

    perform.__name__ = name
    return perform


def _action(
    name: str,
    label: Promise,
    icon: str,
    form: type[forms.Form],
    call: Callable[[User, Case, Any], object],
    done: Promise,
    aliases: tuple[tuple[str, str], ...] = (),
) -> Action:
    return Action(name, label, icon, form, _perform(name, call, done), done, aliases)


ACTIONS: dict[str, Action] = {
    a.name: a
    for a in [
        _action(
            "sign",
            _("签收"),
            "pen",
            case_forms.EmptyForm,
            lambda u, c, d: services.case_sign(actor=u, case_id=c.pk),
            _("已签收"),
        ),
        _action(
            "reply",
            _("答复"),
            "reply",
            case_forms.ReplyForm,
            lambda u, c, d: services.case_reply(
                actor=u, case_id=c.pk, text=d["text"], outcome=d["outcome"], basis=d["basis"]
            ),
            _("已答复"),
        ),
        _action(
            "accept",
            _("受理"),
            "check2-circle",
            case_forms.AcceptForm,
            lambda u, c, f: services.case_accept(
                actor=u, case_id=c.pk, unit=f.chosen_unit(), note=f.cleaned_data["note"]
            ),
            _("已受理并分流"),
        ),
        _action(
            "dispatch",
            _("分流"),
            "signpost-split",
            case_forms.DispatchForm,
            lambda u, c, f: services.case_dispatch(
                actor=u, case_id=c.pk, unit=f.chosen_unit(), reason=f.cleaned_data["reason"]
            ),
            _("已分流"),
        ),
        _action(
            "request_extension",
            _("申请延期"),
            "calendar-plus",
            case_forms.ExtensionForm,
            lambda u, c, d: services.case_request_extension(
                actor=u, case_id=c.pk, days=d["days"], reason=d["reason"]
            ),
            _("已提交延期申请"),
        ),
        Action(
            "decide_extension",
            _("审批延期"),
            "patch-check",
            case_forms.ExtensionDecisionForm,
            _decide_extension,
            _("已审批"),
        ),
        _action(
            "subtask_sign",
            _("签收协办任务"),
            "pen",
            case_forms.EmptyForm,
            lambda u, c, d: services.subtask_sign(actor=u, case_id=c.pk),
            _("已签收协办任务"),
        ),
        _action(
            "subtask_answer",
            _("反馈协办意见"),
            "chat-square-text",
            case_forms.AnswerForm,
            lambda u, c, d: services.subtask_answer(actor=u, case_id=c.pk, answer=d["answer"]),
            _("已反馈协办意见"),
        ),
        Action(
            "add_co_units",
            _("联动协办"),
            "people",
            case_forms.CoUnitsForm,
            _co_units,
            _("已安排联动协办"),
            (("tasks", "unit_1"), ("tasks[0].task", "task_1"), ("tasks[1].task", "task_2")),
        ),
        _action(
            "return",
            _("退单"),
            "arrow-return-left",
            case_forms.ReturnForm,
            lambda u, c, d: services.case_return(actor=u, case_id=c.pk, reason=d["reason"], text=d["text"]),
            _("已退单"),
        ),
        _action(
            "arbitrate",
            _("审定"),
            "hammer",
            case_forms.UnitReasonForm,
            lambda u, c, f: services.case_arbitrate(
                actor=u, case_id=c.pk, unit=_required_unit(f), reason=f.cleaned_data["reason"]
            ),
            _("已审定交办"),
        ),
        _action(
            "request_arbitration",
            _("申请审定"),
            "question-circle",
            case_forms.ReasonForm,
            lambda u, c, d: services.case_request_arbitration(actor=u, case_id=c.pk, reason=d["reason"]),
            _("已提交审定申请"),
        ),
        _action(
            "arbitration_decide",
            _("审定申请"),
            "hammer",
            case_forms.ArbitrationDecisionForm,
            lambda u, c, f: services.case_arbitration_decide(
                actor=u, case_id=c.pk, unit=f.chosen_unit(), reason=f.cleaned_data["reason"]
            ),
            _("已作出审定"),
        ),
        _action(
            "recusal_request",
            _("代为申请回避"),
            "person-x",
            case_forms.ReasonForm,
            lambda u, c, d: services.case_recusal_request(actor=u, case_id=c.pk, grounds=d["reason"]),
            _("已提交回避申请"),
        ),
        _action(
            "recusal_decide",
            _("决定回避"),
            "person-x",
            case_forms.ExtensionDecisionForm,
            lambda u, c, d: services.case_recusal_decide(
                actor=u,
                case_id=c.pk,
                granted=d["decision"] == "approve",
                reason=d["note"] or ("准予回避" if d["decision"] == "approve" else "不予回避"),
            ),
            _("已作出回避决定"),
        ),
        _action(
            "transfer",
            _("转办"),
            "arrow-left-right",
            case_forms.UnitReasonForm,
            lambda u, c, f: services.case_transfer(
                actor=u, case_id=c.pk, unit=_required_unit(f), reason=f.cleaned_data["reason"]
            ),
            _("已转办"),
        ),
        _action(
            "assign_down",
            _("交办"),
            "box-arrow-in-down",
            case_forms.UnitReasonForm,
            lambda u, c, f: services.case_assign_down(
                actor=u, case_id=c.pk, unit=_required_unit(f), reason=f.cleaned_data["reason"]
            ),
            _("已交办"),
        ),
        _action(
            "escalate",
            _("上报"),
            "box-arrow-up",
            case_forms.ReasonForm,
            lambda u, c, d: services.case_escalate(actor=u, case_id=c.pk, reason=d["reason"]),
            _("已上报上一级"),
        ),
        _action(
            "close",
            _("办结"),
            "check-all",
            case_forms.CloseForm,
            lambda u, c, d: services.case_close(actor=u, case_id=c.pk, note=d["note"]),
            _("已办结"),
        ),
        _action(
            "follow_up",
            _("回访"),
            "telephone-outbound",
            case_forms.FollowUpForm,
            lambda u, c, d: services.case_follow_up(
                actor=u, case_id=c.pk, rating=d["rating"], comment=d["comment"]
            ),
            _("已记录回访"),
        ),
        _action(
            "request_review",
            _("申请复查/复核"),
            "arrow-repeat",
            case_forms.ReasonForm,
            lambda u, c, d: services.case_request_review(actor=u, case_id=c.pk, reason=d["reason"]),
            _("已登记复查/复核申请"),
        ),
        _action(
            "answer_review",
            _("复查/复核答复"),
            "clipboard-check",
            case_forms.ReviewAnswerForm,
            lambda u, c, d: services.case_answer_review(
                actor=u, case_id=c.pk, opinion=d["opinion"], outcome=d["outcome"]
            ),
            _("已答复复查/复核"),
        ),
        _action(
            "record_external_review",
            _("登记上级复核意见"),
            "envelope-check",
            case_forms.ExternalReviewForm,
            lambda u, c, d: services.case_record_external_review(
                actor=u, case_id=c.pk, received_on=d["received_on"], outcome=d["outcome"], text=d["text"]
            ),
            _("已登记复核意见，事项处理终结"),
        ),
        _action(
            "supervise",
            _("督办"),
            "flag",
            case_forms.SuperviseForm,
            lambda u, c, d: services.case_supervise(actor=u, case_id=c.pk, note=d["note"]),
            _("已督办"),
        ),
        _action(
            "not_accept",
            _("不予受理"),
            "x-circle",
            case_forms.NotAcceptForm,
            lambda u, c, d: services.case_not_accept(actor=u, case_id=c.pk, reason=d["reason"]),
            _("已不予受理"),
        ),
        _action(
            "redirect",
            _("导入法定途径"),
            "bank",
            case_forms.RedirectForm,
            lambda u, c, d: services.case_redirect(
                actor=u, case_id=c.pk, route=d["route"], reason=d["reason"]
            ),
            _("已导入法定途径"),
        ),
        _action(
            "transfer_out",
            _("转送其他机关"),
            "send",
            case_forms.TransferOutForm,
            lambda u, c, d: services.case_transfer_out(
                actor=u, case_id=c.pk, body=d["body"], reason=d["reason"]
            ),
            _("已转送"),
        ),
        Action("merge", _("并案（重复件）"), "union", case_forms.MergeForm, _merge, _("已并案")),
        _action(
            "note",
            _("办理记录"),
            "journal-text",
            case_forms.NoteForm,
            lambda u, c, d: services.case_add_note(actor=u, case_id=c.pk, text=d["text"]),
            _("已添加办理记录"),
        ),
        _action(
            "attach",
            _("上传附件"),
            "paperclip",
            case_forms.AttachForm,
            lambda u, c, d: attachment_add(actor=u, case_id=c.pk, upload=d["file"]),
            _("已上传附件"),
        ),
    ]
}
