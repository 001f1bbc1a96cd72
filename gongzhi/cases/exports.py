"""Excel (.xlsx) exports of case lists (openpyxl, write-only: constant memory for long lists)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from io import BytesIO

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from gongzhi.cases import deadlines
from gongzhi.cases.enums import HANDLING_STATUSES
from gongzhi.cases.models import Case

HEADERS = (
    "查询码",
    "渠道",
    "类型",
    "状态",
    "时限灯",
    "标题",
    "分类",
    "镇街",
    "村社",
    "承办单位",
    "承办人",
    "登记时间",
    "办理期限",
    "答复时间",
    "满意度",
)


def _local(moment: datetime | None) -> datetime | None:
    return timezone.localtime(moment).replace(tzinfo=None) if moment else None


def _light(case: Case, now: datetime) -> str:
    if case.status not in HANDLING_STATUSES:
        return ""
    level = deadlines.warning_level(due_at=case.due_at, warn_at=case.warn_at, now=now)
    return {"green": "绿", "yellow": "黄", "red": "红"}[level]


def cases_xlsx(cases: Iterable[Case], *, now: datetime) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("事项")
    sheet.freeze_panes = "A2"
    header = []
    for title in HEADERS:
        cell = WriteOnlyCell(sheet, value=title)
        cell.font = Font(bold=True)
        header.append(cell)
    sheet.append(header)
    for case in cases:
        sheet.append(
            [
                case.tracking_code,
                case.get_channel_display(),
                case.get_kind_display(),
                case.get_status_display(),
                _light(case, now),
                case.subject,
                case.category.full_name if case.category else "",
                case.town.name if case.town else "",
                case.village.name if case.village else "",
                case.lead_unit.name if case.lead_unit else "",
                str(case.handler) if case.handler else "",
                _local(case.registered_at),
                _local(case.due_at),
                _local(case.replied_at),
                case.get_rating_display() if case.rating else "",
            ]
        )
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
