"""Who may see and act on which mediation: the one place where mediation scope is decided.

1. An administrator sees everything, and so does the district justice bureau (司法局), which
   guides people's mediation (人民调解法 art. 5).
2. Staff of a governance centre, or of a town 司法所, see the mediations located in their region.
3. Staff of an organisation's unit (or of the unit hosting a studio) see that organisation's
   mediations; a mediator sees the mediations they were assigned to.
Everything else is "not found", the same answer as for a mediation that does not exist.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from gongzhi.cases import access as case_access
from gongzhi.core.errors import NotFound, PermissionDenied
from gongzhi.mediation.models import Mediation, MediationOrganisation, Mediator
from gongzhi.org import selectors as org_selectors
from gongzhi.org.enums import RegionLevel, Role, UnitKind
from gongzhi.org.models import Membership, User

# Roles that manage an organisation's profile and members.
MANAGER_ROLES = (Role.UNIT_HEAD, Role.CENTRE_LEADER, Role.ADMINISTRATOR)
GUIDANCE_FUNCTION = "justice"


def _memberships(user: User) -> list[Membership]:
    if not user.is_authenticated:
        return []
    return org_selectors.memberships_for_user(user=user)


def _is_guidance(membership: Membership) -> bool:
    return membership.unit.function == GUIDANCE_FUNCTION and membership.unit.level == RegionLevel.DISTRICT


def sees_everything(user: User) -> bool:
    return case_access.is_administrator(user) or any(_is_guidance(m) for m in _memberships(user))


def mediator_for_user(user: User) -> Mediator | None:
    if not user.is_authenticated:
        return None
    return Mediator.objects.filter(user=user).first()


def mediation_scope_q(user: User) -> Q:
    if sees_everything(user):
        return Q()
    memberships = _memberships(user)
    visible = Q(pk__in=[])
    for membership in memberships:
        unit = membership.unit
        if unit.kind == UnitKind.CENTRE or unit.function == GUIDANCE_FUNCTION:
            path = unit.region.path
            visible |= Q(region_path=path) | Q(region_path__startswith=path + "/")
    unit_ids = {m.unit_id for m in memberships}
    if unit_ids:
        visible |= Q(organisation__unit_id__in=unit_ids) | Q(organisation__host_unit_id__in=unit_ids)
    mediator = mediator_for_user(user)
    if mediator is not None:
        visible |= Q(assignments__mediator=mediator)
        visible |= Q(organisation__members__mediator=mediator, organisation__members__is_active=True)
    return visible


def mediation_queryset_for_user(user: User) -> QuerySet[Mediation]:
    return Mediation.objects.filter(pk__in=Mediation.objects.filter(mediation_scope_q(user)).values("pk"))


def mediation_get_for_user(user: User, mediation_id: int, *, for_update: bool = False) -> Mediation:
    """The mediation if ``user`` may see it, else :class:`NotFound` (never a hint that it exists)."""
    if not mediation_queryset_for_user(user).filter(pk=mediation_id).exists():
        raise NotFound("调解案件", "mediation")
    queryset = Mediation.objects.select_related("organisation", "region", "dispute_type", "case")
    if for_update:
        queryset = queryset.select_for_update(of=("self",))
    return queryset.get(pk=mediation_id)


def is_organisation_staff(user: User, organisation: MediationOrganisation) -> bool:
    """A member of the organisation's unit or host unit (any role), or one of its mediators."""
    unit_ids = {organisation.unit_id, organisation.host_unit_id} - {None}
    if any(m.unit_id in unit_ids for m in _memberships(user)):
        return True
    mediator = mediator_for_user(user)
    return mediator is not None and organisation.members.filter(mediator=mediator, is_active=True).exists()


def require_mediation_staff(user: User, mediation: Mediation) -> None:
    """Refuse unless ``user`` works on this mediation: its organisation's staff, an assigned
    mediator, a centre covering its place, or the guidance body."""
    if sees_everything(user) or is_organisation_staff(user, mediation.organisation):
        return
    mediator = mediator_for_user(user)
    if mediator is not None and mediation.assignments.filter(mediator=mediator, is_active=True).exists():
        return
    for membership in _memberships(user):
        unit = membership.unit
        if unit.kind == UnitKind.CENTRE and membership.role in (
            Role.DISPATCHER,
            Role.CENTRE_LEADER,
            Role.INTAKE_CLERK,
        ):
            path = unit.region.path
            if mediation.region_path == path or mediation.region_path.startswith(path + "/"):
                return
    raise PermissionDenied("您不是该调解案件的工作人员", "you do not work on this mediation")


