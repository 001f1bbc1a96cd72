"""Who may see and act on which case: the one place where case scope is decided.

Scope (issue 2, §2):
1. An administrator (superuser, or the administrator role at the district centre) sees all.
2. Staff of a centre see the cases located in the centre's region and below: a village clerk
   their village, a town centre the town and its villages, the district centre everything.
3. Staff of a department, station or committee see the cases assigned to their unit, as lead
   or co-unit (an active assignment).
4. 检举控告 material is never visible to the accused unit, to the units under it, or to their
   staff wherever else they hold a post (信访工作条例 art. 30), whatever 1–3 say; the rule is
   ``gongzhi.cases.accusations``.
5. A citizen sees the cases they reported.
Everything else is "not found" — the same answer as for a case that does not exist.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from gongzhi.cases import accusations, joint, recusal
from gongzhi.cases.models import Assignment, Attachment, Case
from gongzhi.core.errors import InvalidState, NotFound, PermissionDenied
from gongzhi.org import selectors as org_selectors
from gongzhi.org.enums import RegionLevel, Role, UnitKind
from gongzhi.org.models import Membership, Unit, User

STAFF_ACTING_ROLES = (Role.LIAISON, Role.HANDLER, Role.UNIT_HEAD)
CENTRE_DISPATCH_ROLES = (Role.DISPATCHER, Role.CENTRE_LEADER)
INTAKE_ROLES = (Role.INTAKE_CLERK, Role.DISPATCHER, Role.CENTRE_LEADER)
APPROVER_ROLES = (Role.UNIT_HEAD, Role.SUPERVISOR, Role.CENTRE_LEADER)


@dataclass(frozen=True)
class Scope:
    is_all: bool
    region_paths: tuple[str, ...]
    unit_ids: tuple[int, ...]
    all_unit_ids: tuple[int, ...]
    user_id: int | None


def _memberships(user: User) -> list[Membership]:
    if not user.is_authenticated:
        return []
    cached: list[Membership] | None = getattr(user, "_gongzhi_memberships", None)
    if cached is None:
        cached = org_selectors.memberships_for_user(user=user)
        user._gongzhi_memberships = cached  # type: ignore[attr-defined]
    return cached


def _unit_lineage_ids(user: User) -> set[int]:
    """The user's units and every unit above them: an accusation against any is hidden from them."""
    cached: set[int] | None = getattr(user, "_gongzhi_unit_lineage", None)
    if cached is None:
        cached = accusations.unit_lineage_ids(m.unit for m in _memberships(user))
        user._gongzhi_unit_lineage = cached  # type: ignore[attr-defined]
    return cached


def is_administrator(user: User) -> bool:
    if user.is_authenticated and user.is_superuser:
        return True
    return any(
        m.role == Role.ADMINISTRATOR and m.unit.level == RegionLevel.DISTRICT for m in _memberships(user)
    )


def scope_for(user: User) -> Scope:
    memberships = _memberships(user)
    centre_paths = {m.unit.region.path for m in memberships if m.unit.kind == UnitKind.CENTRE}
    # A path covers its descendants; drop paths already covered by a shorter one.
    paths = tuple(
        sorted(p for p in centre_paths if not any(p != q and p.startswith(q + "/") for q in centre_paths))
    )
    unit_ids = tuple(sorted({m.unit_id for m in memberships if m.unit.kind != UnitKind.CENTRE}))
    return Scope(
        is_all=is_administrator(user),
        region_paths=paths,
        unit_ids=unit_ids,
        all_unit_ids=tuple(sorted({m.unit_id for m in memberships})),
        user_id=user.pk if user.is_authenticated else None,
    )


def case_scope_q(user: User) -> Q:
    """A filter selecting exactly the cases ``user`` may see."""
    scope = scope_for(user)
    if scope.is_all:
        visible = Q()
    else:
        visible = Q(pk__in=[])
        for path in scope.region_paths:
            visible |= Q(region_path=path) | Q(region_path__startswith=path + "/")
        if scope.unit_ids:
            visible |= Q(
                pk__in=Assignment.objects.filter(unit_id__in=scope.unit_ids, is_active=True).values("case_id")
            )
        if scope.user_id is not None:
            visible |= Q(reporter_id=scope.user_id)
    if scope.all_unit_ids:
        visible &= ~accusations.accused_among_q(_unit_lineage_ids(user))
    return visible


def case_queryset_for_user(user: User) -> QuerySet[Case]:
    return Case.objects.filter(case_scope_q(user))


def case_get_for_user(user: User, case_id: int, *, for_update: bool = False) -> Case:
    """The case if ``user`` may see it, else :class:`NotFound` (never a hint that it exists)."""
    queryset = case_queryset_for_user(user)
    if for_update:
        queryset = queryset.select_for_update(of=("self",))
    case = queryset.filter(pk=case_id).first()
    if case is None:
        raise NotFound("事项", "case")
    return case


