"""答复质量: checking a reply against the request before it is sent.

Three questions, each shown to the handler with what is missing:

1. **Relevance** — does the reply talk about what was asked? The request's ten key terms
   (TF-IDF against jieba's bundled IDF table) are looked up in the reply; the score is the
   weighted share found. Calibrated on real request/reply pairs against the same replies given
   to other requests (known irrelevant), see docs/routing.md; below ``RELEVANCE_MIN`` it is flagged.
2. **Completeness** — what was done (an action: 经调查/已责令/已修复 …), by whom (a named
   body: …局, …街道, …公司), when (a date in the body, or a dated plan), on what basis
   (《…》, 根据…规定, 第…条) and a contact (a phone number, 联系电话). Each missing item is listed;
   "what was done" missing flags the reply, the others flag it when four or more are missing.
3. **Timeliness** — replied within the case's deadline (``due_at``), or within
   ``ANSWER_DUE_DAYS`` of registration when the case has none.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from functools import lru_cache
from typing import Any

from gongzhi.routing.conf import routing_int

RELEVANCE_MIN = 0.1
KEY_TERMS = 10
MAX_MISSING = 4

ACTION = re.compile(
    r"经(?:过)?(?:调查|核实|核查|查|了解|研究|协调|现场)|已(?:经)?(?:安排|责令|要求|督促|协调|完成|处理|整改|"
    r"修复|清理|维修|落实|处罚|立案|拆除|联系|约谈|发放|办理|纳入|启动|组织|派|对)|"
    r"(?:进行了|开展了|组织了|召开了|实地|现场)(?:调查|核实|检查|查看|勘察|处理|协调|会议)?|"
    r"(?:下一步|将|拟)(?:继续|加强|督促|安排|组织)|责令|整改|查处|处罚|维修|修复|清理|答复如下|回复如下"
)
WHO = re.compile(
    r"[\u4e00-\u9fff]{1,12}(?:局|委员会|委|办公室|管理处|办|街道办事处|街道|镇政府|镇|乡|公司|中心|"
    r"所|大队|中队|支队|站|医院|学校|社区|村委会|居委会|集团|部门|政府)|我(?:局|委|办|单位|中心|公司|所|院|校|司|部门)"
)
CONCRETE_DATE = re.compile(
    r"\d{4}\s*年\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?|\d{1,2}\s*月\s*\d{1,2}\s*日|\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|"
    r"\d{1,2}\s*月(?:底|中旬|上旬|下旬|初)|(?:年底|月底|本周|近日|日前)(?:前)?"
)
BASIS = re.compile(
    r"《[^》]{2,40}》|(?:依据|根据|按照|依照|遵照)[^，。；]{0,40}?(?:规定|条例|办法|法|政策|文件|标准|意见|通知|细则|精神|要求)|"
    r"第[一二三四五六七八九十百零〇\d]+条"
)
CONTACT = re.compile(
    r"(?:电话|联系方式|咨询|热线|联系人|手机)[^，。；]{0,12}?(?:0\d{2,3}[-－—\s]?)?\d{7,8}|1[3-9]\d{9}|"
    r"0\d{2,3}[-－—]\d{7,8}|12345|(?:联系电话|咨询电话)"
)


@dataclass(frozen=True)
class Check:
    code: str
    label: str
    ok: bool
    detail: str = ""


@dataclass
class AnswerCheck:
    relevance: float
    key_terms: list[str]
    missing_terms: list[str]
    checks: list[Check] = field(default_factory=list)
    is_flagged: bool = False
    reasons: list[str] = field(default_factory=list)

    @property
    def missing(self) -> list[str]:
        """The labels of the failed checks, for the handler."""
        return [check.label for check in self.checks if not check.ok]

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "missing": self.missing}


@lru_cache(maxsize=1)
def _keywords() -> Any:
    import logging

    import jieba
    import jieba.analyse

    jieba.setLogLevel(logging.WARNING)
    return jieba.analyse.extract_tags


def key_terms(text: str, top: int = KEY_TERMS) -> list[tuple[str, float]]:
    """The request's key terms with their TF-IDF weights (jieba's bundled IDF)."""
    terms = _keywords()(text or "", topK=top * 2, withWeight=True)
    kept = [
        (t, float(w))
        for t, w in terms
        if len(t) >= 2 and not t.isdigit() and not re.fullmatch(r"[A-Za-z]\d*", t)
    ]
    return kept[:top]


def relevance(request: str, reply: str) -> tuple[float, list[str], list[str]]:
    """(weighted share of the request's key terms found in the reply, the terms, those missing)."""
    terms = key_terms(request)
    if not terms:
        return 1.0, [], []
    total = sum(w for _, w in terms) or 1.0
    found = sum(w for t, w in terms if t in reply)
    return round(found / total, 3), [t for t, _ in terms], [t for t, _ in terms if t not in reply]


def _body(reply: str) -> str:
    """The reply without its closing date line (a signature date says nothing about the work)."""
    text = reply.strip()
    tail = CONCRETE_DATE.search(text[-16:]) if len(text) > 16 else None
    return text[: len(text) - 16 + tail.start()] if tail else text


def answer_check(
    *,
    request: str,
    reply: str,
    requested_at: datetime | None = None,
    replied_at: datetime | None = None,
    due_at: datetime | None = None,
) -> AnswerCheck:
    """Check ``reply`` against ``request``; see the module docstring for the rules."""
    score, terms, missing_terms = relevance(request, reply)
    body = _body(reply)
    checks = [
        Check(
            "relevance",
            "切题（回应所问）",
            score >= RELEVANCE_MIN,
            f"关键词覆盖 {score:.0%}，未提及：{'、'.join(missing_terms[:5])}",
        ),
        Check("action", "办理情况（做了什么）", bool(ACTION.search(body))),
        Check("who", "办理单位（谁办的）", bool(WHO.search(body))),
        Check("when", "办理时间（何时办、何时完成）", bool(CONCRETE_DATE.search(body))),
        Check("basis", "政策法规依据", bool(BASIS.search(reply))),
        Check("contact", "联系方式", bool(CONTACT.search(reply))),
    ]
    if replied_at is not None and (due_at is not None or requested_at is not None):
        if due_at is not None:
            deadline = due_at
        else:
            assert requested_at is not None  # noqa: S101 (narrowed by the condition above)
            deadline = requested_at + timedelta(days=routing_int("ANSWER_DUE_DAYS", 30))
        late = replied_at > deadline
        days = (replied_at - requested_at).days if requested_at else None
        checks.append(Check("timely", "按期答复", not late, f"用时 {days} 天" if days is not None else ""))
    reasons: list[str] = []
    by_code = {check.code: check for check in checks}
    if not by_code["relevance"].ok:
        reasons.append("relevance")
    if not by_code["action"].ok:
        reasons.append("no_action")
    completeness_missing = [
        c.code for c in checks if c.code in {"action", "who", "when", "basis", "contact"} and not c.ok
    ]
    if len(completeness_missing) >= MAX_MISSING:
        reasons.append("incomplete")
    if "timely" in by_code and not by_code["timely"].ok:
        reasons.append("late")
    return AnswerCheck(
        relevance=score,
        key_terms=terms,
        missing_terms=missing_terms,
        checks=checks,
        is_flagged=bool(reasons),
        reasons=reasons,
    )
