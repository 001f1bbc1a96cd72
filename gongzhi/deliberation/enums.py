from django.db import models


class Comparison(models.TextChoices):
    """How a count is compared with its share (民法典 art. 1259)."""

    AT_LEAST = "at_least", "以上（含本数）"
    MORE_THAN = "more_than", "过半数/超过（不含本数）"


class Basis(models.TextChoices):
    """The denominator a rule counts against."""

    ENTITLED = "entitled", "应到人数"
    PRESENT = "present", "实到人数"


class Membership(models.TextChoices):
    """Whose number is a body's 应到 (taken from the village register when it has entries)."""

    PARTY_COMMITTEE = "party_committee", "村党组织委员"
    TWO_COMMITTEES = "two_committees", "村两委成员"
    PARTY_MEMBERS = "party_members", "党员"
    REPRESENTATIVES = "representatives", "村民代表会议组成人员（代表与村委会成员）"
    ADULT_VILLAGERS = "adult_villagers", "年满十八周岁的村民"
    TEAM = "team", "议事团成员"
    ENTERED = "entered", "按实填报（如经济合作社社员）"


class StepKind(models.TextChoices):
    MEETING = "meeting", "会议"
    PUBLICATION = "publication", "公开"


class PublicationKind(models.TextChoices):
    DECISION = "decision", "决议公开"
    RESULT = "result", "实施结果公开"
    OTHER = "other", "其他公示"


class VillageRoleKind(models.TextChoices):
    REPRESENTATIVE = "representative", "村民代表"
    PARTY_MEMBER = "party_member", "党员"
    PARTY_COMMITTEE = "party_committee", "村党组织委员"
    VILLAGE_COMMITTEE = "village_committee", "村民委员会成员"
    SUPERVISION = "supervision", "村务监督委员会成员"
    CLERK = "clerk", "村文书"
    BOOKKEEPER = "bookkeeper", "报账员"
    COMMUNITY_POLICE = "community_police", "社区民警"
    LEGAL_ADVISER = "legal_adviser", "村法律顾问"


class ExpertField(models.TextChoices):
    ENGINEERING = "engineering", "工程"
    FINANCE = "finance", "财务"
    LAW = "law", "法律"
    LAND = "land", "土地规划"
    AGRICULTURE = "agriculture", "农业"


class MemberBasis(models.TextChoices):
    """Why someone is on a deliberation team."""

    VILLAGE_COMMITTEE = "village_committee", "村委会成员"
    PARTY_COMMITTEE = "party_committee", "村党组织委员"
    SUPERVISION = "supervision", "村务监督委员会成员"
    REPRESENTATIVE = "representative", "村民代表"
    PARTY_MEMBER = "party_member", "党员"
    COMMUNITY_POLICE = "community_police", "社区民警"
    EXPERT = "expert", "专家"
    VILLAGER = "villager", "村民（利益相关方）"


class MemberStatus(models.TextChoices):
    ACTIVE = "active", "在任"
    EXCLUDED = "excluded", "回避排除"
    WITHDRAWN = "withdrawn", "主动回避"


class MatterStatus(models.TextChoices):
    OPEN = "open", "议事中"
    DECIDED = "decided", "已决议"
    REJECTED = "rejected", "未通过"
    COMPLETED = "completed", "已完成"
    WITHDRAWN = "withdrawn", "已撤回"


class StepStatus(models.TextChoices):
    PENDING = "pending", "未开始"
    PASSED = "passed", "已通过"
    FAILED = "failed", "未通过"


class SessionOutcome(models.TextChoices):
    PASSED = "passed", "通过"
    NO_QUORUM = "no_quorum", "未达法定人数（流会）"
    REJECTED = "rejected", "表决未通过"


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", "出席"
    EXCUSED = "excused", "请假"
    ABSENT = "absent", "无故缺席"


class TenderStatus(models.TextChoices):
    OPEN = "open", "报名中"
    AWARDED = "awarded", "已定标"
    CANCELLED = "cancelled", "已取消"


class BidderRole(models.TextChoices):
    INDIVIDUAL = "individual", "个人投标人"
    LEGAL_REPRESENTATIVE = "legal_representative", "法定代表人"
    SHAREHOLDER = "shareholder", "股东/出资人"
    MANAGER = "manager", "项目负责人"
    ACTUAL_CONTROLLER = "actual_controller", "实际控制人"


class ObjectionStatus(models.TextChoices):
    OPEN = "open", "待答复"
    ANSWERED = "answered", "已答复"


class NoticeKind(models.TextChoices):
    OBJECTION_REMINDER = "objection_reminder", "异议答复期限提醒"
    OBJECTION_OVERDUE = "objection_overdue", "异议答复已超期"