def case_get_by_tracking(tracking_code: str, phone_tail: str) -> Case:
    """The citizen's look-up: tracking code plus the last four digits of the phone number."""
    tail = "".join(ch for ch in phone_tail if ch.isdigit())
    case = Case.objects.filter(tracking_code=tracking_code.strip().upper()).first()
    if case is None or len(tail) < 4 or not case.reporter_phone.endswith(tail[-4:]):
        raise NotFound("事项", "case")
    return case


def user_units(user: User, roles: Iterable[str] | None = None) -> list[Unit]:
    wanted = set(roles) if roles is not None else None
    return [m.unit for m in _memberships(user) if wanted is None or m.role in wanted]


def require_role_in_unit(user: User, unit: Unit | None, roles: Iterable[str]) -> None:
    """Refuse unless ``user`` holds one of ``roles`` in ``unit`` (administrators pass)."""
    if is_administrator(user):
        return
    wanted = set(roles)
    if unit is not None and any(m.unit_id == unit.pk and m.role in wanted for m in _memberships(user)):
        return
    raise PermissionDenied(
        "您在该单位没有办理此操作的岗位",
        "you hold no role in this unit that allows this action",
        detail={"roles": sorted(wanted)},
    )


def covering_centres(user: User, case: Case, roles: Iterable[str]) -> list[Unit]:
    """The user's centres (with one of ``roles``) whose region contains the case's location."""
    wanted = set(roles)
    return [
        m.unit
        for m in _memberships(user)
        if m.role in wanted
        and m.unit.kind == UnitKind.CENTRE
        and (case.region_path == m.unit.region.path or case.region_path.startswith(m.unit.region.path + "/"))
    ]


def require_centre_role(user: User, case: Case, roles: Iterable[str]) -> Unit | None:
    """Refuse unless ``user`` has one of ``roles`` in a centre covering the case's location."""
    if is_administrator(user):
        centres = covering_centres(user, case, roles)
        return centres[0] if centres else None
    centres = covering_centres(user, case, roles)
    if not centres:
        raise PermissionDenied(
            "您所在中心无权办理该属地的事项",
            "your centre has no authority over this case's locality",
            detail={"roles": sorted(set(roles))},
        )
    # The most local centre acts (longest path).
    return max(centres, key=lambda unit: len(unit.region.path))


def arbiter_centres(user: User, case: Case) -> list[Unit]:
    """The centres in which ``user`` arbitrates on ``case``: a dispatch role in a centre covering
    the case that is not itself the lead unit (nobody judges their own cause).

    A lead assignment made by 审定 binds the lead unit, not its superior: only an arbiter moves a
    bound case on (信访工作条例 art. 24; 浙江省信访条例 art. 21).
    """
    return [u for u in covering_centres(user, case, CENTRE_DISPATCH_ROLES) if u.pk != case.lead_unit_id]


def is_arbiter(user: User, case: Case) -> bool:
    return is_administrator(user) or bool(arbiter_centres(user, case))


def require_arbiter(user: User, case: Case) -> None:
    """Refuse unless ``user`` is an arbiter of ``case`` (see :func:`arbiter_centres`)."""
    if not is_arbiter(user, case):
        raise PermissionDenied(
            "只有上级中心的分流人员可以审定",
            "only the dispatchers of a covering centre other than the lead unit decide",
            detail={"roles": sorted(CENTRE_DISPATCH_ROLES)},
        )


def require_case_unit_role(user: User, case: Case, roles: Iterable[str] = STAFF_ACTING_ROLES) -> Unit:
    """Refuse unless ``user`` holds one of ``roles`` in the case's lead unit; returns that unit."""
    lead = case.lead_unit
    if lead is None:
        raise InvalidState("该事项尚未分派承办单位", "the case has no lead unit yet")
    require_role_in_unit(user, lead, roles)
    return lead


# --- What the pages offer ----------------------------------------------------------------------
# ``allowed_actions`` mirrors the checks of the services, so a page shows only the actions that
# would be accepted. The services stay the authority: they check again, in the transaction.

CONTACT_ROLES = (Role.INTAKE_CLERK, Role.DISPATCHER, Role.CENTRE_LEADER)
_FOLLOW_UP_ROLES = (Role.INTAKE_CLERK, Role.DISPATCHER, Role.SUPERVISOR, Role.CENTRE_LEADER)
_REVIEW_ROLES = (Role.DISPATCHER, Role.CENTRE_LEADER, Role.UNIT_HEAD, Role.SUPERVISOR, Role.HANDLER)
_ACTIVE = ("dispatched", "in_progress")


def _has_centre_role(user: User, case: Case, roles: Iterable[str]) -> bool:
    return is_administrator(user) or bool(covering_centres(user, case, roles))


