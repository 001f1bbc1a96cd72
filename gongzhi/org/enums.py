from django.db import models


class RegionLevel(models.TextChoices):
    DISTRICT = "district", "区县"
    TOWN = "town", "镇街"
    VILLAGE = "village", "村社"
    GRID = "grid", "网格"
    MICRO_GRID = "micro_grid", "微网格"


# The three levels at which governance centres handle cases ("631").
HANDLING_LEVELS = (RegionLevel.VILLAGE, RegionLevel.TOWN, RegionLevel.DISTRICT)


class UnitKind(models.TextChoices):
    CENTRE = "centre", "社会治理中心"
    FUNCTION_BOARD = "function_board", "功能板块"
    DEPARTMENT = "department", "入驻部门"
    STATION = "station", "站所"
    MEDIATION_COMMITTEE = "mediation_committee", "调解委员会"
    OTHER = "other", "其他机关"


class Role(models.TextChoices):
    INTAKE_CLERK = "intake_clerk", "窗口受理"
    DISPATCHER = "dispatcher", "分流"
    HANDLER = "handler", "承办"
    LIAISON = "liaison", "联络员"
    UNIT_HEAD = "unit_head", "单位负责人"
    SUPERVISOR = "supervisor", "督办"
    CENTRE_LEADER = "centre_leader", "中心领导"
    MEDIATOR = "mediator", "调解员"
    GRID_WORKER = "grid_worker", "网格员"
    ADMINISTRATOR = "administrator", "管理员"


class DutyKind(models.TextChoices):
    LEADER_ON_DUTY = "leader_on_duty", "班子领导轮值"
    RECEPTION_DAY = "reception_day", "书记接访日"
