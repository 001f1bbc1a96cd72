"""The entry pages of the workbench: a matter's team and tender, the village register and roles,
the matter-type catalogue and expert pool of a town or village, and attachment downloads.

Thin like the other pages: every village, matter and row is fetched through ``access`` (outside
the user's centres: 404), every write is one service call, and a refusal is shown in the form
that was posted with the domain error's message, nothing changed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from gongzhi.core.errors import NotFound, ValidationFailed
from gongzhi.deliberation import access, forms, selectors, services
from gongzhi.deliberation.enums import ExpertField, MatterStatus, MemberBasis, VillageRoleKind
from gongzhi.deliberation.models import Matter, TeamMember, VillageRole
from gongzhi.deliberation.views._common import (
    Entry,
    bound,
    handle,
    region_of,
    staff_required,
    user_of,
    village_of,
)
from gongzhi.kinship import selectors as kinship_selectors
from gongzhi.kinship import services as kinship_services
from gongzhi.kinship.enums import LinkKind, Predicate
from gongzhi.kinship.models import KinshipLink, Person
from gongzhi.org.enums import RegionLevel
from gongzhi.org.models import Region, User


def _matter_of(request: HttpRequest, pk: int) -> Matter:
    try:
        return access.matter_get_for_user(user_of(request), pk)
    except NotFound:
        raise Http404 from None


def _outsider(name: str, id_number: str, actor: User, field: str) -> Person:
    """A person outside the village register (an expert, a bidder's owner, the police officer)."""
    try:
        return kinship_services.person_upsert(name=name, id_number=id_number, actor=actor)
    except ValidationFailed as error:
        raise ValidationFailed(
            error.message_zh, error.message_en, code=error.code, detail={"field": field}
        ) from error


# --- the team ------------------------------------------------------------------------------------


def _members(matter: Matter) -> list[TeamMember]:
    return selectors.team_members(matter=matter)


@staff_required
def team(request: HttpRequest, pk: int) -> HttpResponse:
    """Form the matter's team from the proposed candidates, add members, record declarations."""
    actor = user_of(request)
    matter = _matter_of(request, pk)
    candidates = selectors.team_candidates(matter=matter)
    members = _members(matter)
    on_team = {m.person_id for m in members}
    eligible = [c for c in candidates if not c.excluded_reason and c.person.pk not in on_team]
    by_key = {c.key: c for c in candidates}
    today = timezone.localdate()
    form_form = forms.TeamFormForm(bound(request, "form_team"), initial={"formed_on": today})
    add_form = forms.MemberAddForm(bound(request, "add"), candidates=eligible)
    declare_form = forms.DeclarationForm(
        bound(request, "declare"), members=members, initial={"declared_on": today}
    )

    def spec(key: str, reason: str) -> services.MemberSpec:
        candidate = by_key.get(key)
        if candidate is None:
            raise ValidationFailed("请选择人员", "choose a person", code="unknown_candidate")
        return services.MemberSpec(
            person=candidate.person, basis=candidate.basis, reason=reason, expert=candidate.expert
        )

    def form_team(data: dict[str, Any]) -> str:
        chosen = request.POST.getlist("member")
        formed = services.team_form(
            matter=matter,
            members=[spec(key, request.POST.get(f"reason-{key}", "")) for key in chosen if key in by_key],
            formed_on=data["formed_on"],
            actor=actor,
        )
        return _("议事团已组建，共 %(count)d 人") % {"count": formed.members.count()}

    def add(data: dict[str, Any]) -> str:
        if getattr(matter, "team", None) is None:
            raise NotFound("议事团", "team")
        member = services.team_member_add(
            team=matter.team, member=spec(data["candidate"], data["reason"]), actor=actor
        )
        return _("已增补%(name)s") % {"name": member.person.name}

    def declare(data: dict[str, Any]) -> str:
        member = access.member_get_for_user(actor, int(data["member"]))
        if member.team.matter_id != matter.pk:
            raise NotFound("议事团成员", "team member")
        services.interest_declare(
            member=member,
            statement=data["statement"],
            declared_on=data["declared_on"],
            recuses=data["recuses"],
            actor=actor,
        )
        return _("已记录%(name)s的利益申报") % {"name": member.person.name}

    done = handle(
        request,
        {
            "form_team": Entry(form_form, form_team),
            "add": Entry(add_form, add),
            "declare": Entry(declare_form, declare),
        },
    )
    if done is not None:
        return done
    chosen = set(request.POST.getlist("member")) if request.method == "POST" else None
    reasons = {key: request.POST.get(f"reason-{key}", "") for key in by_key} if chosen is not None else {}
    return render(
        request,
        "deliberation/team.html",
        {
            "nav": "deliberation",
            "matter": matter,
            "members": members,
            "has_team": getattr(matter, "team", None) is not None,
            "open_matter": matter.status in (MatterStatus.OPEN, MatterStatus.DECIDED),
            "groups": _candidate_groups(candidates, chosen, reasons),
            "excluded": [c for c in candidates if c.excluded_reason],
            "form_form": form_form,
            "add_form": add_form,
            "declare_form": declare_form,
            "eligible": eligible,
            "predicate": Predicate(matter.exclusion_predicate).label,
        },
    )


@dataclass(frozen=True)
class _Row:
    candidate: selectors.Candidate
    checked: bool
    reason: str


def _candidate_groups(
    candidates: list[selectors.Candidate], chosen: set[str] | None, reasons: dict[str, str]
) -> list[tuple[str, bool, list[_Row]]]:
    """(heading, shown open, rows): the base members, the experts, then those picked as needed."""
    rows = [
        _Row(
            candidate=c,
            checked=(c.key in chosen) if chosen is not None else c.proposed,
            reason=reasons.get(c.key) or c.reason,
        )
        for c in candidates
        if not c.excluded_reason
    ]
    experts = [r for r in rows if r.candidate.basis == MemberBasis.EXPERT]
    base = [r for r in rows if r.candidate.proposed and r not in experts]
    optional = [r for r in rows if r not in base and r not in experts]
    return [
        (_("基本成员（村两委、村务监督委员会、社区民警）"), True, base),
        (_("专家（按事项类型匹配专家库）"), True, experts),
        (_("村民代表与党员（按需选取）"), any(r.checked for r in optional), optional),
    ]


# --- the tender ----------------------------------------------------------------------------------


@staff_required
def tender(request: HttpRequest, pk: int) -> HttpResponse:
    """Open the tender, register bidders and the people behind them, award it."""
    actor = user_of(request)
    matter = _matter_of(request, pk)
    if not matter.involves_tender:
        raise Http404
    current = getattr(matter, "tender", None)
    bidders = list(current.bidders.prefetch_related("people__person")) if current is not None else []
    open_form = forms.TenderOpenForm(
        bound(request, "open"), initial={"title": matter.title, "opened_on": timezone.localdate()}
    )
    bidder_form = forms.BidderForm(
        bound(request, "bidder"), village=matter.village, initial={"registered_on": timezone.localdate()}
    )
    award_form = forms.AwardForm(
        bound(request, "award"), bidders=bidders, initial={"awarded_on": timezone.localdate()}
    )

    def open_tender(data: dict[str, Any]) -> str:
        services.tender_open(
            matter=matter,
            title=data["title"],
            opened_on=data["opened_on"],
            budget=data["budget"],
            actor=actor,
        )
        return _("已发布招标")

    def register(data: dict[str, Any]) -> str:
        if current is None:
            raise NotFound("招投标", "tender")
        people: list[tuple[Person, str]] = []
        for row in range(1, forms.BIDDER_ROWS + 1):
            person = data.get(f"person{row}")
            name = (data.get(f"outsider{row}") or "").strip()
            if person is None and name:
                person = _outsider(name, data.get(f"outsider_id{row}") or "", actor, f"outsider_id{row}")
            if person is not None:
                people.append((person, data[f"role{row}"]))
        registration = services.bidder_register(
            tender=current,
            name=data["name"],
            people=people,
            registered_on=data["registered_on"],
            bid_amount=data["bid_amount"],
            credit_code=data["credit_code"],
            actor=actor,
        )
        if registration.excluded:
            named = pgettext("list separator", "；").join(
                _("%(name)s：%(reason)s") % {"name": m.person.name, "reason": m.status_reason}
                for m in registration.excluded
            )
            return _("已登记投标人%(bidder)s。议事团成员自动回避——%(excluded)s") % {
                "bidder": registration.bidder.name,
                "excluded": named,
            }
        return _("已登记投标人%(bidder)s") % {"bidder": registration.bidder.name}

    def award(data: dict[str, Any]) -> str:
        if current is None:
            raise NotFound("招投标", "tender")
        bidder = next((b for b in bidders if str(b.pk) == data["bidder"]), None)
        if bidder is None:
            raise NotFound("投标人", "bidder")
        services.tender_award(
            tender=current,
            bidder=bidder,
            awarded_on=data["awarded_on"],
            amount=data["amount"],
            note=data["note"],
            actor=actor,
        )
        return _("已定标：%(bidder)s") % {"bidder": bidder.name}

    done = handle(
        request,
        {
            "open": Entry(open_form, open_tender),
            "bidder": Entry(bidder_form, register),
            "award": Entry(award_form, award),
        },
    )
    if done is not None:
        return done
    return render(
        request,
        "deliberation/tender.html",
        {
            "nav": "deliberation",
            "matter": matter,
            "tender": current,
            "bidders": bidders,
            "members": _members(matter),
            "open_form": open_form,
            "bidder_form": bidder_form,
            "award_form": award_form,
            "predicate": Predicate(matter.exclusion_predicate).label,
        },
    )


# --- the village register ------------------------------------------------------------------------


def _relatives(people: list[Person]) -> dict[int, list[str]]:
    """Person id → "父母 张三", "配偶 李四", "子女 王五" … from the stored edges (translated)."""
    rows: dict[int, list[str]] = {p.pk: [] for p in people}
    for link in kinship_selectors.link_list(person_ids=rows.keys()):
        if link.kind == "spouse":
            pairs = [
                (link.person, _("配偶 %(name)s") % {"name": link.relative.name}),
                (link.relative, _("配偶 %(name)s") % {"name": link.person.name}),
            ]
        else:
            pairs = [
                (link.person, _("父母 %(name)s") % {"name": link.relative.name}),
                (link.relative, _("子女 %(name)s") % {"name": link.person.name}),
            ]
        for one, label in pairs:
            if one.pk in rows:
                rows[one.pk].append(label)
    return rows


@staff_required
def register(request: HttpRequest, code: str) -> HttpResponse:
    """The village register: households, their members, the parent and spouse links."""
    actor = user_of(request)
    village = village_of(request, code)
    query = request.GET.get("q", "").strip()[:60]
    editing = None
    if request.GET.get("edit", "").isdigit():
        editing = Person.objects.filter(pk=int(request.GET["edit"]), region=village).first()
    household_form = forms.HouseholdForm(bound(request, "household"))
    initial: dict[str, Any] = {}
    if editing is not None:
        initial = {
            "person": editing.pk,
            "name": editing.name,
            "id_number": editing.id_number,
            "gender": editing.gender,
            "birth_date": editing.birth_date,
            "household": editing.household.code if editing.household_id and editing.household else "",
        }
    person_form = forms.PersonForm(bound(request, "person"), village=village, initial=initial)
    link_form = forms.LinkForm(bound(request, "link"), village=village)
    unlink_form = forms.UnlinkForm(bound(request, "unlink"))

    def add_household(data: dict[str, Any]) -> str:
        household = kinship_services.household_upsert(
            region=village, code=data["code"], address=data["address"], actor=actor
        )
        return _("已保存户 %(code)s") % {"code": household.code}

    def save_person(data: dict[str, Any]) -> str:
        if data.get("person"):
            person = Person.objects.filter(pk=data["person"], region=village).first()
            if person is None:
                raise NotFound("人员", "person")
            kinship_services.person_update(
                person=person,
                name=data["name"],
                id_number=data["id_number"],
                gender=data["gender"],
                birth_date=data["birth_date"],
                household=data["household"],
                actor=actor,
            )
            return _("已更新%(name)s") % {"name": data["name"]}
        person = kinship_services.person_upsert(
            name=data["name"],
            id_number=data["id_number"],
            gender=data["gender"],
            birth_date=data["birth_date"],
            region=village,
            household=data["household"],
            actor=actor,
        )
        return _("已登记%(name)s") % {"name": person.name}

    def link(data: dict[str, Any]) -> str:
        relative = data.get("relative") or _outsider(
            data["outsider_name"], data["outsider_id_number"], actor, "outsider_id_number"
        )
        created = kinship_services.kinship_link(
            person=data["person"], relative=relative, kind=data["kind"], actor=actor
        )
        names = {"person": created.person.name, "relative": created.relative.name}
        if created.kind == LinkKind.SPOUSE:
            return _("已登记%(person)s与%(relative)s的配偶关系") % names
        return _("已登记%(person)s与%(relative)s的父母关系") % names

    def unlink(data: dict[str, Any]) -> str:
        found = (
            KinshipLink.objects.filter(pk=data["link"])
            .filter(Q(person__region=village) | Q(relative__region=village))
            .first()
        )
        if found is None:
            raise NotFound("亲属关系", "link")
        kinship_services.kinship_unlink(link=found, reason=data["reason"], actor=actor)
        return _("已删除该亲属关系")

    done = handle(
        request,
        {
            "household": Entry(household_form, add_household),
            "person": Entry(person_form, save_person),
            "link": Entry(link_form, link),
            "unlink": Entry(unlink_form, unlink),
        },
    )
    if done is not None:
        return done
    households = kinship_selectors.household_list(region_id=village.pk)
    unhoused: list[Person] = []
    if query:
        matching = kinship_selectors.person_list(region_id=village.pk, query=query)
        households = households.filter(Q(code__icontains=query) | Q(pk__in=matching.values("household_id")))
    else:
        unhoused = list(
            kinship_selectors.person_list(region_id=village.pk).filter(household__isnull=True)[:50]
        )
    page = Paginator(
        households.prefetch_related(
            Prefetch("members", queryset=Person.objects.order_by("birth_date", "pk"))
        ),
        15,
    ).get_page(request.GET.get("page"))
    shown = [p for h in page.object_list for p in h.members.all()] + unhoused
    relatives = _relatives(shown)
    links = {link.pk: link for link in kinship_selectors.link_list(person_ids=[p.pk for p in shown])}
    return render(
        request,
        "deliberation/register.html",
        {
            "nav": "deliberation",
            "village": village,
            "page": page,
            "households": [
                (h, [(p, relatives.get(p.pk, [])) for p in h.members.all()]) for h in page.object_list
            ],
            "unhoused": [(p, relatives.get(p.pk, [])) for p in unhoused],
            "links": list(links.values()),
            "query": query,
            "editing": editing,
            "household_form": household_form,
            "person_form": person_form,
            "link_form": link_form,
            "unlink_form": unlink_form,
            "people_count": kinship_selectors.person_list(region_id=village.pk).count(),
            "households_count": kinship_selectors.household_list(region_id=village.pk).count(),
        },
    )


# --- the village roles ---------------------------------------------------------------------------

_ROLE_ORDER = [
    VillageRoleKind.REPRESENTATIVE,
    VillageRoleKind.VILLAGE_COMMITTEE,
    VillageRoleKind.PARTY_COMMITTEE,
    VillageRoleKind.SUPERVISION,
    VillageRoleKind.PARTY_MEMBER,
    VillageRoleKind.CLERK,
    VillageRoleKind.BOOKKEEPER,
    VillageRoleKind.COMMUNITY_POLICE,
    VillageRoleKind.LEGAL_ADVISER,
]


@staff_required
def roles(request: HttpRequest, code: str) -> HttpResponse:
    """Representatives (size and same-household rules flagged), committees, supervision committee."""
    actor = user_of(request)
    village = village_of(request, code)
    assign_form = forms.RoleAssignForm(
        bound(request, "assign"), village=village, initial={"started_on": timezone.localdate()}
    )
    end_form = forms.RoleEndForm(bound(request, "end"), initial={"ended_on": timezone.localdate()})

    def assign(data: dict[str, Any]) -> str:
        person = data.get("person")
        if person is None:
            person = _outsider(data["outsider_name"], data["outsider_id_number"], actor, "outsider_id_number")
        role = services.village_role_assign(
            village=village, person=person, kind=data["kind"], started_on=data["started_on"], actor=actor
        )
        return _("%(name)s已任%(role)s") % {"name": person.name, "role": role.get_kind_display()}

    def end(data: dict[str, Any]) -> str:
        role = VillageRole.objects.filter(pk=data["role"], village=village).select_related("person").first()
        if role is None:
            raise NotFound("村级任职", "role")
        services.village_role_end(role=role, ended_on=data["ended_on"], reason=data["reason"], actor=actor)
        return _("%(name)s的%(role)s职务已终止") % {"name": role.person.name, "role": role.get_kind_display()}

    done = handle(request, {"assign": Entry(assign_form, assign), "end": Entry(end_form, end)})
    if done is not None:
        return done
    check = selectors.representatives_check(village=village)
    shared = set(check.shared_households)
    held = list(selectors.village_roles(village=village))
    groups = [
        (VillageRoleKind(kind).label, kind, [r for r in held if r.kind == kind]) for kind in _ROLE_ORDER
    ]
    return render(
        request,
        "deliberation/roles.html",
        {
            "nav": "deliberation",
            "village": village,
            "check": check,
            "shared": shared,
            "flags": selectors.representatives_absence_flags(village=village),
            "groups": groups,
            "assign_form": assign_form,
            "end_form": end_form,
            "failed_role": request.POST.get("role", "") if end_form.is_bound else "",
        },
    )


# --- the catalogue and the expert pool -----------------------------------------------------------


def _scope_label(row: Any, region: Region) -> str:
    if row.region_id is None:
        return _("默认")
    if row.region_id == region.pk:
        return _("本村") if region.level == RegionLevel.VILLAGE else _("本镇")
    return _("本镇")


@staff_required
def catalogue(request: HttpRequest, code: str) -> HttpResponse:
    """The matter types in force in a town or village, its own versions, and its expert pool."""
    actor = user_of(request)
    region = region_of(request, code)
    procedures = selectors.procedure_list(region=region)
    bodies = selectors.body_list(region=region)
    types = selectors.matter_type_catalogue(region=region, include_inactive=True)
    editing = next((t for t in types if t.code == request.GET.get("edit")), None)
    initial: dict[str, Any] = {"exclusion_predicate": Predicate.RECUSAL_RELATIVE, "is_active": True}
    if editing is not None:
        initial = {
            "code": editing.code,
            "name": editing.name,
            "procedure": editing.procedure.code,
            "deciding_body": editing.deciding_body.code if editing.deciding_body else "",
            "involves_tender": editing.involves_tender,
            "expert_fields": list(editing.expert_fields or []),
            "exclusion_predicate": editing.exclusion_predicate,
            "legal_basis": editing.legal_basis,
            "sort_order": editing.sort_order,
            "is_active": editing.is_active,
        }
    type_form = forms.MatterTypeEntryForm(
        bound(request, "matter_type"), procedures=procedures, bodies=bodies, initial=initial
    )
    expert_form = forms.ExpertEntryForm(bound(request, "expert"))

    def define(data: dict[str, Any]) -> str:
        access.require_catalogue_editor(actor, region)
        procedure = next(p for p in procedures if p.code == data["procedure"])
        body = next((b for b in bodies if b.code == data["deciding_body"]), None)
        row = services.matter_type_define(
            code=data["code"],
            name=data["name"],
            procedure=procedure,
            involves_tender=data["involves_tender"],
            expert_fields=list(data["expert_fields"]),
            deciding_body=body,
            exclusion_predicate=data["exclusion_predicate"],
            legal_basis=data["legal_basis"],
            sort_order=data["sort_order"],
            is_active=data["is_active"],
            region=region,
            actor=actor,
        )
        return _("已保存%(region)s的事项类型“%(name)s”") % {"region": region.name, "name": row.name}

    def add_expert(data: dict[str, Any]) -> str:
        person = _outsider(data["name"], data["id_number"], actor, "id_number")
        expert = services.expert_register(
            person=person,
            field=data["field"],
            region=region,
            organisation=data["organisation"],
            title=data["title"],
            actor=actor,
        )
        return _("%(name)s已入%(region)s专家库（%(field)s）") % {
            "name": person.name,
            "region": region.name,
            "field": expert.get_field_display(),
        }

    done = handle(
        request, {"matter_type": Entry(type_form, define), "expert": Entry(expert_form, add_expert)}
    )
    if done is not None:
        return done
    pool_regions = [region.pk]
    if region.level == RegionLevel.VILLAGE and region.parent_id is not None:
        pool_regions.append(region.parent_id)
    pool = selectors.expert_pool_list(region_ids=pool_regions)
    return render(
        request,
        "deliberation/catalogue.html",
        {
            "nav": "deliberation",
            "region": region,
            "rows": [
                (t, _scope_label(t, region), [ExpertField(f).label for f in t.expert_fields or []])
                for t in types
            ],
            "type_form": type_form,
            "expert_form": expert_form,
            "editing": editing,
            "pool": pool,
            "is_village": region.level == RegionLevel.VILLAGE,
        },
    )


# --- attachments ---------------------------------------------------------------------------------


@staff_required
def attachment(request: HttpRequest, pk: int) -> FileResponse:
    """A meeting attachment, only to those who may see its matter (others: 404)."""
    try:
        item = access.attachment_get_for_user(user_of(request), pk)
    except NotFound:
        raise Http404 from None
    inline = item.content_type.startswith("image/") or item.content_type == "application/pdf"
    response = FileResponse(
        item.file.open("rb"),
        content_type=item.content_type,
        as_attachment=not inline,
        filename=item.original_name,
    )
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


__all__ = ["attachment", "catalogue", "register", "roles", "team", "tender"]
