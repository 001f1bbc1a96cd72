from __future__ import annotations

from django.db.models import Q, QuerySet

from gongzhi.core.errors import NotFound
from gongzhi.mediation.models import DisputeType, MediationOrganisation
from gongzhi.org.models import Region


def dispute_type_list(*, mediable: bool | None = None, active_only: bool = True) -> QuerySet[DisputeType]:
    qs = DisputeType.objects.all()
    if active_only:
        qs = qs.filter(is_active=True)
    if mediable is not None:
        qs = qs.filter(is_mediable=mediable)
    return qs.order_by("sort_order", "code")


def dispute_type_get(*, code: str = "", name: str = "") -> DisputeType:
    found = DisputeType.objects.filter(Q(code=code) if code else Q(name=name)).first()
    if found is None:
        raise NotFound("纠纷类型", "dispute type", detail={"code": code, "name": name})
    return found


def organisations_for_type(*, dispute_type: DisputeType, region: Region) -> list[MediationOrganisation]:
    """The active organisations that take ``dispute_type`` for a dispute located in ``region``,
    lowest level first (631: village, then town, then district).

    An organisation takes a type when its unit's function is listed for the type, or when the
    type is one of its declared specialities (studios); it must cover the region.
    """
    if not dispute_type.is_mediable:
        return []
    covering = Q(region_path=region.path)
    for ancestor_path in _ancestor_paths(region):
        covering |= Q(region_path=ancestor_path)
    takes = Q(unit__function__in=dispute_type.committee_functions) | Q(specialities=dispute_type)
    if "people_mediation" in dispute_type.committee_functions:
        takes |= Q(unit__isnull=True, org_type="peoples")
    organisations = list(
        MediationOrganisation.objects.filter(covering, takes, is_active=True)
        .select_related("unit", "host_unit", "region")
        .distinct()
    )
    rank = {"village": 0, "town": 1, "district": 2}
    organisations.sort(key=lambda o: (rank.get(o.level, 3), o.org_type != "peoples", o.code))
    return organisations


def _ancestor_paths(region: Region) -> list[str]:
    parts = region.path.split("/") if region.path else [region.code]
    return ["/".join(parts[: i + 1]) for i in range(len(parts))]
