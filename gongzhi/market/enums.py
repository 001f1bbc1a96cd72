"""The market's kinds and statuses: a stable English code and the Chinese label people see."""

from decimal import Decimal

from django.db import models

# 1 亩 = 10000/15 m² (666.67 m²): deals are summed in m² whatever was let.
SQUARE_METRES_PER_MU = Decimal(10000) / Decimal(15)


class EnterpriseKind(models.TextChoices):
    ENTERPRISE = "enterprise", "企业"
    GOVERNMENT = "government", "县属平台（政府）"


class Industry(models.TextChoices):
    """Broad industries of a county's industrial land (after GB/T 4754 manufacturing groups)."""

    TEXTILES = "textiles", "纺织"
    PRINTING_DYEING = "printing_dyeing", "印染"
    GARMENTS = "garments", "服装服饰"
    CHEMICAL_FIBRE = "chemical_fibre", "化纤"
    CHEMICALS = "chemicals", "化工"
    NEW_MATERIALS = "new_materials", "新材料"
    MACHINERY = "machinery", "机械装备"
    ELECTRONICS = "electronics", "电子信息"
    BIOMEDICINE = "biomedicine", "生物医药"
    FOOD = "food", "食品加工"
    LOGISTICS = "logistics", "仓储物流"
    OTHER = "other", "其他"


class ListingKind(models.TextChoices):
    IDLE_LAND = "idle_land", "闲置土地"
    FACTORY_SPACE = "factory_space", "闲置厂房"


class DealMode(models.TextChoices):
    TRANSFER = "transfer", "转让"
    RENT = "rent", "出租"


class DemandMode(models.TextChoices):
    TRANSFER = "transfer", "购买/受让"
    RENT = "rent", "租赁"
    EITHER = "either", "均可"


class LandUse(models.TextChoices):
    INDUSTRIAL = "industrial", "工业用地"
    WAREHOUSING = "warehousing", "仓储用地"
    COMMERCIAL = "commercial", "商服用地"


class ListingStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    PENDING = "pending", "待核验"
    REJECTED = "rejected", "核验未通过"
    AVAILABLE = "available", "可对接"
    NEGOTIATING = "negotiating", "洽谈中"
    LET = "let", "已出租/转让"
    WITHDRAWN = "withdrawn", "已撤回"


# A published listing is one the economic bureau verified and that is still on the market.
PUBLISHED_STATUSES = (ListingStatus.AVAILABLE, ListingStatus.NEGOTIATING)
# Verified listings count in the market's figures (their area was offered), withdrawn ones do not.
VERIFIED_STATUSES = (ListingStatus.AVAILABLE, ListingStatus.NEGOTIATING, ListingStatus.LET)


class DemandStatus(models.TextChoices):
    OPEN = "open", "待匹配"
    MATCHED = "matched", "对接中"
    LANDED = "landed", "已落地"
    CLOSED = "closed", "已关闭"


OPEN_DEMAND_STATUSES = (DemandStatus.OPEN, DemandStatus.MATCHED)


class ContactChannel(models.TextChoices):
    SITE_VISIT = "site_visit", "实地踏勘"
    MEETING = "meeting", "洽谈会"
    PHONE = "phone", "电话沟通"
    ONLINE = "online", "线上对接"


class ContactOutcome(models.TextChoices):
    INTERESTED = "interested", "有意向"
    NEGOTIATING = "negotiating", "洽谈中"
    NOT_SUITABLE = "not_suitable", "不合适"
    AGREED = "agreed", "达成意向"


class ReasonCode(models.TextChoices):
    AREA = "area", "面积"
    INDUSTRY = "industry", "产业准入"
    PRICE = "price", "价格"
    DISTANCE = "distance", "区位"
    MODE = "mode", "方式"
    POWER = "power", "配套"
