"""The mediation pages inside the workbench: the board, the mediator directory, the mediation
page with its actions, the organisation (studio) pages with their figures.

Thin: fetch through ``access`` and the selectors (a mediation outside the user's scope is a
404), offer only the actions ``access.allowed_actions`` allows, call one service per action and
show a refusal next to its form.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django import forms as django_forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from gongzhi.core.errors import ApplicationError, NotFound
from gongzhi.mediation import access, documents, forms, selectors, services
from gongzhi.mediation.enums import (
    OPEN_MEDIATION_STATUSES,
    AgreementStatus,
    OrganisationType,
    PerformanceStatus,
    Route,
    SessionStatus,
    SignerKind,
    StudioRating,
)
from gongzhi.mediation.languages import language_label
from gongzhi.mediation.models import Mediation, Mediator
from gongzhi.mediation.services.agreements import FIELD_LABELS, missing_statutory_fields
from gongzhi.org import selectors as org_selectors
from gongzhi.org.models import User

ViewFn = Callable[..., HttpResponseBase]


def staff_required(view: ViewFn) -> ViewFn:
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if getattr(request.user, "is_citizen", False):
            raise Http404
        return view(request, *args, **kwargs)

    return login_required(wrapped)


def _user(request: HttpRequest) -> User:
    if not isinstance(request.user, User):
        raise Http404
    return request.user


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def _message(error: ApplicationError) -> str:
    language = translation.get_language() or "zh-hans"
    return error.message_en if language.startswith("en") else error.message_zh


def _refused(form: django_forms.Form, error: ApplicationError) -> None:
    field = str(error.detail.get("field", ""))
    form.add_error(field if field in form.fields else None, _message(error))


# --- the board and the lists ---------------------------------------------------------------------


SHOWN = 8  # rows per board section; the tiles count them all (up to the selector's limit)


@staff_required
def board(request: HttpRequest) -> HttpResponse:
    """The mediation board of the user's centre or organisation (their scope)."""
    user = _user(request)
    organisation = None
    code = request.GET.get("organisation", "")
    if code:
        try:
            organisation = selectors.organisation_get(code=code)
        except NotFound:
            raise Http404 from None
    found = selectors.mediation_board(user=user, organisation=organisation)
    columns = [
        (key, label, items[:SHOWN], len(items), max(0, len(items) - SHOWN))
        for key, label, items in (
            ("new", _("新申请待受理"), found.new),
            ("awaiting_signatures", _("协议待签署"), found.awaiting_signatures),
            ("due_soon", _("即将到期"), found.due_soon),
            ("overdue", _("已超期"), found.overdue),
            ("in_progress", _("调解中"), found.in_progress),
            ("case_sync_pending", _("待回填事项"), found.case_sync_pending),
        )
    ]
    return render(
        request,
        "mediation/board.html",
        {
            "nav": "mediation",
            "board": found,
            "columns": columns,
            "organisation": organisation,
            "sees_everything": access.sees_everything(user),
            "units": sorted({m.unit.name for m in org_selectors.memberships_for_user(user=user)}),
            "now": timezone.now(),
        },
    )


def _choices(queryset: Any) -> list[tuple[str, str]]:
    return [(o.code, o.name) for o in queryset]


@staff_required
def directory(request: HttpRequest) -> HttpResponse:
    studios = selectors.organisation_list().exclude(level="village")
    types = selectors.dispute_type_list(mediable=True)
    form = forms.DirectoryFilter(request.GET or None, types=_choices(types), studios=_choices(studios))
    data = form.cleaned_data if form.is_valid() else {}
    studio = None
    if data.get("studio"):
        studio = selectors.organisation_get(code=data["studio"])
    mediators = selectors.mediator_directory(
        language=data.get("language", ""),
        dispute_type=types.filter(code=data["speciality"]).first() if data.get("speciality") else None,
        organisation=studio,
        text=data.get("q", ""),
        foreign_only=bool(data.get("foreign")),
    )
    page = Paginator(mediators, 40).get_page(request.GET.get("page"))
    rows = list(page.object_list)
    outcomes = selectors.mediator_outcomes([m.pk for m in rows])
    return render(
        request,
        "mediation/directory.html",
        {
            "nav": "mediation",
            "form": form,
            "rows": [(m, [language_label(c) for c in m.languages], outcomes.get(m.pk, (0, 0))) for m in rows],
            "total": page.paginator.count,
            "page": page,
            "query": _without_page(request),
        },
    )


