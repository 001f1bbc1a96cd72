"""The actions of the project page: one short form per service, offered only when allowed.

Each action names how to build its form and how the form's data calls the service; the page
shows the ones in ``access.allowed_actions`` and the service has the last word.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django import forms
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from gongzhi.campaigns import access, services
from gongzhi.campaigns import forms as f
from gongzhi.campaigns.models import CaseStudy, Project
from gongzhi.campaigns.services import HelpInput
from gongzhi.core.errors import NotFound
from gongzhi.org.models import Unit, User

Build = Callable[[User, Project, Any, Any], forms.Form]
Perform = Callable[[User, Project, Any], Promise]


@dataclass(frozen=True)
class Action:
    name: str
    label: Promise
    icon: str
    build: Build
    perform: Perform


def _plain(form_class: type[forms.Form], initial: Callable[[Project], dict[str, Any]] | None = None) -> Build:
    def build(user: User, project: Project, data: Any, files: Any) -> forms.Form:
        return form_class(data, files, initial=initial(project) if initial else None)

    return build


def _partner_form(user: User, project: Project, data: Any, files: Any) -> forms.Form:
    form = f.PartnerForm(data, files)
    units = Unit.objects.filter(pk__in=access.pending_partner_units(user, project))
    form.fields["unit"].queryset = units  # type: ignore[attr-defined]
    form.fields["unit"].initial = units.first()
    return form


def _write_up_initial(project: Project) -> dict[str, Any]:
    study = CaseStudy.objects.filter(project=project).prefetch_related("tags").first()
    if study is not None:
        return {
            "title": study.title,
            "problem": study.problem,
            "approach": study.approach,
            "result": study.result,
            "reusable": study.reusable,
            "tags": ", ".join(t.name for t in study.tags.all()),
        }
    return {"title": project.title, "problem": project.problem, "result": project.completion_summary}


def _approve(form: Any) -> bool:
    return str(form.cleaned_data["decision"]) in ("approve", "accept")


def _report(user: User, project: Project, form: Any) -> Promise:
    data = form.cleaned_data
    help_needed = None
    if data.get("help_level"):
        help_needed = HelpInput(level=data["help_level"], question=data.get("help_question") or "")
    result = services.progress_report_file(
        actor=user,
        project_id=project.pk,
        period=date.fromisoformat(data["period"]),
        summary=data["summary"],
        readings=form.readings(),
        milestones_reached=form.reached(),
        difficulties=data.get("difficulties") or "",
        help_needed=help_needed,
    )
    if result.resolved_flags:
        return _("月度进展已报送，相关督导提醒已消除")
    return _("月度进展已报送")


def _partner(user: User, project: Project, form: Any) -> Promise:
    accept = form.cleaned_data["decision"] == "accept"
    services.project_partner_confirm(
        actor=user,
        project_id=project.pk,
        unit=form.cleaned_data["unit"],
        accept=accept,
        reason=form.cleaned_data.get("reason") or "",
    )
    return _("已确认参与联合攻坚") if accept else _("已拒绝参与，项目退回修改")


def _completion_review(user: User, project: Project, form: Any) -> Promise:
    accept = _approve(form)
    services.project_completion_review(
        actor=user,
        project_id=project.pk,
        accept=accept,
        outcome=form.cleaned_data.get("outcome") or "",
        reason=form.cleaned_data.get("reason") or "",
    )
    return _("已通过验收") if accept else _("已退回继续破题")


def _publish(user: User, project: Project, form: Any) -> Promise:
    study = CaseStudy.objects.filter(project=project).first()
    if study is None:
        raise NotFound("案例", "case study")
    services.case_study_publish(actor=user, case_study_id=study.pk)
    return _("案例已入库")


def _review(service: Callable[..., Any], done: Promise, returned: Promise) -> Perform:
    def perform(user: User, project: Project, form: Any) -> Promise:
        approve = _approve(form)
        extra = {"level": form.cleaned_data["level"]} if "level" in form.cleaned_data else {}
        service(
            actor=user,
            project_id=project.pk,
            approve=approve,
            reason=form.cleaned_data.get("reason") or "",
            **extra,
        )
        return done if approve else returned

    return perform


ACTIONS: dict[str, Action] = {
    action.name: action
    for action in (
        Action(
            "submit",
            _("提交审核"),
            "send",
            _plain(f.EmptyForm),
            lambda u, p, form: (services.project_submit(actor=u, project_id=p.pk), _("已提交单位审核"))[1],
        ),
        Action("confirm_partner", _("确认联合攻坚"), "people", _partner_form, _partner),
        Action(
            "unit_review",
            _("单位审核"),
            "patch-check",
            _plain(f.ReviewForm),
            _review(services.project_unit_review, _("已通过单位审核，报片组审核"), _("已退回修改")),
        ),
        Action(
            "cluster_review",
            _("片组审核"),
            "diagram-3",
            _plain(f.ReviewForm),
            _review(services.project_cluster_review, _("已通过片组审核，报定题"), _("已退回修改")),
        ),
        Action(
            "define",
            _("定题"),
            "bookmark-check",
            _plain(f.DefineForm, lambda p: {"level": p.level}),
            _review(services.project_define, _("已定题，项目进入破题阶段"), _("已退回修改")),
        ),
        Action(
            "report",
            _("报送月度进展"),
            "graph-up-arrow",
            lambda u, p, data, files: f.ReportForm(data, files, project=p),
            _report,
        ),
        Action(
            "help",
            _("请求帮扶"),
            "life-preserver",
            _plain(f.HelpForm),
            lambda u, p, form: (
                services.help_request_create(actor=u, project_id=p.pk, **form.cleaned_data),
                _("帮扶请求已送达"),
            )[1],
        ),
        Action(
            "evidence",
            _("上传佐证材料"),
            "paperclip",
            _plain(f.EvidenceForm),
            lambda u, p, form: (
                services.evidence_add(
                    actor=u,
                    project_id=p.pk,
                    title=form.cleaned_data["title"],
                    upload=form.cleaned_data.get("file"),
                    url=form.cleaned_data.get("url") or "",
                    note=form.cleaned_data.get("note") or "",
                ),
                _("佐证材料已添加"),
            )[1],
        ),
        Action(
            "request_completion",
            _("申请验收"),
            "flag",
            _plain(f.CompletionForm),
            lambda u, p, form: (
                services.project_request_completion(
                    actor=u, project_id=p.pk, summary=form.cleaned_data["summary"]
                ),
                _("已申请验收"),
            )[1],
        ),
        Action(
            "completion_review",
            _("验收"),
            "clipboard-check",
            _plain(f.CompletionReviewForm),
            _completion_review,
        ),
        Action(
            "evaluate",
            _("评价打分"),
            "award",
            _plain(f.EvaluateForm),
            lambda u, p, form: (
                services.project_evaluate(
                    actor=u,
                    project_id=p.pk,
                    score=form.cleaned_data["score"],
                    comment=form.cleaned_data["comment"],
                ),
                _("评价已保存"),
            )[1],
        ),
        Action(
            "write_up",
            _("撰写破题案例"),
            "journal-text",
            _plain(f.WriteUpForm, _write_up_initial),
            lambda u, p, form: (
                services.case_study_write(
                    actor=u,
                    project_id=p.pk,
                    tags=form.tag_list(),
                    **{
                        k: form.cleaned_data[k]
                        for k in ("title", "problem", "approach", "result", "reusable")
                    },
                ),
                _("案例已保存，待组织部门入库"),
            )[1],
        ),
        Action("publish_case", _("案例入库"), "collection", _plain(f.EmptyForm), _publish),
        Action(
            "withdraw",
            _("撤回项目"),
            "x-circle",
            _plain(f.ReasonForm),
            lambda u, p, form: (
                services.project_withdraw(actor=u, project_id=p.pk, reason=form.cleaned_data["reason"]),
                _("项目已撤回"),
            )[1],
        ),
    )
}
