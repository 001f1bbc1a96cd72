from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Comparison(models.TextChoices):
    """How a count is compared with its share (民法典 art. 1259)."""

    AT_LEAST = "at_least", _("以上（含本数）")
    MORE_THAN = "more_than", _("过半数/超过（不含本数）")


class Basis(models.TextChoices):
    """The denominator a rule counts against."""

    ENTITLED = "entitled", _("应到人数")
    PRESENT = "present", _("实到人数")


class Membership(models.TextChoices):
    """Whose number is a body's 应到 (taken from the village register when it has entries)."""

    PARTY_COMMITTEE = "party_committee", _("村党组织委员")
    TWO_COMMITTEES = "two_committees", _("村两委成员")
    PARTY_MEMBERS = "party_members", _("党员")
    REPRESENTATIVES = "representatives", _("村民代表会议组成人员（代表与村委会成员）")
    ADULT_VILLAGERS = "adult_villagers", _("年满十八周岁的村民")
    TEAM = "team", _("议事团成员")
    ENTERED = "entered", _("按实填报（如经济合作社社员）")


class StepKind(models.TextChoices):
    MEETING = "meeting", _("会议")
    PUBLICATION = "publication", pgettext_lazy("step kind", "公开")


class PublicationKind(models.TextChoices):
    DECISION = "decision", _("决议公开")
    RESULT = "result", _("实施结果公开")
    OTHER = "other", _("其他公示")


class VillageRoleKind(models.TextChoices):
    REPRESENTATIVE = "representative", pgettext_lazy("village role", "村民代表")
    PARTY_MEMBER = "party_member", _("党员")
    PARTY_COMMITTEE = "party_committee", _("村党组织委员")
    VILLAGE_COMMITTEE = "village_committee", _("村民委员会成员")
    SUPERVISION = "supervision", _("村务监督委员会成员")
    CLERK = "clerk", _("村文书")
    BOOKKEEPER = "bookkeeper", _("报账员")
    COMMUNITY_POLICE = "community_police", _("社区民警")
    LEGAL_ADVISER = "legal_adviser", _("村法律顾问")


class ExpertField(models.TextChoices):
    ENGINEERING = "engineering", _("工程")
    FINANCE = "finance", _("财务")
    LAW = "law", _("法律")
    LAND = "land", _("土地规划")
    AGRICULTURE = "agriculture", _("农业")


class MemberBasis(models.TextChoices):
    """Why someone is on a deliberation team."""

    VILLAGE_COMMITTEE = "village_committee", _("村委会成员")
    PARTY_COMMITTEE = "party_committee", _("村党组织委员")
    SUPERVISION = "supervision", _("村务监督委员会成员")
    REPRESENTATIVE = "representative", pgettext_lazy("village role", "村民代表")
    PARTY_MEMBER = "party_member", _("党员")
    COMMUNITY_POLICE = "community_police", _("社区民警")
    EXPERT = "expert", pgettext_lazy("team member basis", "专家")
    VILLAGER = "villager", _("村民（利益相关方）")


class MemberStatus(models.TextChoices):
    ACTIVE = "active", _("在任")
    EXCLUDED = "excluded", _("回避排除")
    WITHDRAWN = "withdrawn", _("主动回避")


class MatterStatus(models.TextChoices):
    OPEN = "open", _("议事中")
    DECIDED = "decided", _("已决议")
    REJECTED = "rejected", _("未通过")
    COMPLETED = "completed", _("已完成")
    WITHDRAWN = "withdrawn", _("已撤回")


class StepStatus(models.TextChoices):
    PENDING = "pending", _("未开始")
    PASSED = "passed", _("已通过")
    FAILED = "failed", _("未通过")


class SessionOutcome(models.TextChoices):
    PASSED = "passed", _("通过")
    NO_QUORUM = "no_quorum", _("未达法定人数（流会）")
    REJECTED = "rejected", _("表决未通过")


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", pgettext_lazy("attendance", "出席")
    EXCUSED = "excused", _("请假")
    ABSENT = "absent", _("无故缺席")


class TenderStatus(models.TextChoices):
    OPEN = "open", _("报名中")
    AWARDED = "awarded", _("已定标")
    CANCELLED = "cancelled", _("已取消")


class BidderRole(models.TextChoices):
    INDIVIDUAL = "individual", _("个人投标人")
    LEGAL_REPRESENTATIVE = "legal_representative", _("法定代表人")
    SHAREHOLDER = "shareholder", _("股东/出资人")
    MANAGER = "manager", _("项目负责人")
    ACTUAL_CONTROLLER = "actual_controller", _("实际控制人")


class ObjectionStatus(models.TextChoices):
    OPEN = "open", _("待答复")
    ANSWERED = "answered", _("已答复")


class NoticeKind(models.TextChoices):
    OBJECTION_REMINDER = "objection_reminder", _("异议答复期限提醒")
    OBJECTION_OVERDUE = "objection_overdue", _("异议答复已超期")
