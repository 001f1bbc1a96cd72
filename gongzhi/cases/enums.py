from django.db import models


class Channel(models.TextChoices):
    LETTER = "letter", "来信"
    CALL = "call", "来电"
    VISIT = "visit", "来访"
    ONLINE = "online", "网信"
    VILLAGE_REPORT = "village_report", "村社事项"
    GRID_REPORT = "grid_report", "网格上报"
    DRONE_DETECTION = "drone_detection", "无人机识别"
    API = "api", "接口"


# The five lists (五张清单) of the one window.
FIVE_LISTS = (Channel.LETTER, Channel.CALL, Channel.VISIT, Channel.ONLINE, Channel.VILLAGE_REPORT)


class CaseKind(models.TextChoices):
    PETITION = "petition", "信访"
    DISPUTE = "dispute", "矛盾纠纷"
    REQUEST = "request", "诉求"
    EVENT = "event", "事件"


class PetitionClass(models.TextChoices):
    SUGGESTION = "suggestion", "建议意见类"
    ACCUSATION = "accusation", "检举控告类"
    CLAIM = "claim", "申诉求决类"


class Urgency(models.TextChoices):
    NORMAL = "normal", "一般"
    URGENT = "urgent", "紧急"
    CRITICAL = "critical", "特急"


# 信访工作条例 art. 25: major or urgent matters are reported up; a 特急 case is reported to the
# intake centre's leaders when it is registered.
REPORTED_UP_URGENCIES = (Urgency.CRITICAL,)
# The order a queue is worked in: 特急 first, then 紧急, then the rest.
URGENCY_ORDER = (Urgency.CRITICAL, Urgency.URGENT, Urgency.NORMAL)


class CaseStatus(models.TextChoices):
    REGISTERED = "registered", "待受理"
    DISPATCHED = "dispatched", "待签收"
    RETURNED = "returned", "退单待审定"
    IN_PROGRESS = "in_progress", "办理中"
    REPLIED = "replied", "已答复"
    CLOSED = "closed", "已办结"
    UNDER_REVIEW = "under_review", "复查/复核中"
    FINAL = "final", "已终结"
    NOT_ACCEPTED = "not_accepted", "不予受理"
    REDIRECTED = "redirected", "导入法定途径"
    TRANSFERRED_OUT = "transferred_out", "转送其他机关"
    MERGED = "merged", "已并案"


OPEN_STATUSES = (
    CaseStatus.REGISTERED,
    CaseStatus.DISPATCHED,
    CaseStatus.RETURNED,
    CaseStatus.IN_PROGRESS,
    CaseStatus.UNDER_REVIEW,
)
DONE_STATUSES = (CaseStatus.REPLIED, CaseStatus.CLOSED, CaseStatus.FINAL)
# Statuses in which the handling deadline (due_at) is running.
HANDLING_STATUSES = (CaseStatus.DISPATCHED, CaseStatus.RETURNED, CaseStatus.IN_PROGRESS)


class StatutoryRoute(models.TextChoices):
    LITIGATION = "litigation", "诉讼"
    ARBITRATION = "arbitration", "仲裁"
    ADMINISTRATIVE_RECONSIDERATION = "administrative_reconsideration", "行政复议"
    ADMINISTRATIVE_RULING = "administrative_ruling", "行政裁决"
    ADMINISTRATIVE_LICENSING = "administrative_licensing", "行政许可/确认/给付"
    PROCURATORATE = "procuratorate", "检察监督"
    POLICE = "police", "公安程序"
    DISCIPLINE = "discipline", "纪检监察"


class ReturnReason(models.TextChoices):
    WRONG_LOCALITY = "wrong_locality", "属地不符"
    UNCLEAR_AUTHORITY = "unclear_authority", "权属不清"
    OVERLAPPING_FUNCTIONS = "overlapping_functions", "职能交叉"
    OTHER = "other", "其他"


class ArbitrationOutcome(models.TextChoices):
    """How a request for arbitration (申请审定) ended."""

    REASSIGNED = "reassigned", "改由他单位承办"
    REFUSED = "refused", "维持原承办单位"
    SUPERSEDED = "superseded", "事项已另行分派"


class AssignmentRole(models.TextChoices):
    LEAD = "lead", "牵头"
    CO = "co", "协办"


class AssignmentStatus(models.TextChoices):
    PENDING = "pending", "待签收"
    IN_PROGRESS = "in_progress", "办理中"
    ANSWERED = "answered", "已反馈"
    RETURNED = "returned", "已退回"
    CANCELLED = "cancelled", "已撤销"


class ExtensionStatus(models.TextChoices):
    REQUESTED = "requested", "待审批"
    APPROVED = "approved", "已批准"
    REJECTED = "rejected", "已驳回"


class ReplyOutcome(models.TextChoices):
    SUPPORT = "support", "支持"
    EXPLAIN = "explain", "解释说明"
    NOT_SUPPORT = "not_support", "不予支持"


class Rating(models.TextChoices):
    SATISFIED = "satisfied", "满意"
    BASICALLY_SATISFIED = "basically_satisfied", "基本满意"
    DISSATISFIED = "dissatisfied", "不满意"


class RatingSource(models.TextChoices):
    """Who gave a rating: the reporter themselves, or staff recording it at a 回访."""

    CITIZEN = "citizen", "群众自评"
    FOLLOW_UP = "follow_up", "回访"


class ReviewKind(models.TextChoices):
    REVIEW = "review", "复查"
    RE_REVIEW = "re_review", "复核"


class WarningLevel(models.TextChoices):
    GREEN = "green", "绿灯"
    YELLOW = "yellow", "黄灯"
    RED = "red", "红灯"


class NoticeKind(models.TextChoices):
    RECEIPT = "receipt", "受理回执"
    ACCEPTED = "accepted", "受理告知书"
    NOT_ACCEPTED = "not_accepted", "不予受理告知书"
    REDIRECTED = "redirected", "导入法定途径告知书"
    TRANSFERRED = "transferred", "转送告知书"
    EXTENSION = "extension", "延期告知书"
    REPLY = "reply", "信访处理意见书"
    FOLLOW_UP = "follow_up", "回访"
    REVIEW_OPINION = "review_opinion", "复查/复核意见书"
    REMINDER = "reminder", "催办通知"
    SUPERVISION = "supervision", "督办通知"


class NoticeStatus(models.TextChoices):
    PENDING = "pending", "待发送"
    SENT = "sent", "已发送"
    PRINTED = "printed", "待打印邮寄"
    FAILED = "failed", "发送失败"


class RecusalChannel(models.TextChoices):
    """How a petitioner's application for recusal (申请回避) reached the case (浙江省信访条例 art. 9)."""

    TRACKING = "tracking", "查询码自助申请"
    WINDOW = "window", "窗口代为申请"
    REPORTER = "reporter", "信访人账号申请"
