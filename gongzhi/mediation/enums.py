"""Statuses and kinds of the mediation module: a stable English value, the Chinese label."""

from django.db import models


class OrganisationType(models.TextChoices):
    PEOPLES = "peoples", "人民调解委员会"
    INDUSTRY = "industry", "行业专业调解委员会"
    STUDIO = "studio", "调解工作室"
    FOREIGN_RELATED = "foreign_related", "涉外调解组织"


class StudioRating(models.TextChoices):
    NONE = "", "—"
    DISTRICT = "district", "区级品牌"
    MUNICIPAL = "municipal", "市级品牌"
    PROVINCIAL = "provincial", "省级品牌"
    PROVINCIAL_GOLD = "provincial_gold", "省级金牌"


class MemberPosition(models.TextChoices):
    """人民调解法 arts. 8, 13: a committee has a chair, optional vice-chairs and members, and may
    appoint further mediators; only committee members count towards the 3–9."""

    CHAIR = "chair", "主任"
    VICE_CHAIR = "vice_chair", "副主任"
    MEMBER = "member", "委员"
    APPOINTED = "appointed", "聘任调解员"


COMMITTEE_POSITIONS = (MemberPosition.CHAIR, MemberPosition.VICE_CHAIR, MemberPosition.MEMBER)


class MediationSource(models.TextChoices):
    APPLICATION = "application", "当事人申请"
    CASE = "case", "事项转调解"
    COURT = "court", "法院委托"
    POLICE = "police", "公安委托"
    INITIATIVE = "initiative", "主动调解"
    ESCALATION = "escalation", "下级上报"


class MediationStatus(models.TextChoices):
    APPLIED = "applied", "待受理"
    IN_PROGRESS = "in_progress", "调解中"
    AGREEMENT_PENDING = "agreement_pending", "协议待签署"
    RESOLVED = "resolved", "调解成功"
    TERMINATED = "terminated", "终止调解"
    ESCALATED = "escalated", "已上报"
    NOT_ACCEPTED = "not_accepted", "不予受理"


OPEN_MEDIATION_STATUSES = (
    MediationStatus.APPLIED,
    MediationStatus.IN_PROGRESS,
    MediationStatus.AGREEMENT_PENDING,
)
DONE_MEDIATION_STATUSES = (
    MediationStatus.RESOLVED,
    MediationStatus.TERMINATED,
    MediationStatus.ESCALATED,
    MediationStatus.NOT_ACCEPTED,
)


class TerminationReason(models.TextChoices):
    PARTY_REFUSED = "party_refused", "一方当事人拒绝调解"
    PARTY_WITHDREW = "party_withdrew", "当事人要求终止调解"
    NO_AGREEMENT = "no_agreement", "经调解未能达成协议"
    TIME_LIMIT = "time_limit", "超过调解期限未达成协议"
    OTHER = "other", "其他"


class Route(models.TextChoices):
    """Where a terminated mediation points the parties (人民调解法 art. 26)."""

    ARBITRATION = "arbitration", "仲裁"
    ADMINISTRATIVE = "administrative", "行政途径"
    JUDICIAL = "judicial", "司法途径（诉讼）"


class PartyKind(models.TextChoices):
    PERSON = "person", "自然人"
    ORGANISATION = "organisation", "法人或其他组织"


class Gender(models.TextChoices):
    MALE = "male", "男"
    FEMALE = "female", "女"


class SessionStatus(models.TextChoices):
    SCHEDULED = "scheduled", "已安排"
    HELD = "held", "已召开"
    CANCELLED = "cancelled", "已取消"


class InviteeRelation(models.TextChoices):
    """人民调解法 art. 20: relatives, neighbours, colleagues, experts — with the parties' consent."""

    RELATIVE = "relative", "亲属"
    NEIGHBOUR = "neighbour", "邻里"
    COLLEAGUE = "colleague", "同事"
    EXPERT = "expert", "专业人员"
    SAGE = "sage", "乡贤"
    INTERPRETER = "interpreter", "翻译"
    OTHER = "other", "其他"


class AgreementForm(models.TextChoices):
    WRITTEN = "written", "书面调解协议"
    ORAL = "oral", "口头调解协议"


class AgreementStatus(models.TextChoices):
    DRAFT = "draft", "草拟"
    AWAITING_SIGNATURES = "awaiting_signatures", "待签署"
    EFFECTIVE = "effective", "已生效"


class SignerKind(models.TextChoices):
    PARTY = "party", "当事人"
    MEDIATOR = "mediator", "调解员"
    COMMITTEE_SEAL = "committee_seal", "调解委员会印章"


class SignatureMethod(models.TextChoices):
    SIGNATURE = "signature", "签名"
    SEAL = "seal", "盖章"
    FINGERPRINT = "fingerprint", "按指印"


class ConfirmationStatus(models.TextChoices):
    """司法确认: 30 days to apply jointly, 3 days to accept, 15 (+10) days to decide."""

    WINDOW_OPEN = "window_open", "可申请司法确认"
    APPLIED = "applied", "已申请待立案"
    ACCEPTED = "accepted", "法院已受理"
    CONFIRMED = "confirmed", "裁定有效"
    REJECTED = "rejected", "裁定驳回申请"
    NOT_ACCEPTED = "not_accepted", "法院不予受理"
    LAPSED = "lapsed", "未在期限内申请"
    WAIVED = "waived", "当事人不申请"


OPEN_CONFIRMATION_STATUSES = (
    ConfirmationStatus.WINDOW_OPEN,
    ConfirmationStatus.APPLIED,
    ConfirmationStatus.ACCEPTED,
)


class PerformanceStatus(models.TextChoices):
    PENDING = "pending", "待履行"
    PERFORMED = "performed", "已履行"
    OVERDUE = "overdue", "逾期未核实"
    NOT_PERFORMED = "not_performed", "未履行"


class NoticeKind(models.TextChoices):
    ACCEPTANCE = "acceptance", "受理通知"
    TERMINATION = "termination", "终止调解通知书"
    POLICE_REPORT = "police_report", "可能激化报告（公安）"
    DUE_REMINDER = "due_reminder", "调解期限提醒"
    CONFIRMATION_REMINDER = "confirmation_reminder", "司法确认申请期限提醒"
    COURT_OVERDUE = "court_overdue", "法院期限提醒"
    PERFORMANCE_REMINDER = "performance_reminder", "履行期限提醒"
    PERFORMANCE_OVERDUE = "performance_overdue", "履行情况回访提醒"
    ESCALATION = "escalation", "上报通知"


class NoticeStatus(models.TextChoices):
    PENDING = "pending", "待发送"
    SENT = "sent", "已发送"
    PRINTED = "printed", "待打印邮寄"
    FAILED = "failed", "发送失败"


class CaseSync(models.TextChoices):
    """What the mediation still owes its linked case (see ``services.case_link``)."""

    NONE = "", "—"
    PENDING = "pending", "待回填事项"
    DONE = "done", "已回填事项"
