"""The unit head's annual report section (年度述职 · 破题攻坚) as Word and PDF.

One content builder, two renderers. PDF uses reportlab's built-in CID font STSong-Light, so
Chinese renders on a fresh machine with no font files; Word names 宋体 for East Asian text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from io import BytesIO
from xml.sax.saxutils import escape

from django.utils import timezone

from gongzhi.campaigns.enums import ProjectLevel, ProjectOutcome, ProjectStatus
from gongzhi.campaigns.selectors.figures import UnitReport


@dataclass
class Section:
    heading: str
    paragraphs: list[str] = field(default_factory=list)
    table: list[list[str]] = field(default_factory=list)


@dataclass
class ReportContent:
    title: str
    subtitle: str
    sections: list[Section]
    date: str


def _number(value: object) -> str:
    text = f"{value:f}" if hasattr(value, "as_tuple") else str(value)
    return text.rstrip("0").rstrip(".") if "." in text else text


def build(report: UnitReport) -> ReportContent:
    unit = report.unit.name
    led = [p for p in report.projects if p.lead_unit_id == report.unit.pk]
    joint = [p for p in report.projects if p.lead_unit_id != report.unit.pk]
    finished = [p for p in report.projects if p.status in (ProjectStatus.COMPLETED, ProjectStatus.EVALUATED)]
    solved = report.outcomes.get(ProjectOutcome.SOLVED, 0)
    county_key = sum(1 for p in led if p.level == ProjectLevel.COUNTY)
    summary = (
        f"{report.year}年，{unit}在「{report.campaign.name}」活动中牵头破题项目{len(led)}个"
        f"（其中县级重点项目{county_key}个），参与跨部门联合攻坚项目{len(joint)}个；"
        f"已验收{len(finished)}个，其中完全破题{solved}个、部分破题"
        f"{report.outcomes.get(ProjectOutcome.PARTLY_SOLVED, 0)}个。"
    )
    if report.unit_rank is not None:
        rank = (
            f"晾晒排名：本单位项目平均得分{report.unit_rank.score:.1f}分，在全县{report.units_ranked}个参与单位中"
            f"列第{report.unit_rank.rank}位"
        )
        if report.cluster_rank is not None:
            rank += f"，在{report.cluster_name}{report.cluster_units}个单位中列第{report.cluster_rank}位"
        rank += "。（得分按进度对计划、指标完成度、节点按时率计算，与项目规模无关。）"
    else:
        rank = "晾晒排名：本单位暂无已定题项目。"
    supervision = (
        f"督导与帮扶：项目共收到督导提醒{report.flags}次；提出帮扶请求{report.help_received}项，"
        f"本单位答复本单位层级的帮扶请求{report.help_answered}项。"
    )
    table = [["编号", "项目名称", "类别 / 层级", "状态 / 结果", "晾晒得分", "县排名", "评价"]]
    results: list[str] = []
    for project in report.projects:
        score = report.scores.get(project.pk)
        state = project.get_outcome_display() if project.outcome else project.get_status_display()
        table.append(
            [
                project.code,
                project.title + ("（联合）" if project.lead_unit_id != report.unit.pk else ""),
                f"{project.category.name} / {project.get_level_display()}",
                state,
                f"{score.score:.1f}" if score else "—",
                str(score.rank_county) if score else "—",
                _number(project.score) if project.score is not None else "—",
            ]
        )
        targets = "；".join(
            f"{t.name}：{_number(t.baseline)}→{_number(t.current) if t.current is not None else '未报'}"
            f"（目标{_number(t.target)}{t.unit_label}）"
            for t in project.targets.all()
        )
        milestones = list(project.milestones.all())
        on_time = sum(1 for m in milestones if m.is_on_time)
        results.append(
            f"{project.code} {project.title}（负责人{project.owner}）：{targets}。"
            f"节点{len(milestones)}个，按时完成{on_time}个。"
        )
    return ReportContent(
        title=f"{unit}{report.year}年度破题攻坚工作情况",
        subtitle=f"（单位负责人年度述职报告 · 破题攻坚部分 · {report.cluster_name}）",
        sections=[
            Section("一、总体情况", [summary, rank, supervision]),
            Section("二、项目一览", table=table),
            Section("三、破题成效", results or ["本年度暂无已定题项目。"]),
        ],
        date=timezone.localdate().strftime("%Y年%m月%d日"),
    )


def unit_report_pdf(report: UnitReport) -> bytes:
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_CENTER, TA_RIGHT
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    content = build(report)
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    base = ParagraphStyle("body", fontName="STSong-Light", fontSize=11, leading=18, wordWrap="CJK")
    cell = ParagraphStyle("cell", parent=base, fontSize=9, leading=12)
    title = ParagraphStyle("title", parent=base, fontSize=17, leading=26, alignment=TA_CENTER)
    centred = ParagraphStyle("centred", parent=base, fontSize=10, alignment=TA_CENTER)
    heading = ParagraphStyle("heading", parent=base, fontSize=13, leading=22, spaceBefore=8)
    right = ParagraphStyle("right", parent=base, alignment=TA_RIGHT)
    buffer = BytesIO()
    pdf = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=20 * mm,
        bottomMargin=18 * mm,
        title=content.title,
        author=report.unit.name,
    )
    story: list[object] = [
        Paragraph(escape(content.title), title),
        Paragraph(escape(content.subtitle), centred),
    ]
    for section in content.sections:
        story.append(Paragraph(escape(section.heading), heading))
        for paragraph in section.paragraphs:
            story.append(Paragraph(escape(paragraph), base))
        if section.table:
            table = Table(
                [[Paragraph(escape(value), cell) for value in row] for row in section.table],
                colWidths=[22 * mm, 48 * mm, 28 * mm, 22 * mm, 16 * mm, 14 * mm, 14 * mm],
                repeatRows=1,
            )
            table.setStyle(
                TableStyle(
                    [
                        ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e9eef5")),
                        ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ]
                )
            )
            story.append(table)
    story += [Spacer(1, 10 * mm), Paragraph(escape(report.unit.name), right), Paragraph(content.date, right)]
    pdf.build(story)
    return buffer.getvalue()


def unit_report_docx(report: UnitReport) -> bytes:
    from docx import Document as WordDocument
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Pt

    content = build(report)
    word = WordDocument()
    normal = word.styles["Normal"]
    normal.font.name = "SimSun"
    normal.font.size = Pt(11)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), "宋体")
    heading = word.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = heading.add_run(content.title)
    run.bold = True
    run.font.size = Pt(17)
    word.add_paragraph(content.subtitle).alignment = WD_ALIGN_PARAGRAPH.CENTER
    for section in content.sections:
        title = word.add_paragraph().add_run(section.heading)
        title.bold = True
        title.font.size = Pt(13)
        for paragraph in section.paragraphs:
            word.add_paragraph(paragraph)
        if section.table:
            table = word.add_table(rows=0, cols=len(section.table[0]))
            table.style = "Table Grid"
            for row in section.table:
                cells = table.add_row().cells
                for index, value in enumerate(row):
                    cells[index].text = value
    for line in (report.unit.name, content.date):
        word.add_paragraph(line).alignment = WD_ALIGN_PARAGRAPH.RIGHT
    buffer = BytesIO()
    word.save(buffer)
    return buffer.getvalue()
