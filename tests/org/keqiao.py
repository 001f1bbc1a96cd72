"""Codes of the Keqiao regions the organisation and routing tests use, and a loader guard."""

from __future__ import annotations

from gongzhi.org import selectors as org_selectors
from gongzhi.org import services as org_services
from gongzhi.org.models import Region, Unit

DISTRICT = "330603000000"  # 柯桥区
KEQIAO_STREET = "330603001000"  # 柯桥街道
GUANSHU = "330603001008"  # 柯桥街道管墅社区居委会
PINGSHUI = "330603105000"  # 平水镇
WANGHUA = "330603105210"  # 平水镇王化村委会


def ensure_keqiao_org() -> None:
    """Load the divisions and default units unless the session already has (the root conftest does)."""
    if not Unit.objects.filter(code=f"{DISTRICT}-centre").exists():
        org_services.divisions_import()
        org_services.units_load_defaults()


def region(code: str) -> Region:
    return org_selectors.region_get(code=code)


def unit(code: str) -> Unit:
    return org_selectors.unit_get(code=code)