def require_organisation_manager(user: User, organisation: MediationOrganisation) -> None:
    """Profile and members are kept by the organisation's head, a covering centre's leader, or
    the guidance body."""
    if sees_everything(user):
        return
    unit_ids = {organisation.unit_id, organisation.host_unit_id} - {None}
    for membership in _memberships(user):
        if membership.role not in MANAGER_ROLES:
            continue
        if membership.unit_id in unit_ids:
            return
        path = membership.unit.region.path
        if membership.unit.kind == UnitKind.CENTRE and (
            organisation.region_path == path or organisation.region_path.startswith(path + "/")
        ):
            return
    raise PermissionDenied("您无权管理该调解组织", "you may not manage this mediation organisation")


def require_may_register(user: User, organisation: MediationOrganisation) -> None:
    """Who may register a mediation at an organisation: its staff, a covering centre, the
    guidance body, or an administrator."""
    if sees_everything(user) or is_organisation_staff(user, organisation):
        return
    for membership in _memberships(user):
        unit = membership.unit
        if unit.kind == UnitKind.CENTRE or unit.function == GUIDANCE_FUNCTION:
            path = unit.region.path
            if organisation.region_path == path or organisation.region_path.startswith(path + "/"):
                return
            if path.startswith(organisation.region_path + "/"):
                return  # a village centre registering for its town's or the district's committee
    raise PermissionDenied(
        "您无权在该调解组织登记调解案件", "you may not register mediations at this organisation"
    )


def user_unit_ids(user: User) -> set[int]:
    return {m.unit_id for m in _memberships(user)}


def may_act(user: User, mediation: Mediation) -> bool:
    """Whether ``user`` works on ``mediation`` (see ``require_mediation_staff``), as a yes/no."""
    try:
        require_mediation_staff(user, mediation)
    except PermissionDenied:
        return False
    return True


def allowed_actions(user: User, mediation: Mediation) -> list[str]:
    """The actions the mediation's state allows, for someone who works on it (else none).

    Offered on the mediation page and in the API detail; each service checks again and has the
    last word. ``mediation`` should come from ``selectors.mediation_detail`` (agreement,
    confirmation, sessions and performance items prefetched).
    """
    from gongzhi.mediation.enums import (
        AgreementStatus,
        CaseSync,
        ConfirmationStatus,
        MediationStatus,
        PerformanceStatus,
        SessionStatus,
    )

    if not may_act(user, mediation):
        return []
    status = mediation.status
    agreement = getattr(mediation, "agreement", None)
    draft = agreement is None or agreement.status == AgreementStatus.DRAFT
    actions: list[str] = []
    is_open = status in (
        MediationStatus.APPLIED,
        MediationStatus.IN_PROGRESS,
        MediationStatus.AGREEMENT_PENDING,
    )
    running = status in (MediationStatus.IN_PROGRESS, MediationStatus.AGREEMENT_PENDING)
    if status == MediationStatus.APPLIED:
        actions += ["accept", "not_accept"]
    if status in (MediationStatus.APPLIED, MediationStatus.IN_PROGRESS):
        actions.append("assign")
    if is_open:
        actions += ["object", "refuse"]
    if running:
        actions += ["schedule", "extend"]
        sessions = list(mediation.sessions.all())
        if any(s.status == SessionStatus.SCHEDULED for s in sessions):
            actions += ["record_session", "cancel_session"]
        if draft:
            actions += ["draft", "oral"]
        if agreement is not None and agreement.status == AgreementStatus.DRAFT:
            actions.append("finalise")
        if agreement is not None and agreement.status == AgreementStatus.AWAITING_SIGNATURES:
            actions.append("sign")
        actions.append("terminate")
    if is_open:
        if mediation.level != RegionLevel.DISTRICT:
            actions.append("escalate")
        actions.append("danger")
    confirmation = getattr(agreement, "confirmation", None) if agreement is not None else None
    if confirmation is not None:
        actions += {
            ConfirmationStatus.WINDOW_OPEN: ["confirmation_apply", "confirmation_waive"],
            ConfirmationStatus.APPLIED: ["court_accept", "court_not_accept"],
            ConfirmationStatus.ACCEPTED: ["court_decide"]
            + ([] if confirmation.is_decision_extended else ["court_extend"]),
        }.get(confirmation.status, [])
    if agreement is not None and agreement.status == AgreementStatus.EFFECTIVE:
        pending = (PerformanceStatus.PENDING, PerformanceStatus.OVERDUE)
        if any(item.status in pending for item in agreement.performance_items.all()):
            actions.append("performance")
    if not is_open:
        actions.append("satisfaction")
    if mediation.case_sync == CaseSync.PENDING:
        actions.append("case_sync")
    return actions
