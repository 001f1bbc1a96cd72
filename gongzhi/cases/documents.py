"""The case's documents (文书) as PDF and Word: receipt, acceptance decision notice, handling
opinion, and the case file — one content builder, two renderers.

PDF uses reportlab with its built-in CID font STSong-Light (Adobe-GB1), so Chinese renders on a
fresh machine with no fonts installed; the reader's viewer supplies the glyphs. Word files name
宋体 (SimSun) for East Asian text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from io import BytesIO

from django.db.models import QuerySet
from django.utils import timezone

from gongzhi.cases import joint
from gongzhi.cases.enums import CaseKind, CaseStatus
from gongzhi.cases.models import Case
from gongzhi.core.models import AuditEvent

DOCUMENT_KINDS = {
    "receipt": "受理回执",
    "decision": "受理告知书",
    "opinion": "信访处理意见书",
    "file": "案卷",
}


@dataclass
class Document:
    title: str
    reference: str
    recipient: str
    paragraphs: list[str]
    unit_name: str
    date: str
    table: list[tuple[str, str]] = field(default_factory=list)


def _date(moment: object) -> str:
    if moment is None:
        return ""
    return timezone.localtime(moment).strftime("%Y年%m月%d日")  # type: ignore[arg-type]


def available_documents(case: Case) -> list[tuple[str, str]]:
    kinds = [("receipt", "受理回执")]
    if case.accepted_at is not None or case.status in (CaseStatus.NOT_ACCEPTED, CaseStatus.REDIRECTED):
        kinds.append(("decision", decision_title(case)))
    if case.replied_at is not None or case.replies.exists():
        kinds.append(("opinion", opinion_title(case)))
    kinds.append(("file", "案卷"))
    return kinds


def decision_title(case: Case) -> str:
    if case.status == CaseStatus.NOT_ACCEPTED:
        return "不予受理告知书"
    if case.status == CaseStatus.REDIRECTED:
        return "导入法定途径告知书"
    return "受理告知书"


def opinion_title(case: Case) -> str:
    return "信访处理意见书" if case.kind == CaseKind.PETITION else "答复意见书"


def build(case: Case, kind: str, timeline: QuerySet[AuditEvent] | None = None) -> Document:
    """The content of one document for ``case`` (the caller has checked access)."""
    recipient = f"{case.reporter_name}：" if case.reporter_name else ""
    reference = f"查询码：{case.tracking_code}"
    if kind == "receipt":
        return Document(
            title="受理回执",
            reference=reference,
            recipient=recipient,
            paragraphs=[
                f"您反映的“{case.subject}”已于{_date(case.registered_at)}由{case.intake_unit.name}登记。",
                f"我们将在{_date(case.accept_due_at)}前告知是否受理。",
                "您可凭查询码和登记手机号码后四位在网上查询办理进度。",
            ],
            unit_name=case.intake_unit.name,
            date=_date(case.registered_at),
        )
    if kind == "decision":
        title = decision_title(case)
        if case.status == CaseStatus.NOT_ACCEPTED:
            body = [f"您反映的“{case.subject}”，经审查，不予受理。", f"理由：{case.decision_reason}"]
        elif case.status == CaseStatus.REDIRECTED:
            body = [
                f"您反映的“{case.subject}”，应当通过{case.get_statutory_route_display()}途径解决。",
                case.decision_reason,
                "请依法向有关机关提出。",
            ]
        else:
            body = [
                f"您反映的“{case.subject}”已于{_date(case.accepted_at)}受理。",
                f"我们将在{_date(case.due_at)}前办理并书面答复。",
            ]
        return Document(title, reference, recipient, body, case.intake_unit.name, _date(timezone.now()))
    if kind == "opinion":
        reply = case.replies.order_by("-created_at").first()
        body = [f"关于您反映的“{case.subject}”，经调查核实，答复如下："]
        unit_name = case.lead_unit.name if case.lead_unit else case.intake_unit.name
        if reply is not None:
            body.append(reply.text)
            if reply.co_answers:
                # 联动办理: one answer, with each co-unit's sub-answer as it stood at the reply.
                body += ["协办单位意见：", *joint.answer_lines(reply.co_answers)]
            if reply.outcome:
                body.append(f"处理结果：{reply.get_outcome_display()}")
            if reply.basis:
                body.append(f"依据：{reply.basis}")
            unit_name = reply.unit.name
        if case.kind == CaseKind.PETITION:
            body.append("如不服本处理意见，可以自收到本意见书之日起30日内向上一级机关请求复查。")
        return Document(opinion_title(case), reference, recipient, body, unit_name, _date(case.replied_at))
    if kind == "file":
        facts = [
            ("查询码", case.tracking_code),
            ("标题", case.subject),
            ("渠道 / 类型", f"{case.get_channel_display()} / {case.get_kind_display()}"),
            ("分类", case.category.full_name if case.category else ""),
            ("属地", " ".join(r.name for r in (case.town, case.village) if r is not None)),
            ("反映人", case.reporter_name or "匿名"),
            ("状态", case.get_status_display()),
            ("承办单位", case.lead_unit.name if case.lead_unit else ""),
            ("登记时间", _date(case.registered_at)),
            ("办理期限", _date(case.due_at)),
            ("答复时间", _date(case.replied_at)),
        ]
        body = ["反映内容：", case.description, "办理过程："]
        for event in timeline if timeline is not None else []:
            line = (
                f"{timezone.localtime(event.occurred_at):%Y-%m-%d %H:%M} {event.action} {event.actor_label}"
            )
            body.append(line + (f"：{event.reason}" if event.reason else ""))
        return Document("案卷", reference, "", body, case.intake_unit.name, _date(timezone.now()), facts)
    raise KeyError(kind)


def render_pdf(document: Document) -> bytes:
    from xml.sax.saxutils import escape

    from reportlab.lib import colors
    from reportlab.lib.enums import TA_CENTER, TA_RIGHT
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    base = ParagraphStyle("body", fontName="STSong-Light", fontSize=12, leading=20, wordWrap="CJK")
    title = ParagraphStyle("title", parent=base, fontSize=20, leading=30, alignment=TA_CENTER)
    right = ParagraphStyle("right", parent=base, alignment=TA_RIGHT)
    small = ParagraphStyle("small", parent=base, fontSize=10, leading=14, alignment=TA_RIGHT)
    buffer = BytesIO()
    pdf = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=25 * mm,
        rightMargin=25 * mm,
        topMargin=25 * mm,
        bottomMargin=20 * mm,
        title=document.title,
        author=document.unit_name,
    )
    story: list[object] = [
        Paragraph(escape(document.title), title),
        Paragraph(escape(document.reference), small),
    ]
    story.append(Spacer(1, 6 * mm))
    if document.table:
        table = Table(
            [[Paragraph(escape(k), base), Paragraph(escape(v), base)] for k, v in document.table],
            colWidths=[35 * mm, None],
        )
        table.setStyle(
            TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.grey), ("VALIGN", (0, 0), (-1, -1), "TOP")])
        )
        story += [table, Spacer(1, 4 * mm)]
    if document.recipient:
        story.append(Paragraph(escape(document.recipient), base))
    for paragraph in document.paragraphs:
        story.append(Paragraph(escape(paragraph).replace("\n", "<br/>"), base))
    story += [
        Spacer(1, 12 * mm),
        Paragraph(escape(document.unit_name), right),
        Paragraph(escape(document.date), right),
    ]
    pdf.build(story)
    return buffer.getvalue()


def render_docx(document: Document) -> bytes:
    from docx import Document as WordDocument
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Pt

    word = WordDocument()
    normal = word.styles["Normal"]
    normal.font.name = "SimSun"
    normal.font.size = Pt(12)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), "宋体")
    heading = word.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = heading.add_run(document.title)
    run.bold = True
    run.font.size = Pt(20)
    reference = word.add_paragraph(document.reference)
    reference.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    if document.table:
        table = word.add_table(rows=0, cols=2)
        table.style = "Table Grid"
        for key, value in document.table:
            cells = table.add_row().cells
            cells[0].text, cells[1].text = key, value
    if document.recipient:
        word.add_paragraph(document.recipient)
    for paragraph in document.paragraphs:
        word.add_paragraph(paragraph)
    for line in (document.unit_name, document.date):
        signature = word.add_paragraph(line)
        signature.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    buffer = BytesIO()
    word.save(buffer)
    return buffer.getvalue()
