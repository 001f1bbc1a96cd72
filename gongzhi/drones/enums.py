from django.db import models


class DockStatus(models.TextChoices):
    IDLE = "idle", "空闲"
    IN_MISSION = "in_mission", "作业中"
    MAINTENANCE = "maintenance", "维护中"
    WEATHER_HOLD = "weather_hold", "天气停飞"


class ZoneKind(models.TextChoices):
    NO_FLY = "no_fly", "禁飞区"
    RESTRICTED = "restricted", "限飞区"


class ZoneSource(models.TextChoices):
    AIRPORT = "airport", "机场净空区"
    PRISON = "prison", "监管场所"
    POWER = "power", "电厂/变电站"
    EXPRESSWAY = "expressway", "高速公路"
    RAILWAY = "railway", "电气化铁路"
    WATER = "water", "饮用水源保护区"
    MILITARY = "military", "军事设施"
    EVENT = "event", "临时管制（大型活动）"
    OTHER = "other", "其他"


class TargetKind(models.TextChoices):
    POINT = "point", "点"
    LINE = "line", "线（河道/道路段）"
    AREA = "area", "面（片区）"


class TaskType(models.TextChoices):
    """What a department asks a flight to look for (domain-rules §6.3)."""

    ILLEGAL_BUILDING = "illegal_building", "违章建筑"
    STRAW_BURNING = "straw_burning", "秸秆焚烧"
    ILLEGAL_DUMPING = "illegal_dumping", "偷倒垃圾"
    RIVER_LITTER = "river_litter", "河道垃圾"
    FOREST_FIRE = "forest_fire", "森林防火"
    STREET_VENDING = "street_vending", "占道经营"
    CONSTRUCTION_DUST = "construction_dust", "施工扬尘"
    ILLEGAL_LAND_USE = "illegal_land_use", "违法用地"
    FIRE_LANE = "fire_lane", "消防通道占用"
    OTHER = "other", "其他"


class Frequency(models.TextChoices):
    DAILY = "daily", "每日"
    WEEKDAYS = "weekdays", "工作日"
    WEEKLY = "weekly", "每周"
    ONCE = "once", "一次"


class RequestStatus(models.TextChoices):
    ACTIVE = "active", "执行中"
    PAUSED = "paused", "暂停"
    ENDED = "ended", "已结束"


class PlanStatus(models.TextChoices):
    DRAFT = "draft", "草案"
    APPROVED = "approved", "已批准"


class FlightStatus(models.TextChoices):
    PLANNED = "planned", "计划"
    IN_FLIGHT = "in_flight", "飞行中"
    COMPLETED = "completed", "已完成"
    CANCELLED = "cancelled", "已取消"


class FlightPurpose(models.TextChoices):
    PATROL = "patrol", "巡查"
    EMERGENCY = "emergency", "应急处突"


class DetectionSource(models.TextChoices):
    DOCK_API = "dock_api", "机场软件推送"
    PILOT_UPLOAD = "pilot_upload", "飞手上传"


class DetectionStatus(models.TextChoices):
    PENDING = "pending", "待核查"
    CONFIRMED = "confirmed", "已确认"
    FALSE_ALARM = "false_alarm", "误报"
    GROUPED = "grouped", "已归并"


class PhotoRange(models.TextChoices):
    FAR = "far", "远景"
    MIDDLE = "middle", "中景"
    NEAR = "near", "近景"


class UnservedReason(models.TextChoices):
    """Why the planner left a target out of the day's plan (each with a message)."""

    INSIDE_NO_FLY = "inside_no_fly", "位于禁飞区内"
    OUT_OF_REACH = "out_of_reach", "超出机巢作业范围或续航"
    WEATHER_HOLD = "weather_hold", "可达机巢因天气停飞"
    MAINTENANCE = "maintenance", "可达机巢维护中"
    NO_LICENSED_PILOT = "no_licensed_pilot", "可达机巢无持证在岗飞手"
    TIME_WINDOW = "time_window", "时间窗无效或与作业时段不重叠"
    INVALID_GEOMETRY = "invalid_geometry", "目标几何无效"
    NO_CAPACITY = "no_capacity", "当日架次不足"
