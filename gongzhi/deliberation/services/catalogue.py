"""Writes to the catalogue: bodies, procedures and matter types, per default, town or village.

A row with ``region=None`` is the default; the same ``code`` with a town or village as
``region`` overrides it there. Running the default loader twice changes nothing the second time.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction

from gongzhi.core.errors import ValidationFailed
from gongzhi.deliberation import conf, defaults, events
from gongzhi.deliberation.enums import (
    Basis,
    Comparison,
    ExpertField,
    Membership,
    PublicationKind,
    StepKind,
)
from gongzhi.deliberation.models import Body, MatterType, Procedure, ProcedureStep
from gongzhi.kinship.enums import Predicate
from gongzhi.org.enums import RegionLevel
from gongzhi.org.models import Region, User

Fraction = tuple[int, int, str]


@dataclass(frozen=True)
class StepSpec:
    name: str
    kind: str
    body: Body | None = None
    publication_kind: str = ""
    is_decision: bool = False


def _invalid(code: str, zh: str, en: str, **detail: Any) -> ValidationFailed:
    return ValidationFailed(zh, en, code=code, detail=detail)


def _check_region(region: Region | None) -> None:
    if region is not None and region.level not in (RegionLevel.TOWN, RegionLevel.VILLAGE):
        raise _invalid(
            "catalogue_region_level", "只能按镇街或村社设置", "only a town or a village may override"
        )


def _check_share(name: str, share: Fraction | None) -> None:
    if share is None:
        return
    numerator, denominator, comparison = share
    if denominator <= 0 or numerator < 0 or numerator > denominator or comparison not in Comparison.values:
        raise _invalid(
            "invalid_share", f"{name}规则无效", f"invalid {name} rule", field=name, value=list(share)
        )


def _changed(obj: Any, values: dict[str, Any]) -> bool:
    return any(getattr(obj, field) != value for field, value in values.items())


@transaction.atomic
def body_define(
    *,
    code: str,
    name: str,
    membership: str,
    quorum: Fraction,
    majority: Fraction | None,
    majority_basis: str = Basis.PRESENT,
    household_quorum: Fraction | None = None,
    notice_days: int = 0,
    legal_basis: str = "",
    region: Region | None = None,
    actor: User | None = None,
) -> Body:
    """Create or update a body's rules (``majority=None``: a body without a vote, e.g. a hearing)."""
    _check_region(region)
    if membership not in Membership.values:
        raise _invalid("invalid_membership", "未知的应到人数来源", "unknown membership", field="membership")
    if majority_basis not in Basis.values:
        raise _invalid("invalid_basis", "未知的表决基数", "unknown majority basis", field="majority_basis")
    for label, share in (("quorum", quorum), ("majority", majority), ("household_quorum", household_quorum)):
        _check_share(label, share)
    if notice_days < 0:
        raise _invalid("invalid_notice_days", "通知期不能为负", "notice days cannot be negative")
    values: dict[str, Any] = {
        "name": name.strip(),
        "membership": membership,
        "quorum_numerator": quorum[0],
        "quorum_denominator": quorum[1],
        "quorum_comparison": quorum[2],
        "household_quorum_numerator": household_quorum[0] if household_quorum else None,
        "household_quorum_denominator": household_quorum[1] if household_quorum else None,
        "household_quorum_comparison": household_quorum[2] if household_quorum else "",
        "has_vote": majority is not None,
        "majority_numerator": majority[0] if majority else 0,
        "majority_denominator": majority[1] if majority else 1,
        "majority_comparison": majority[2] if majority else Comparison.MORE_THAN,
        "majority_basis": majority_basis,
        "notice_days": notice_days,
        "legal_basis": legal_basis,
    }
    body = Body.objects.filter(code=code, region=region).first()
    if body is not None and not _changed(body, values):
        return body
    created = body is None
    body, _ = Body.objects.update_or_create(code=code, region=region, defaults=values)
    events.catalogue_event(
        obj=body, kind="body", action="create" if created else "update", actor=actor, after=values
    )
    return body


def _check_steps(steps: list[StepSpec]) -> None:
    if not steps:
        raise _invalid("procedure_empty", "程序至少需要一个步骤", "a procedure needs at least one step")
    decisions = [i for i, s in enumerate(steps) if s.is_decision]
    if len(decisions) != 1:
        raise _invalid(
            "procedure_decision_step",
            "程序须有且仅有一个决议步骤",
            "a procedure needs exactly one deciding step",
        )
    for index, step in enumerate(steps):
        if step.kind == StepKind.MEETING and step.body is None:
            raise _invalid(
                "step_body_required", f"会议步骤“{step.name}”须指定决策主体", "a meeting needs a body"
            )
        if step.kind == StepKind.PUBLICATION and (
            step.body is not None or step.publication_kind not in PublicationKind.values or step.is_decision
        ):
            raise _invalid("step_publication", f"公开步骤“{step.name}”设置无效", "invalid publication step")
        if step.kind not in StepKind.values:
            raise _invalid("step_kind", f"未知步骤类型：{step.kind}", f"unknown step kind {step.kind}")
        if (
            step.publication_kind in (PublicationKind.DECISION, PublicationKind.RESULT)
            and index < decisions[0]
        ):
            raise _invalid(
                "publication_before_decision",
                f"“{step.name}”不能排在决议之前",
                "a decision or result publication must follow the deciding step",
            )