def _has_unit_role(user: User, unit_id: int | None, roles: Iterable[str]) -> bool:
    if unit_id is None:
        return False
    if is_administrator(user):
        return True
    wanted = set(roles)
    return any(m.unit_id == unit_id and m.role in wanted for m in _memberships(user))


def _lead(case: Case) -> Assignment | None:
    return next((a for a in case.assignments.all() if a.role == "lead" and a.is_active), None)


def _is_bound(case: Case) -> bool:
    lead = _lead(case)
    return lead is not None and lead.is_binding


def _open_arbitration(case: Case) -> bool:
    return any(r.decided_at is None for r in case.arbitration_requests.all())


def _lead_actions(user: User, case: Case) -> set[str]:
    from django.utils import timezone

    from gongzhi.cases import deadlines
    from gongzhi.core.conf import rule_int

    actions: set[str] = set()
    status = case.status
    is_lead_staff = _has_unit_role(user, case.lead_unit_id, STAFF_ACTING_ROLES)
    if status == "dispatched" and is_lead_staff and recusal.handler_conflict(case, user) is None:
        actions.add("sign")  # the page signs with the actor as handler
    if status in _ACTIVE and is_lead_staff:
        lead = _lead(case)
        bound = lead is not None and lead.is_binding
        out_of_returns = case.return_count >= rule_int("MAX_RETURNS")
        in_window = lead is None or timezone.now() <= deadlines.return_deadline(lead.created_at).at
        if not bound and not out_of_returns and in_window:
            actions.add("return")
        if (bound or out_of_returns) and not _open_arbitration(case):
            actions.add("request_arbitration")
        extensions = list(case.extensions.all())
        approved = sum(1 for e in extensions if e.status == "approved")
        rules = deadlines.preset()
        if (
            not any(e.status == "requested" for e in extensions)
            and approved < rules.max_extensions
            and case.extended_days < rules.max_extension_days
        ):
            actions.add("request_extension")
    if status == "in_progress" and is_lead_staff and not joint.open_subtasks(case.assignments.all()):
        actions.add("reply")
    if status in _ACTIVE and _has_unit_role(
        user, case.lead_unit_id, (Role.DISPATCHER, Role.CENTRE_LEADER, Role.UNIT_HEAD)
    ):
        actions.add("assign_down")
    if status == "replied" and (
        is_lead_staff or _has_centre_role(user, case, (Role.DISPATCHER, Role.CENTRE_LEADER, Role.SUPERVISOR))
    ):
        actions.add("close")
    return actions


def _co_unit_actions(user: User, case: Case) -> set[str]:
    if case.status not in _ACTIVE:
        return set()
    units = {u.pk for u in user_units(user, STAFF_ACTING_ROLES)}
    actions: set[str] = set()
    for assignment in case.assignments.all():
        if assignment.role == "co" and assignment.is_active and assignment.unit_id in units:
            if assignment.status == "pending":
                actions.add("subtask_sign")
            if assignment.status != "answered":
                actions.add("subtask_answer")
    return actions


