from django.db import models


class KeyKind(models.TextChoices):
    PERSONAL = "personal", "个人令牌"
    APPLICATION = "application", "应用密钥"


class Scope(models.TextChoices):
    """What a token or key may do. A key acts within its user's roles; scopes narrow it further."""

    CASES_READ = "cases:read", "查看事项"
    CASES_INTAKE = "cases:intake", "登记事项"
    CASES_DECIDE = "cases:decide", "受理与分流"
    CASES_HANDLE = "cases:handle", "签收与办理"
    CASES_SUPERVISE = "cases:supervise", "督办与审批"
    ORG_READ = "org:read", "查看组织与分类"
    METRICS_READ = "metrics:read", "查看指标"
    WEBHOOKS = "webhooks", "管理回调"
    OPEN311 = "open311", "Open311 上报"
    CAMPAIGNS_READ = "campaigns:read", "查看破题攻坚"
    CAMPAIGNS_WRITE = "campaigns:write", "破题项目申报与审核"
    MARKET_WRITE = "market:write", "网上超市资源与对接"
    DELIBERATION_READ = "deliberation:read", "查看民主议事"
    DELIBERATION_WRITE = "deliberation:write", "办理民主议事"
    GRID_READ = "grid:read", "查看网格"
    GRID_WRITE = "grid:write", "网格巡查与上报"
    DRONES_READ = "drones:read", "查看无人机巡查"
    DRONES_WRITE = "drones:write", "无人机计划、识别与应急"
    MEDIATION_READ = "mediation:read", "查看人民调解"
    MEDIATION_WRITE = "mediation:write", "办理人民调解"


ALL_SCOPES: tuple[str, ...] = tuple(Scope.values)


class WebhookEvent(models.TextChoices):
    CASE_CREATED = "case.created", "事项登记"
    CASE_STATUS_CHANGED = "case.status_changed", "状态变化"
    CASE_ANSWERED = "case.answered", "事项答复"
    CASE_OVERDUE = "case.overdue", "事项超期"


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", "待发送"
    DELIVERED = "delivered", "已送达"
    RETRYING = "retrying", "重试中"
    FAILED = "failed", "失败"
