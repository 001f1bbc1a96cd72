"""The 调解协议书 in the standard layout, as PDF (reportlab, the built-in STSong-Light CID font:
no system font needed) and Word (python-docx).

Layout (司法部 人民调解文书格式): title, number; the parties' basic details; the main facts and
the issues; each party's responsibility; the agreed terms; the method and time of performance;
the copies clause; the translation note for foreign parties; the signature block with each
signature, seal or fingerprint and its time, the mediator's signature and the committee's seal.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from django.utils import timezone

from gongzhi.mediation.enums import AgreementForm, SignatureMethod, SignerKind
from gongzhi.mediation.languages import language_label
from gongzhi.mediation.models import Agreement

FONT = "STSong-Light"


@dataclass(frozen=True)
class Section:
    heading: str
    lines: list[str]


def _party_line(party: dict[str, object]) -> str:
    parts = [f"{party.get('role') or '当事人'}：{party.get('name')}"]
    for key, label in (
        ("gender", ""),
        ("ethnicity", ""),
        ("birth_date", "出生日期"),
        ("nationality", "国籍"),
        ("id_number", "证件号码"),
        ("address", "住址"),
        ("phone", "联系电话"),
        ("representative", "代理人"),
    ):
        value = party.get(key)
        if value:
            parts.append(f"{label}{value}" if label else str(value))
    return "，".join(parts)


def _when(moment: object) -> str:
    return f"{timezone.localtime(moment):%Y年%m月%d日 %H:%M}" if moment else ""  # type: ignore[arg-type]


def agreement_sections(agreement: Agreement) -> tuple[str, str, list[Section]]:
    """(title, number line, sections): the document's content, shared by both formats."""
    oral = agreement.form == AgreementForm.ORAL
    title = "口头调解协议登记" if oral else "人民调解协议书"
    sections = [Section("当事人", [_party_line(p) for p in agreement.parties_snapshot])]
    facts = [agreement.facts] + ([f"争议事项：{agreement.issues}"] if agreement.issues else [])
    sections.append(Section("纠纷主要事实、争议事项", [x for x in facts if x]))
    if agreement.responsibilities:
        sections.append(Section("各方当事人的责任", [agreement.responsibilities]))
    sections.append(Section("经调解，当事人自愿达成如下协议", [agreement.terms]))
    performance = [agreement.performance_method] if agreement.performance_method else []
    if agreement.performance_deadline:
        performance.append(f"履行期限：{agreement.performance_deadline:%Y年%m月%d日}前")
    for item in agreement.performance_items.all():
        performance.append(f"{item.description}：{item.due_date:%Y年%m月%d日}前履行")
    if performance:
        sections.append(Section("履行方式、时限", performance))
    if agreement.translated_terms or agreement.translation_note:
        lines = []
        if agreement.translation_language:
            lines.append(f"译文语言：{language_label(agreement.translation_language)}")
        if agreement.translated_terms:
            lines.append(agreement.translated_terms)
        if agreement.interpreter_name:
            lines.append(f"翻译人员：{agreement.interpreter_name}")
        if agreement.translation_note:
            lines.append(agreement.translation_note)
        sections.append(Section("译文及说明", lines))
    if oral:
        closing = [
            "本协议为口头协议，自当事人达成协议之日起生效，由调解员记录在卷（人民调解法第二十八条、第三十条）。"
        ]
    else:
        closing = [
            "本协议经各方当事人签名、盖章或者按指印，人民调解员签名并加盖人民调解委员会印章之日起生效。",
            f"本协议一式{agreement.copies}份，当事人各执一份，人民调解委员会留存一份。",
            "当事人可以自本协议生效之日起三十日内共同向人民法院申请司法确认（人民调解法第三十三条）。",
        ]
    sections.append(Section("", closing))
    signatures = []
    for signature in agreement.signatures.all():
        if signature.signer_kind == SignerKind.PARTY:
            how = SignatureMethod(signature.method).label
            signatures.append(f"当事人：{signature.signer_name}（{how}）  {_when(signature.signed_at)}")
        elif signature.signer_kind == SignerKind.MEDIATOR:
            signatures.append(f"人民调解员：{signature.signer_name}（签名）  {_when(signature.signed_at)}")
        else:
            signatures.append(f"{signature.signer_name}（印章）  {_when(signature.signed_at)}")
    if not signatures:
        signatures = [
            "当事人（签名、盖章或按指印）："
            + "、".join(str(p.get("name")) for p in agreement.parties_snapshot)
        ]
        signatures.append(f"人民调解员（签名）：{'、'.join(agreement.mediator_names)}")
        signatures.append(f"{agreement.organisation_name}（印章）")
    sections.append(Section("签署", signatures))
    date_line = _when(agreement.effective_at)[:11] if agreement.effective_at else ""
    if date_line:
        sections.append(Section("", [f"生效日期：{date_line}"]))
    return title, f"{agreement.organisation_name}  编号：{agreement.number}", sections


def agreement_render_pdf(agreement: Agreement) -> bytes:
    from xml.sax.saxutils import escape

    from reportlab.lib.enums import TA_CENTER, TA_RIGHT
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    body = ParagraphStyle("body", fontName=FONT, fontSize=12, leading=20, wordWrap="CJK", firstLineIndent=24)
    heading = ParagraphStyle("heading", parent=body, firstLineIndent=0, spaceBefore=8)
    title_style = ParagraphStyle("title", fontName=FONT, fontSize=20, leading=28, alignment=TA_CENTER)
    number_style = ParagraphStyle("number", fontName=FONT, fontSize=10.5, leading=16, alignment=TA_RIGHT)
    title, number, sections = agreement_sections(agreement)
    story = [
        Paragraph(escape(title), title_style),
        Spacer(1, 4 * mm),
        Paragraph(escape(number), number_style),
    ]
    for section in sections:
        if section.heading:
            story.append(Paragraph(escape(f"{section.heading}："), heading))
        for line in section.lines:
            story.append(Paragraph(escape(line).replace("\n", "<br/>"), body))
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=28 * mm,
        rightMargin=26 * mm,
        topMargin=37 * mm,
        bottomMargin=35 * mm,
        title=title,
        author=agreement.organisation_name,
    )
    document.build(story)
    return buffer.getvalue()


def agreement_render_docx(agreement: Agreement) -> bytes:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Pt

    def font(run: object, size: float, bold: bool = False) -> None:
        run.font.size = Pt(size)  # type: ignore[attr-defined]
        run.font.bold = bold  # type: ignore[attr-defined]
        run.font.name = "SimSun"  # type: ignore[attr-defined]
        run._element.rPr.rFonts.set(qn("w:eastAsia"), "宋体")  # type: ignore[attr-defined]

    title, number, sections = agreement_sections(agreement)
    document = Document()
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    font(paragraph.add_run(title), 22, bold=True)
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    font(paragraph.add_run(number), 10.5)
    for section in sections:
        if section.heading:
            font(document.add_paragraph().add_run(f"{section.heading}："), 14, bold=True)
        for line in section.lines:
            paragraph = document.add_paragraph()
            paragraph.paragraph_format.first_line_indent = Pt(28)
            font(paragraph.add_run(line), 14)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