def allowed_actions(user: User, case: Case) -> set[str]:
    """The names of the services ``user`` may call on ``case`` now (``case_`` prefix dropped).

    Expects the case with ``assignments``, ``extensions`` and ``arbitration_requests`` prefetched
    (``selectors.case_detail``).
    """
    if not user.is_authenticated:
        return set()
    actions = _lead_actions(user, case) | _co_unit_actions(user, case)
    status = case.status
    decides = _has_centre_role(user, case, INTAKE_ROLES)
    dispatches = _has_centre_role(user, case, CENTRE_DISPATCH_ROLES)
    if status == "registered" and case.accepted_at is None and decides:
        actions |= {"accept", "not_accept", "redirect", "transfer_out"}
        if case.master_id is not None:
            # Linked to a concluded matter (a registered case with a master is one): 浙江省信访条例
            # art. 20 (5), not accepted again (services.decisions.concluded_matter_of).
            actions.discard("accept")
    if dispatches:
        if (status == "registered" and case.accepted_at is not None) or status == "returned":
            actions.add("dispatch")
        if status == "returned":
            actions.add("arbitrate")
        if status in _ACTIVE:
            actions.add("add_co_units")
            if not _is_bound(case) or is_arbiter(user, case):
                actions.add("transfer")
            if _open_arbitration(case) and is_arbiter(user, case):
                actions.add("arbitration_decide")
        if status in OPEN_CASE_STATUSES and case.master_id is None:
            actions.add("merge")
    if decides and status == "registered" and case.accepted_at is None and case.master_id is None:
        actions.add("merge")  # a repeat found at the window (merge_roles)
    elif status in _ACTIVE and _has_unit_role(user, case.lead_unit_id, (Role.UNIT_HEAD,)):
        actions.add("add_co_units")
    if status in (*_ACTIVE, "returned") and case.level != RegionLevel.DISTRICT:
        escalates = _has_unit_role(
            user, case.lead_unit_id, (*STAFF_ACTING_ROLES, Role.DISPATCHER, Role.CENTRE_LEADER)
        )
        if (escalates or dispatches) and (not _is_bound(case) or is_arbiter(user, case)):
            actions.add("escalate")
    if status in (*_ACTIVE, "returned", "registered") and _has_centre_role(
        user, case, (Role.SUPERVISOR, Role.CENTRE_LEADER)
    ):
        actions.add("supervise")
    if any(e.status == "requested" and e.requested_by_id != user.pk for e in case.extensions.all()) and (
        _has_unit_role(user, case.lead_unit_id, (Role.UNIT_HEAD,))
        or _has_centre_role(user, case, (Role.SUPERVISOR, Role.CENTRE_LEADER))
    ):
        actions.add("decide_extension")
    if status in ("replied", "closed") and _has_centre_role(user, case, _FOLLOW_UP_ROLES):
        if case.rated_at is None or (case.replied_at is not None and case.rated_at < case.replied_at):
            actions.add("follow_up")
        if (
            case.kind == "petition"
            and case.review_stage != "re_review"
            and case.review_window_ends_at is not None
        ):
            actions.add("request_review")
    if status == "under_review":
        actions |= _review_actions(user, case)
    # Recusal (浙江省信访条例 arts. 9, 27): the window applies for the petitioner, the head decides.
    open_recusal = next((r for r in case.recusal_requests.all() if r.decided_at is None), None)
    recusal_asked = case.reporter_id == user.pk or _has_centre_role(user, case, INTAKE_ROLES)
    if status == "in_progress" and case.handler_id is not None and open_recusal is None and recusal_asked:
        actions.add("recusal_request")
    if (
        open_recusal is not None
        and open_recusal.handler_id != user.pk
        and _has_unit_role(user, case.lead_unit_id, (Role.UNIT_HEAD,))
    ):
        actions.add("recusal_decide")
    if may_add_note(user, case):
        actions.add("note")
        actions.add("attach")
    return actions


def _review_actions(user: User, case: Case) -> set[str]:
    """Answer the pending 复查/复核 (its body's staff, never the 复查's answerer for the 复核), or
    record the outcome of a 复核 forwarded outside (the district centre's staff)."""
    requests = {r.kind: r for r in case.review_requests.all()}
    request = requests.get(case.review_stage)
    if request is None or request.answered_at is not None:
        return set()
    if request.unit_id is None:
        district = org_selectors.centre_at_level(region=case.region, level=RegionLevel.DISTRICT)
        if district is not None and _has_unit_role(user, district.pk, _REVIEW_ROLES):
            return {"record_external_review"}
        return set()
    previous = requests.get("review") if case.review_stage == "re_review" else None
    if previous is not None and previous.answered_by_id == user.pk:
        return set()
    if _has_unit_role(user, request.unit_id, _REVIEW_ROLES):
        return {"answer_review"}
    return set()


def merge_roles(repeat: Case) -> tuple[str, ...]:
    """Who may merge ``repeat`` into a master: the dispatchers; for a repeat not accepted yet
    (just registered) also the window staff, who decide on acceptance."""
    if repeat.status == "registered" and repeat.accepted_at is None:
        return INTAKE_ROLES
    return CENTRE_DISPATCH_ROLES


OPEN_CASE_STATUSES = ("registered", "dispatched", "returned", "in_progress", "under_review")


def may_add_note(user: User, case: Case) -> bool:
    """Anyone who takes part: a unit with an active assignment, or a centre covering the case."""
    if is_administrator(user):
        return True
    involved = {a.unit_id for a in case.assignments.all() if a.is_active}
    if any(m.unit_id in involved for m in _memberships(user)):
        return True
    return bool(covering_centres(user, case, list(Role.values)))


def may_view_contact(user: User, case: Case) -> bool:
    """Who sees the reporter's full phone and ID number (each view is logged): the window and
    dispatch staff of a covering centre, and the staff of the lead unit who call the reporter."""
    if not user.is_authenticated:
        return False
    return _has_centre_role(user, case, CONTACT_ROLES) or _has_unit_role(
        user, case.lead_unit_id, STAFF_ACTING_ROLES
    )


def attachment_get_for_user(user: User, attachment_id: int) -> Attachment:
    """An attachment of a case ``user`` may see, else :class:`NotFound`."""
    attachment = (
        Attachment.objects.select_related("case")
        .filter(pk=attachment_id, case__in=case_queryset_for_user(user))
        .first()
    )
    if attachment is None:
        raise NotFound("附件", "attachment")
    return attachment