@transaction.atomic
def procedure_define(
    *,
    code: str,
    name: str,
    steps: list[StepSpec],
    description: str = "",
    is_confirmed: bool = True,
    region: Region | None = None,
    actor: User | None = None,
) -> Procedure:
    """Create or replace a procedure's step list. Matters already proposed keep their own copy."""
    _check_region(region)
    _check_steps(steps)
    wanted = [
        (i + 1, s.name, s.kind, s.body.pk if s.body else None, s.publication_kind, s.is_decision)
        for i, s in enumerate(steps)
    ]
    procedure = Procedure.objects.filter(code=code, region=region).first()
    values = {"name": name.strip(), "description": description, "is_confirmed": is_confirmed}
    if procedure is not None and not _changed(procedure, values):
        current = list(
            procedure.steps.order_by("order").values_list(
                "order", "name", "kind", "body_id", "publication_kind", "is_decision"
            )
        )
        if current == wanted:
            return procedure
    created = procedure is None
    procedure, _ = Procedure.objects.update_or_create(code=code, region=region, defaults=values)
    procedure.steps.all().delete()
    ProcedureStep.objects.bulk_create(
        ProcedureStep(
            procedure=procedure,
            order=order,
            name=step_name,
            kind=kind,
            body_id=body_id,
            publication_kind=publication_kind,
            is_decision=is_decision,
        )
        for order, step_name, kind, body_id, publication_kind, is_decision in wanted
    )
    events.catalogue_event(
        obj=procedure,
        kind="procedure",
        action="create" if created else "update",
        actor=actor,
        after={**values, "steps": [list(w) for w in wanted]},
    )
    return procedure


@transaction.atomic
def matter_type_define(
    *,
    code: str,
    name: str,
    procedure: Procedure,
    involves_tender: bool = False,
    expert_fields: list[str] | None = None,
    deciding_body: Body | None = None,
    exclusion_predicate: str = "",
    legal_basis: str = "",
    sort_order: int = 0,
    is_active: bool = True,
    region: Region | None = None,
    actor: User | None = None,
) -> MatterType:
    """Create or update a matter type; a town or village row overrides the default of that code."""
    _check_region(region)
    fields = list(expert_fields or [])
    unknown = [f for f in fields if f not in ExpertField.values]
    if unknown:
        raise _invalid("unknown_expert_field", "未知的专家领域", "unknown expert field", fields=unknown)
    predicate = exclusion_predicate or conf.setting_str("TENDER_EXCLUSION_PREDICATE")
    if predicate not in Predicate.values:
        raise _invalid(
            "unknown_predicate", "未知的亲属范围", "unknown kinship predicate", predicate=predicate
        )
    if (
        procedure.region_id is not None
        and region is not None
        and procedure.region_id
        not in (
            region.pk,
            region.parent_id,
        )
    ):
        raise _invalid("procedure_out_of_scope", "该程序不适用于本区划", "this procedure belongs elsewhere")
    values: dict[str, Any] = {
        "name": name.strip(),
        "procedure": procedure,
        "involves_tender": involves_tender,
        "expert_fields": fields,
        "deciding_body": deciding_body,
        "exclusion_predicate": predicate,
        "legal_basis": legal_basis,
        "sort_order": sort_order,
        "is_active": is_active,
    }
    matter_type = MatterType.objects.filter(code=code, region=region).first()
    if matter_type is not None and not _changed(matter_type, values):
        return matter_type
    created = matter_type is None
    matter_type, _ = MatterType.objects.update_or_create(code=code, region=region, defaults=values)
    events.catalogue_event(
        obj=matter_type,
        kind="matter_type",
        action="create" if created else "update",
        actor=actor,
        after={
            **values,
            "procedure": procedure.pk,
            "deciding_body": deciding_body.pk if deciding_body else None,
        },
    )
    return matter_type


@transaction.atomic
def catalogue_load_defaults(*, actor: User | None = None) -> dict[str, int]:
    """The default bodies, procedures and twelve matter types (idempotent)."""
    bodies = {}
    for spec in defaults.BODIES:
        bodies[spec["code"]] = body_define(
            code=spec["code"],
            name=spec["name"],
            membership=spec["membership"],
            quorum=spec["quorum"],
            majority=spec.get("majority"),
            majority_basis=spec.get("majority_basis", Basis.PRESENT),
            household_quorum=spec.get("household_quorum"),
            notice_days=spec["notice_days"],
            legal_basis=spec["legal_basis"],
            actor=actor,
        )
    procedures = {}
    for spec in defaults.PROCEDURES:
        steps = [
            StepSpec(
                name=s["name"],
                kind=s["kind"],
                body=bodies[s["body"]] if s.get("body") else None,
                publication_kind=s.get("publication_kind", ""),
                is_decision=s.get("is_decision", False),
            )
            for s in spec["steps"]
        ]
        procedures[spec["code"]] = procedure_define(
            code=spec["code"],
            name=spec["name"],
            steps=steps,
            description=spec["description"],
            is_confirmed=spec["is_confirmed"],
            actor=actor,
        )
    default_procedure = procedures["four_deliberations_two_publications"]
    for order, (code, name, tender, fields, deciding, basis) in enumerate(defaults.MATTER_TYPES, start=1):
        matter_type_define(
            code=code,
            name=name,
            procedure=default_procedure,
            involves_tender=tender,
            expert_fields=list(fields),
            deciding_body=bodies[deciding] if deciding else None,
            legal_basis=basis,
            sort_order=order,
            actor=actor,
        )
    return {"bodies": len(bodies), "procedures": len(procedures), "matter_types": len(defaults.MATTER_TYPES)}