def _without_page(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


RATING_ORDER = (
    StudioRating.PROVINCIAL_GOLD,
    StudioRating.PROVINCIAL,
    StudioRating.MUNICIPAL,
    StudioRating.DISTRICT,
)
LEVEL_ORDER = {"district": 0, "town": 1, "village": 2}
ORGANISATION_TABS: list[tuple[str, Promise, dict[str, Any]]] = [
    (
        "studios",
        _("调解工作室"),
        {"org_type__in": [OrganisationType.STUDIO, OrganisationType.FOREIGN_RELATED]},
    ),
    ("industry", _("行业专业调委会"), {"org_type": OrganisationType.INDUSTRY}),
    (
        "district",
        _("区、镇调委会"),
        {"org_type": OrganisationType.PEOPLES, "level__in": ["district", "town"]},
    ),
    ("village", _("村（社区）调委会"), {"org_type": OrganisationType.PEOPLES, "level": "village"}),
]


@staff_required
def organisations(request: HttpRequest) -> HttpResponse:
    tab = request.GET.get("tab", "studios")
    filters = next((f for key, _label, f in ORGANISATION_TABS if key == tab), None)
    if filters is None:
        raise Http404
    rank: dict[str, int] = {str(rating): index for index, rating in enumerate(RATING_ORDER)}
    found = sorted(
        selectors.organisation_list().filter(**filters),
        key=lambda o: (rank.get(o.rating, len(rank)), LEVEL_ORDER.get(o.level, 3), o.code),
    )
    figures = selectors.organisation_figures_many(found)
    return render(
        request,
        "mediation/organisations.html",
        {
            "nav": "mediation",
            "tab": tab,
            "tabs": [(key, label) for key, label, _f in ORGANISATION_TABS],
            "rows": [(o, figures[o.pk]) for o in found],
        },
    )


@staff_required
def organisation(request: HttpRequest, code: str) -> HttpResponse:
    user = _user(request)
    try:
        found = selectors.organisation_get(code=code)
    except NotFound:
        raise Http404 from None
    return render(
        request,
        "mediation/organisation.html",
        {
            "nav": "mediation",
            "organisation": found,
            "figures": selectors.organisation_figures(organisation=found),
            "warnings": selectors.organisation_warnings(found),
            "members": list(found.members.all()),
            "mediations": list(selectors.mediation_list(user=user, organisation=found)[:30]),
            "org_languages": [language_label(c) for c in found.languages],
        },
    )


# --- the mediation page and its actions ----------------------------------------------------------


Build = Callable[[Mediation, Any], django_forms.Form]
Perform = Callable[[User, Mediation, Any], Promise]


@dataclass(frozen=True)
class Action:
    name: str
    label: Promise
    icon: str
    build: Build
    perform: Perform
    danger: bool = False


def _parties(m: Mediation) -> list[tuple[int, str]]:
    return [
        (p.pk, f"{p.name}（{p.role or p.get_kind_display()}）")
        for p in m.parties.all()
        if p.refused_at is None
    ]


def _active_mediators(m: Mediation) -> list[tuple[int, str]]:
    return [(a.mediator_id, a.mediator.name) for a in m.assignments.all() if a.is_active]


def _scheduled(m: Mediation) -> list[tuple[int, str]]:
    return [
        (s.pk, f"第{s.sequence}次 {timezone.localtime(s.scheduled_at):%m-%d %H:%M} {s.place}")
        for s in m.sessions.all()
        if s.status == SessionStatus.SCHEDULED
    ]


def _pending_items(m: Mediation) -> list[tuple[int, str]]:
    agreement = getattr(m, "agreement", None)
    if agreement is None:
        return []
    pending = (PerformanceStatus.PENDING, PerformanceStatus.OVERDUE)
    return [
        (i.pk, f"{i.description}（{i.due_date:%Y-%m-%d}）")
        for i in agreement.performance_items.all()
        if i.status in pending
    ]


def _signers(m: Mediation) -> list[tuple[str, str]]:
    agreement = getattr(m, "agreement", None)
    if agreement is None:
        return []
    signed = {(s.signer_kind, s.party_id or s.mediator_id) for s in agreement.signatures.all()}
    rows: list[tuple[str, str]] = [
        (f"party:{p['id']}", f"{p['name']}（当事人）")
        for p in agreement.parties_snapshot
        if (SignerKind.PARTY, p["id"]) not in signed
    ]
    rows += [
        (f"mediator:{mid}", f"{name}（调解员）")
        for mid, name in _active_mediators(m)
        if (SignerKind.MEDIATOR, mid) not in signed
    ]
    if not any(kind == SignerKind.COMMITTEE_SEAL for kind, _x in signed):
        rows.append(("seal", f"{m.organisation.name}（印章）"))
    return rows


def _plain(form_class: type[django_forms.Form]) -> Build:
    return lambda m, data: form_class(data)


def _with(form_class: type[forms.ChoiceBuilt], **sources: Callable[[Mediation], list[Any]]) -> Build:
    def build(m: Mediation, data: Any) -> django_forms.Form:
        return form_class(data, choices={name: source(m) for name, source in sources.items()})

    return build


def _assign_build(m: Mediation, data: Any) -> django_forms.Form:
    result = selectors.mediator_suggest(mediation=m, limit=20)
    mediators = [(s.mediator.pk, f"{s.mediator.name}（{s.score:g}分）") for s in result.suggestions]
    parties = [(None, "—"), *_parties(m)]
    return forms.AssignForm(data, choices={"mediator": mediators, "chosen_by": parties})


def _extend_build(m: Mediation, data: Any) -> django_forms.Form:
    parties = _parties(m)
    form = forms.ExtendForm(data, choices={"parties": parties})
    form.fields["parties"].initial = [pk for pk, _label in parties]
    return form


def _draft_build(m: Mediation, data: Any) -> django_forms.Form:
    agreement = getattr(m, "agreement", None)
    initial: dict[str, Any] = {"facts": m.description}
    if agreement is not None:
        fields = (
            "facts",
            "issues",
            "responsibilities",
            "terms",
            "performance_method",
            "performance_deadline",
        )
        initial = {f: getattr(agreement, f) for f in fields} | {
            "translated_terms": agreement.translated_terms,
            "translation_language": agreement.translation_language,
            "interpreter_name": agreement.interpreter_name,
            "items": "\n".join(
                f"{i.due_date:%Y-%m-%d} {i.description}" for i in agreement.performance_items.all()
            ),
        }
    return forms.DraftForm(data, initial=initial)


def _accept(u: User, m: Mediation, d: Any) -> Promise:
    services.mediation_accept(actor=u, mediation_id=m.pk)
    return _("已受理，调解期限开始计算")


def _not_accept(u: User, m: Mediation, d: Any) -> Promise:
    services.mediation_not_accept(actor=u, mediation_id=m.pk, reason=d["reason"])
    return _("已不予受理")


def _assign(u: User, m: Mediation, d: Any) -> Promise:
    services.mediator_assign(
        actor=u, mediation_id=m.pk, mediator_id=d["mediator"], chosen_by_party_id=d["chosen_by"]
    )
    return _("已指派调解员")


def _object(u: User, m: Mediation, d: Any) -> Promise:
    services.mediator_object(
        actor=u, mediation_id=m.pk, party_id=d["party"], mediator_id=d["mediator"], reason=d["reason"]
    )
    return _("已记录当事人不接受该调解员")


def _refuse(u: User, m: Mediation, d: Any) -> Promise:
    services.mediation_party_refuse(actor=u, mediation_id=m.pk, party_id=d["party"], reason=d["reason"])
    return _("当事人拒绝调解，调解已终止")


def _schedule(u: User, m: Mediation, d: Any) -> Promise:
    form = d["_form"]
    services.session_schedule(
        actor=u,
        mediation_id=m.pk,
        scheduled_at=d["scheduled_at"],
        place=d["place"],
        invitees=[services.Invitee(name=name, relation=relation) for name, relation in form.invitee_list()],
        parties_consent_to_invitees=d["consent"],
    )
    return _("已安排调解会")


def _record(u: User, m: Mediation, d: Any) -> Promise:
    services.session_record(actor=u, session_id=d["session"], record=d["record"])
    return _("已记录调解会")


def _cancel(u: User, m: Mediation, d: Any) -> Promise:
    services.session_cancel(actor=u, session_id=d["session"], reason=d["reason"])
    return _("已取消调解会")


def _extend(u: User, m: Mediation, d: Any) -> Promise:
    services.mediation_extend(
        actor=u, mediation_id=m.pk, days=d["days"], reason=d["reason"], requested_by_party_ids=d["parties"]
    )
    return _("已延长调解期限")


def _draft(u: User, m: Mediation, d: Any) -> Promise:
    services.agreement_draft(
        actor=u,
        mediation_id=m.pk,
        facts=d["facts"],
        issues=d["issues"],
        responsibilities=d["responsibilities"],
        terms=d["terms"],
        performance_method=d["performance_method"],
        performance_deadline=d["performance_deadline"],
        performance_items=[
            services.PerformanceInput(description=text, due_date=day) for day, text in d["items"]
        ],
        translation_language=d["translation_language"],
        translated_terms=d["translated_terms"],
        interpreter_name=d["interpreter_name"],
    )
    return _("调解协议草稿已保存")


def _oral(u: User, m: Mediation, d: Any) -> Promise:
    services.agreement_record_oral(actor=u, mediation_id=m.pk, terms=d["terms"], facts=d["facts"])
    return _("口头协议已记录，调解成功")


def _agreement_id(m: Mediation) -> int:
    agreement = getattr(m, "agreement", None)
    if agreement is None:
        raise NotFound("调解协议", "agreement")
    return int(agreement.pk)


def _finalise(u: User, m: Mediation, d: Any) -> Promise:
    services.agreement_finalise(actor=u, agreement_id=_agreement_id(m))
    return _("协议已定稿，待各方签署")


def _sign(u: User, m: Mediation, d: Any) -> Promise:
    kind, _sep, who = str(d["signer"]).partition(":")
    services.agreement_sign(
        actor=u,
        agreement_id=_agreement_id(m),
        signer_kind={"seal": SignerKind.COMMITTEE_SEAL}.get(kind, kind),
        method=d["method"],
        party_id=int(who) if kind == "party" else None,
        mediator_id=int(who) if kind == "mediator" else None,
    )
    return _("已记录签署")


def _terminate(u: User, m: Mediation, d: Any) -> Promise:
    services.mediation_terminate(
        actor=u, mediation_id=m.pk, reason=d["reason"], note=d["note"], routes=d["routes"]
    )
    return _("已终止调解并告知救济途径")


def _escalate(u: User, m: Mediation, d: Any) -> Promise:
    services.mediation_escalate(actor=u, mediation_id=m.pk, reason=d["reason"])
    return _("已上报上一级调解组织")


def _danger(u: User, m: Mediation, d: Any) -> Promise:
    services.mediation_report_danger(actor=u, mediation_id=m.pk, description=d["description"])
    return _("已立即报告辖区公安机关")


def _apply(u: User, m: Mediation, d: Any) -> Promise:
    services.confirmation_apply(
        actor=u,
        agreement_id=_agreement_id(m),
        all_parties_join=d["all_parties_join"],
        court_name=d["court_name"],
    )
    return _("已登记司法确认申请")


def _waive(u: User, m: Mediation, d: Any) -> Promise:
    services.confirmation_waive(actor=u, agreement_id=_agreement_id(m), note=d["note"])
    return _("已登记当事人不申请司法确认")


def _court_accept(u: User, m: Mediation, d: Any) -> Promise:
    services.confirmation_court_accept(
        actor=u, agreement_id=_agreement_id(m), court_case_number=d["court_case_number"]
    )
    return _("已登记法院受理")


def _court_not_accept(u: User, m: Mediation, d: Any) -> Promise:
    services.confirmation_court_not_accept(actor=u, agreement_id=_agreement_id(m), reason=d["reason"])
    return _("已登记法院不予受理")


def _court_extend(u: User, m: Mediation, d: Any) -> Promise:
    services.confirmation_extend_decision(actor=u, agreement_id=_agreement_id(m))
    return _("已登记法院延长审查期限")


def _court_decide(u: User, m: Mediation, d: Any) -> Promise:
    services.confirmation_decide(
        actor=u, agreement_id=_agreement_id(m), confirmed=d["confirmed"], note=d["note"]
    )
    return _("已登记法院裁定")


def _performance(u: User, m: Mediation, d: Any) -> Promise:
    services.performance_record(actor=u, item_id=d["item"], performed=d["performed"], note=d["note"])
    return _("已登记履行回访")


def _satisfaction(u: User, m: Mediation, d: Any) -> Promise:
    services.mediation_record_satisfaction(actor=u, mediation_id=m.pk, rating=d["rating"])
    return _("已登记满意度")


def _case_sync(u: User, m: Mediation, d: Any) -> Promise:
    services.mediation_case_sync(actor=u, mediation_id=m.pk)
    return _("已回填事项")


ACTIONS: dict[str, Action] = {
    a.name: a
    for a in (
        Action("accept", _("受理"), "check2-circle", _plain(forms.EmptyForm), _accept),
        Action("not_accept", _("不予受理"), "x-circle", _plain(forms.ReasonForm), _not_accept),
        Action("assign", _("指派 / 当事人选定调解员"), "person-plus", _assign_build, _assign),
        Action("schedule", _("安排调解会"), "calendar-plus", _plain(forms.ScheduleForm), _schedule),
        Action(
            "record_session",
            _("记录调解会"),
            "journal-text",
            _with(forms.SessionRecordForm, session=_scheduled),
            _record,
        ),
        Action(
            "cancel_session",
            _("取消调解会"),
            "calendar-x",
            _with(forms.SessionCancelForm, session=_scheduled),
            _cancel,
        ),
        Action("draft", _("草拟书面调解协议"), "file-earmark-text", _draft_build, _draft),
        Action(
            "finalise",
            _("协议定稿（检查法定内容）"),
            "file-earmark-check",
            _plain(forms.EmptyForm),
            _finalise,
        ),
        Action("sign", _("记录签署 / 盖章 / 按指印"), "pen", _with(forms.SignForm, signer=_signers), _sign),
        Action("oral", _("记录口头协议"), "chat-quote", _plain(forms.OralForm), _oral),
        Action("extend", _("延长调解期限"), "hourglass-split", _extend_build, _extend),
        Action(
            "object",
            _("当事人不接受调解员"),
            "person-x",
            _with(forms.ObjectForm, party=_parties, mediator=_active_mediators),
            _object,
        ),
        Action(
            "refuse",
            _("当事人拒绝调解"),
            "slash-circle",
            _with(forms.RefuseForm, party=_parties),
            _refuse,
            True,
        ),
        Action("terminate", _("终止调解"), "stop-circle", _plain(forms.TerminateForm), _terminate, True),
        Action("escalate", _("上报上一级"), "arrow-up-circle", _plain(forms.EscalateForm), _escalate),
        Action(
            "danger",
            _("报告激化风险（公安）"),
            "exclamation-triangle",
            _plain(forms.DangerForm),
            _danger,
            True,
        ),
        Action(
            "confirmation_apply", _("登记司法确认申请"), "bank", _plain(forms.ConfirmationApplyForm), _apply
        ),
        Action(
            "confirmation_waive", _("当事人不申请司法确认"), "dash-circle", _plain(forms.NoteForm), _waive
        ),
        Action("court_accept", _("法院受理"), "bank", _plain(forms.CourtAcceptForm), _court_accept),
        Action("court_not_accept", _("法院不予受理"), "bank", _plain(forms.ReasonForm), _court_not_accept),
        Action("court_extend", _("法院延长审查期限"), "hourglass", _plain(forms.EmptyForm), _court_extend),
        Action("court_decide", _("法院裁定"), "hammer", _plain(forms.CourtDecideForm), _court_decide),
        Action(
            "performance",
            _("履行回访"),
            "clipboard-check",
            _with(forms.PerformanceForm, item=_pending_items),
            _performance,
        ),
        Action("satisfaction", _("满意度"), "emoji-smile", _plain(forms.SatisfactionForm), _satisfaction),
        Action("case_sync", _("回填事项"), "arrow-repeat", _plain(forms.EmptyForm), _case_sync),
    )
}


def _mediation(user: User, pk: int) -> Mediation:
    try:
        return selectors.mediation_detail(user=user, mediation_id=pk)
    except NotFound:
        raise Http404 from None


def _context(
    user: User, mediation: Mediation, *, failed: tuple[str, django_forms.Form] | None = None, done: str = ""
) -> dict[str, Any]:
    allowed = access.allowed_actions(user, mediation)
    available = []
    for name, action in ACTIONS.items():
        if name in allowed:
            form = failed[1] if failed and failed[0] == name else action.build(mediation, None)
            available.append((action, form))
    agreement = getattr(mediation, "agreement", None)
    missing: list[str] = []
    if agreement is not None and agreement.status == AgreementStatus.DRAFT and agreement.form == "written":
        parties = [p for p in mediation.parties.all() if p.refused_at is None]
        missing = [
            str(FIELD_LABELS.get(m, "当事人的基本情况")) for m in missing_statutory_fields(agreement, parties)
        ]
    is_open = mediation.status in OPEN_MEDIATION_STATUSES
    suggestions = selectors.mediator_suggest(mediation=mediation) if is_open and allowed else None
    chain: list[Mediation] = []
    step = mediation.previous
    while step is not None and len(chain) < 5:
        chain.append(step)
        step = step.previous
    return {
        "nav": "mediation",
        "mediation": mediation,
        "agreement": agreement,
        "confirmation": getattr(agreement, "confirmation", None) if agreement is not None else None,
        "missing": list(dict.fromkeys(missing)),
        "actions": available,
        "open_action": failed[0] if failed else "",
        "done": done,
        "suggestions": suggestions,
        "excluded": _excluded(suggestions),
        "chain": list(reversed(chain)),
        "next_level": Mediation.objects.filter(previous=mediation).first(),
        "may_act": bool(allowed),
        "may_assign": "assign" in allowed,
        "routes": [str(Route(r).label) for r in mediation.routes if r in Route.values],
        "now": timezone.now(),
    }


def _excluded(result: selectors.MatchResult | None) -> list[tuple[str, list[str]]]:
    if result is None or not result.excluded:
        return []
    names = dict(Mediator.objects.filter(pk__in=list(result.excluded)[:30]).values_list("pk", "name"))
    return [(names[pk], reasons) for pk, reasons in result.excluded.items() if pk in names]


@staff_required
def mediation(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    return render(request, "mediation/mediation.html", _context(user, _mediation(user, pk)))


@require_POST
@staff_required
def act(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    """Run one action; answer with the re-rendered mediation body (HTMX) or a redirect."""
    user = _user(request)
    found = _mediation(user, pk)
    action = ACTIONS.get(name)
    if action is None or name not in access.allowed_actions(user, found):
        raise Http404
    form = action.build(found, request.POST)
    done = ""
    if form.is_valid():
        try:
            done = str(action.perform(user, found, {**form.cleaned_data, "_form": form}))
        except NotFound:
            raise Http404 from None
        except ApplicationError as error:
            _refused(form, error)
    if form.errors:
        context = _context(user, found, failed=(name, form))
        template = "mediation/_mediation_body.html" if _is_htmx(request) else "mediation/mediation.html"
        return render(request, template, context)
    if not _is_htmx(request):
        messages.success(request, done)
        return redirect("mediation:mediation", pk=pk)
    return render(request, "mediation/_mediation_body.html", _context(user, _mediation(user, pk), done=done))


@staff_required
def agreement_document(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """The agreement (调解协议书) as PDF or Word, for those who may see its mediation."""
    if fmt not in ("pdf", "docx"):
        raise Http404
    try:
        agreement = selectors.agreement_get_for_user(user=_user(request), agreement_id=pk)
    except NotFound:
        raise Http404 from None
    if fmt == "pdf":
        response = HttpResponse(documents.agreement_render_pdf(agreement), content_type="application/pdf")
    else:
        response = HttpResponse(
            documents.agreement_render_docx(agreement),
            content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        )
    response["Content-Disposition"] = f'attachment; filename="agreement-{agreement.mediation.number}.{fmt}"'
    return response
