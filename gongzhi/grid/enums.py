from django.db import models


class GridKind(models.TextChoices):
    """综合网格 (urban / rural) or 专属网格 (domain-rules §3.2)."""

    URBAN = "urban", "城镇综合网格"
    RURAL = "rural", "农村综合网格"
    DEDICATED = "dedicated", "专属网格"
    MICRO = "micro", "微网格"


class DedicatedKind(models.TextChoices):
    SCHOOL = "school", "学校"
    HOSPITAL = "hospital", "医院"
    ENTERPRISE = "enterprise", "企业"
    ORGAN = "organ", "党政机关"
    PARK = "park", "园区"
    OTHER = "other", "其他"


class GridRole(models.TextChoices):
    GRID_LEADER = "grid_leader", "网格长"
    FULL_TIME = "grid_worker_full_time", "专职网格员"
    PART_TIME = "grid_worker_part_time", "兼职网格员"
    INSTRUCTOR = "grid_instructor", "网格指导员"
    MICRO_LEADER = "micro_grid_leader", "微网格长"


# Roles that patrol and verify on site.
FIELD_ROLES = (GridRole.GRID_LEADER, GridRole.FULL_TIME, GridRole.PART_TIME, GridRole.MICRO_LEADER)


class PatrolStatus(models.TextChoices):
    OPEN = "open", "巡查中"
    DONE = "done", "已结束"


class ReportKind(models.TextChoices):
    FIX_ON_SPOT = "fix_on_spot", "即采即办"
    CASE = "case", "一般事件"


class ReportStatus(models.TextChoices):
    AWAITING_VERIFICATION = "awaiting_verification", "待核查"
    VERIFIED = "verified", "已核查办结"
    REJECTED = "rejected", "核查未通过"
    CASE_OPENED = "case_opened", "已转事项"
