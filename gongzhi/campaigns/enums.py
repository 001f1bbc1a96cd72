"""The campaign's kinds and statuses: a stable English code and the Chinese label people see."""

from django.db import models


class CampaignStatus(models.TextChoices):
    ACTIVE = "active", "进行中"
    CLOSED = "closed", "已结束"


class CampaignRole(models.TextChoices):
    """Campaign roles that the organisation does not already name (unit heads and section chiefs
    are read from the units' memberships)."""

    ORGANISER = "organiser", "组织部（活动办）"
    COORDINATOR = "coordinator", "片组联络员"
    LEADER = "leader", "县领导"


class ProjectLevel(models.TextChoices):
    UNIT = "unit", "单位项目"
    CLUSTER = "cluster", "片组项目"
    COUNTY = "county", "县级重点项目"


# The three categories of 百名科长破百难; each campaign gets its own copy and may change them.
DEFAULT_CATEGORIES: tuple[tuple[str, str], ...] = (
    ("economic_development", "经济发展"),
    ("livelihood", "民生实事"),
    ("grassroots_governance", "基层治理"),
)


class ProjectStatus(models.TextChoices):
    DRAFT = "draft", "选题草拟"
    UNIT_REVIEW = "unit_review", "待单位审核"
    CLUSTER_REVIEW = "cluster_review", "待片组审核"
    DEFINITION = "definition", "待定题"
    RETURNED = "returned", "退回修改"
    SOLVING = "solving", "破题中"
    COMPLETION_REVIEW = "completion_review", "待验收"
    COMPLETED = "completed", "已验收待评价"
    EVALUATED = "evaluated", "已评价"
    WITHDRAWN = "withdrawn", "已撤回"


# Statuses in which a project's topic is still being proposed and reviewed (选题 → 定题).
PROPOSAL_STATUSES = (
    ProjectStatus.DRAFT,
    ProjectStatus.UNIT_REVIEW,
    ProjectStatus.CLUSTER_REVIEW,
    ProjectStatus.DEFINITION,
    ProjectStatus.RETURNED,
)
# Statuses of a defined project (定题 done): these are ranked and counted.
DEFINED_STATUSES = (
    ProjectStatus.SOLVING,
    ProjectStatus.COMPLETION_REVIEW,
    ProjectStatus.COMPLETED,
    ProjectStatus.EVALUATED,
)
FINISHED_STATUSES = (ProjectStatus.COMPLETED, ProjectStatus.EVALUATED)


class ProjectOutcome(models.TextChoices):
    SOLVED = "solved", "已破题"
    PARTLY_SOLVED = "partly_solved", "部分破题"
    NOT_SOLVED = "not_solved", "未破题"


class TargetDirection(models.TextChoices):
    INCREASE = "increase", "越大越好"
    DECREASE = "decrease", "越小越好"


class EvidenceKind(models.TextChoices):
    DOCUMENT = "document", "文件"
    PHOTO = "photo", "照片"
    LINK = "link", "链接"
    NOTE = "note", "说明"


class FlagKind(models.TextChoices):
    MISSED_MILESTONE = "missed_milestone", "节点超期"
    NO_REPORT = "no_report", "本月未报进度"


class NoticeKind(models.TextChoices):
    REMINDER = "reminder", "督导提醒"
    ESCALATION = "escalation", "督导上报"
    HELP_REQUEST = "help_request", "帮扶请求"
    HELP_ANSWER = "help_answer", "帮扶答复"
    HELP_OVERDUE = "help_overdue", "帮扶超期"
    REVIEW = "review", "待审核"
    DECISION_DUE = "decision_due", "会议决定到期"


class NoticeStatus(models.TextChoices):
    PENDING = "pending", "待发送"
    SENT = "sent", "已发送"
    PRINTED = "printed", "待打印"
    FAILED = "failed", "发送失败"


class HelpLevel(models.TextChoices):
    UNIT = "unit", "单位"
    CLUSTER = "cluster", "片组"
    COUNTY = "county", "县领导"


class HelpStatus(models.TextChoices):
    OPEN = "open", "待答复"
    ANSWERED = "answered", "已答复"
    CLOSED = "closed", "已办结"


class MeetingKind(models.TextChoices):
    MONTHLY = "monthly", "片组月度例会"
    CASE_SHARING = "case_sharing", "案例分享会"


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", "待召开"
    HELD = "held", "已召开"


class AgendaSource(models.TextChoices):
    FLAG = "flag", "督导提醒"
    HELP = "help", "帮扶请求"
    DECISION = "decision", "上次决定"
    MILESTONE = "milestone", "近期节点"
    MANUAL = "manual", "其他议题"


class CaseStudyStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    PUBLISHED = "published", "已入库"
