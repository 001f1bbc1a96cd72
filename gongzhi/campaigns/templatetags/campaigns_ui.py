"""Template helpers of the campaign pages: numbers, achievement, event labels."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template
from django.utils.translation import gettext_lazy as _

from gongzhi.campaigns.selectors.ranking import target_achievement

register = template.Library()


@register.filter
def num(value: Any) -> str:
    """60.00 → 60; 12.50 → 12.5; None → —."""
    if value is None:
        return "—"
    if isinstance(value, Decimal):
        text = f"{value:f}"
        return text.rstrip("0").rstrip(".") if "." in text else text
    return str(value)


@register.filter
def achievement(target: Any) -> float:
    return target_achievement(baseline=target.baseline, target=target.target, current=target.current)


@register.filter
def pct_int(value: float | None) -> int:
    return 0 if value is None else round(value * 100)


EVENT_LABELS = {
    "project.propose": _("选题"),
    "project.revise": _("修改选题"),
    "project.submit": _("提交审核"),
    "project.withdraw": _("撤回"),
    "project.partner_confirm": _("联合单位确认参与"),
    "project.partner_decline": _("联合单位不参与"),
    "project.unit_review": _("单位审核"),
    "project.cluster_review": _("片组审核"),
    "project.define": _("定题"),
    "project.report": _("报送月度进展"),
    "project.milestone_reach": _("完成节点"),
    "project.evidence_add": _("上传佐证材料"),
    "project.flag": _("督导提醒"),
    "project.flag_escalate": _("督导上报片组"),
    "project.help_request": _("请求帮扶"),
    "project.help_answer": _("帮扶答复"),
    "project.help_close": _("帮扶办结"),
    "project.help_overdue": _("帮扶超期提醒"),
    "project.request_completion": _("申请验收"),
    "project.completion_review": _("验收"),
    "project.evaluate": _("评价"),
    "case_study.write": _("撰写破题案例"),
    "case_study.rewrite": _("修改破题案例"),
    "case_study.publish": _("案例入库"),
}


@register.filter
def campaign_event(action: str) -> str:
    return str(EVENT_LABELS.get(action, action))
