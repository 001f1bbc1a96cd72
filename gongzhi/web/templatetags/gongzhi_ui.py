"""Template helpers shared by every page: icons, masking, deadline lights, query strings, rates."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django import template
from django.http import QueryDict
from django.templatetags.static import static
from django.utils import timezone, translation
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from gongzhi.cases import deadlines, joint
from gongzhi.core.errors import ApplicationError

register = template.Library()


@register.simple_tag
def icon(name: str, label: str = "") -> str:
    """A Bootstrap Icons symbol from the vendored sprite (no icon font, no inline script)."""
    href = static("vendor/bootstrap-icons/bootstrap-icons.svg") + "#" + name
    if label:
        return format_html(
            '<svg class="bi" role="img" aria-label="{}"><use href="{}"></use></svg>', label, href
        )
    return format_html('<svg class="bi" aria-hidden="true"><use href="{}"></use></svg>', href)


@register.filter
def mask_phone(value: str) -> str:
    """13905751234 → 139****1234; fixed lines keep their last four digits."""
    value = (value or "").strip()
    if len(value) <= 4:
        return "*" * len(value)
    if len(value) == 11 and value.isdigit():
        return f"{value[:3]}****{value[-4:]}"
    return "*" * (len(value) - 4) + value[-4:]


@register.filter
def mask_id(value: str) -> str:
    """330621198001011236 → 330621********1236 (region kept, birth date hidden)."""
    value = (value or "").strip()
    if len(value) < 10:
        return "*" * len(value)
    return f"{value[:6]}{'*' * (len(value) - 10)}{value[-4:]}"


@register.filter
def light(case: Any) -> str:
    """The case's deadline light: green / yellow / red (grey when no handling clock runs)."""
    if getattr(case, "status", "") not in ("dispatched", "returned", "in_progress") or not case.due_at:
        return "grey"
    return str(deadlines.warning_level(due_at=case.due_at, warn_at=case.warn_at, now=timezone.now()))


@register.filter
def subtask_light(assignment: Any) -> str:
    """A co-unit's open sub-task's light on the case's thresholds; "" otherwise (cases/joint.py)."""
    return joint.subtask_light(assignment, timezone.now())


@register.filter
def co_answer_lines(co_answers: list[dict[str, Any]]) -> list[str]:
    return joint.answer_lines(co_answers)


@register.filter
def error_message(error: ApplicationError) -> str:
    language = translation.get_language() or "zh-hans"
    return error.message_en if language.startswith("en") else error.message_zh


@register.filter
def pct(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


@register.filter
def days_left(moment: datetime | None) -> str:
    if moment is None:
        return ""
    delta = moment - timezone.now()
    days = delta.total_seconds() / 86400
    return f"{days:+.1f}"


@register.simple_tag(takes_context=True)
def query_with(context: template.Context, **changes: Any) -> str:
    """The current query string with some parameters replaced (a value of None removes one)."""
    request = context.get("request")
    query = request.GET.copy() if request is not None else QueryDict(mutable=True)
    for key, value in changes.items():
        if value is None or value == "":
            query.pop(key, None)
        else:
            query[key] = str(value)
    encoded = query.urlencode()
    return f"?{encoded}" if encoded else "?"


@register.filter
def get_item(mapping: dict[str, Any], key: str) -> Any:
    return mapping.get(key) if isinstance(mapping, dict) else None


EVENT_LABELS = {
    "case.intake": _("登记"),
    "case.accept": _("受理"),
    "case.not_accept": _("不予受理"),
    "case.not_accept_final": _("不予受理（已终结事项）"),
    "case.link_concluded": _("标记为已终结事项的重复信访"),
    "case.redirect": _("导入法定途径"),
    "case.transfer_out": _("转送其他机关"),
    "case.dispatch": _("分流派单"),
    "case.sign": _("签收"),
    "case.return": _("退单"),
    "case.arbitrate": _("审定交办"),
    "case.arbitration_request": _("申请审定"),
    "case.arbitration_decide": _("审定申请的决定"),
    "case.transfer": _("转办"),
    "case.escalate": _("上报"),
    "case.assign_down": _("交办"),
    "case.add_co_units": _("联动协办"),
    "subtask.sign": _("协办签收"),
    "subtask.answer": _("协办反馈"),
    "case.note": _("办理记录"),
    "case.supervise": _("督办"),
    "case.supervise_auto": _("超期自动督办"),
    "case.remind": _("超期催办"),
    "case.accept_remind": _("受理超期催办"),
    "case.extension_request": _("申请延期"),
    "case.extension_approve": _("批准延期"),
    "case.extension_reject": _("驳回延期"),
    "case.reply": _("答复"),
    "case.reply_from_master": _("随主件答复"),
    "case.close": _("办结"),
    "case.follow_up": _("回访评价"),
    "case.redo": _("不满意，重新办理"),
    "case.review_request": _("申请复查"),
    "case.re_review_request": _("申请复核"),
    "case.review_answer": _("复查答复"),
    "case.re_review_answer": _("复核答复"),
    "case.finalise": _("处理终结"),
    "case.merge": _("并案"),
    "case.merge_repeat": _("并入重复件"),
    "case.deadline_recompute": _("期限重算"),
    "case.attachment_add": _("上传附件"),
    "case.contact_view": _("查看完整联系方式"),
}


@register.filter
def event_label(action: str) -> str:
    return str(EVENT_LABELS.get(action, action))
