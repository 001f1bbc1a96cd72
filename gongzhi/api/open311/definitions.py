"""Service definitions: the extra attributes some categories ask for (GeoReport v2 §2).

Keyed by category code prefix; the longest matching prefix wins, so one entry can cover a
whole branch of the catalogue. A category with no entry has ``metadata=false``.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Attribute:
    code: str
    datatype: str  # string | number | datetime | text | singlevaluelist | multivaluelist
    description: str
    required: bool = False
    variable: bool = True
    datatype_description: str = ""
    values: tuple[tuple[str, str], ...] = field(default_factory=tuple)

    def as_dict(self, order: int) -> dict[str, object]:
        data: dict[str, object] = {
            "variable": self.variable,
            "code": self.code,
            "datatype": self.datatype,
            "required": self.required,
            "datatype_description": self.datatype_description or None,
            "order": order,
            "description": self.description,
        }
        if self.values:
            data["values"] = [{"key": key, "name": name} for key, name in self.values]
        return data


YES_NO = (("yes", "是"), ("no", "否"))

DEFINITIONS: dict[str, tuple[Attribute, ...]] = {
    # 城乡建设 / 安全生产 / 安全隐患
    "010103": (
        Attribute(
            "hazard_level",
            "singlevaluelist",
            "隐患程度 (how serious is the hazard)",
            required=True,
            values=(("general", "一般"), ("major", "较大"), ("severe", "重大")),
        ),
    ),
    # 城乡建设 / 城乡规划 / 违章建筑
    "010302": (
        Attribute(
            "building_state",
            "singlevaluelist",
            "建筑状态 (under construction or finished)",
            required=True,
            values=(("under_construction", "在建"), ("completed", "已建成")),
        ),
        Attribute("floors", "number", "层数 (number of storeys)", datatype_description="1–200"),
    ),
    # 环境保护 / 环境污染
    "0402": (
        Attribute(
            "is_ongoing", "singlevaluelist", "污染是否仍在持续 (is it still going on)", True, values=YES_NO
        ),
        Attribute(
            "observed_at",
            "datetime",
            "发现时间 (when it was seen)",
            datatype_description="ISO 8601, e.g. 2026-11-30T09:00:00+08:00",
        ),
        Attribute(
            "sources",
            "multivaluelist",
            "污染来源 (sources)",
            values=(("factory", "工厂"), ("construction", "工地"), ("vehicle", "车辆"), ("other", "其他")),
        ),
    ),
}


def attributes_for(code: str) -> tuple[Attribute, ...]:
    for length in range(len(code), 0, -1):
        found = DEFINITIONS.get(code[:length])
        if found is not None:
            return found
    return ()
