"""一窗受理: the intake form per channel, its live helpers (HTMX) and the receipt."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from gongzhi.cases import access, selectors, services
from gongzhi.cases.enums import FIVE_LISTS, CaseStatus, Channel
from gongzhi.cases.forms import IntakeForm
from gongzhi.cases.models import Case
from gongzhi.cases.services.attachments import case_intake_with_attachments
from gongzhi.cases.views._common import actor, add_error, message_of, staff_required
from gongzhi.core.errors import ApplicationError
from gongzhi.org.models import Region, User
from gongzhi.routing import selectors as routing_selectors
from gongzhi.routing import services as routing_services
from gongzhi.routing.models import Category

CHANNELS = [(c.value, c.label) for c in FIVE_LISTS]


def _town(request: HttpRequest, value: str | None) -> Region | None:
    if not value or not value.isdigit():
        return None
    return selectors.intake_regions_for_user(user=actor(request)).filter(pk=int(value)).first()


def _form(request: HttpRequest, channel: str) -> IntakeForm:
    user = actor(request)
    data = request.POST if request.method == "POST" else None
    town = _town(request, (data or request.GET).get("town"))
    towns = selectors.intake_regions_for_user(user=user)
    villages = selectors.intake_regions_for_user(user=user, town=town) if town else Region.objects.none()
    initial: dict[str, object] = {"channel": channel}
    if towns.count() == 1:
        initial["town"] = towns.first()
    return IntakeForm(data, request.FILES or None, towns=towns, villages=villages, initial=initial)


@staff_required
def intake(request: HttpRequest, channel: str = Channel.VISIT) -> HttpResponse:
    if channel not in dict(CHANNELS):
        channel = Channel.VISIT
    form = _form(request, channel)
    category = None
    repeat_of = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        category = Category.objects.filter(pk=data.get("category") or 0, is_active=True).first()
        user = actor(request)
        try:
            with transaction.atomic():
                case = case_intake_with_attachments(
                    actor=user,
                    uploads=data["attachments"],
                    channel=data["channel"],
                    kind=data["kind"],
                    petition_class=data["petition_class"],
                    urgency=data["urgency"],
                    subject=data["subject"],
                    description=data["description"],
                    region=form.region(),
                    category=category,
                    is_anonymous=data["is_anonymous"],
                    reporter_name=data["reporter_name"],
                    reporter_phone=data["reporter_phone"],
                    reporter_id_number=data["reporter_id_number"],
                    reporter_address=data["reporter_address"],
                    group_size=data["group_size"],
                    parties=form.party_inputs(),
                    address=data["address"],
                    latitude=data["latitude"],
                    longitude=data["longitude"],
                )
                _record_choice(user, case, category, data)
        except ApplicationError as error:
            add_error(form, error, {"region": "town", "file": "attachments"})
        else:
            if data.get("repeat_of"):
                _merge_at_intake(request, case, data["repeat_of"])
            return redirect("cases:receipt", pk=case.pk)
    elif request.method == "POST":
        category = Category.objects.filter(pk=form.data.get("category") or 0).first()
    if request.method == "POST" and _int(form.data.get("repeat_of")):
        repeat_of = (
            access.case_queryset_for_user(actor(request)).filter(pk=_int(form.data.get("repeat_of"))).first()
        )
    return render(
        request,
        "cases/intake.html",
        {
            "form": form,
            "channel": channel,
            "channels": CHANNELS,
            "category": category,
            "repeat_of": repeat_of,
            "nav": "intake",
        },
    )


def _record_choice(user: User, case: Case, category: Category | None, data: dict[str, Any]) -> None:
    """The clerk accepted or corrected the suggested category: record it for the next training."""
    code = (data.get("suggested_category") or "").strip()
    if category is None or not code:
        return
    suggested = Category.objects.filter(code=code).first()
    routing_services.routing_correction_record(
        case=case,
        suggested=suggested,
        chosen=category,
        actor=user,
        model_version=data.get("suggestion_version") or "",
        source=data.get("suggestion_source") or "",
        confidence=data.get("suggestion_confidence"),
    )


def _merge_at_intake(request: HttpRequest, case: Case, master_id: int) -> None:
    """The clerk marked the new case as a repeat of an existing one: merge it (重复件并案).

    The case is registered whatever happens here; a refused merge is said on the receipt page
    and can be done later from the case page.
    """
    try:
        merged = services.case_merge(
            actor=actor(request), repeat_id=case.pk, master_id=master_id, reason="登记时标记为重复件"
        )
    except ApplicationError as error:
        messages.warning(request, _("未能并案：%(reason)s") % {"reason": message_of(error)})
        return
    master = Case.objects.filter(pk=master_id).values_list("tracking_code", flat=True).first()
    if merged.status == CaseStatus.MERGED:
        messages.success(request, _("已作为重复件并入 %(code)s") % {"code": master})
    else:
        messages.info(request, _("%(code)s 已处理终结，本件不再受理：请作不予受理决定") % {"code": master})


@require_GET
@staff_required
def category_options(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("category_q") or request.GET.get("q") or ""
    results = routing_selectors.category_search(query=query, limit=12) if query.strip() else []
    return render(request, "cases/_category_options.html", {"results": results, "query": query})


@require_GET
@staff_required
def village_options(request: HttpRequest) -> HttpResponse:
    town = _town(request, request.GET.get("town"))
    villages = selectors.intake_regions_for_user(user=actor(request), town=town) if town else []
    return render(request, "cases/_village_options.html", {"villages": villages})


@require_POST
@staff_required
def suggest(request: HttpRequest) -> HttpResponse:
    """While the clerk types (HTMX, debounced): the suggested category with its confidence and
    alternatives, the unit the responsibility list gives for category × place (631: lowest
    competent level), the place named in the text, and the possible repeats with their reasons —
    ``routing.selectors.intake_suggestion``, repeats limited to the cases the clerk may see."""
    user = actor(request)
    subject = request.POST.get("subject", "")
    description = request.POST.get("description", "")
    chosen = Category.objects.filter(pk=_int(request.POST.get("category")), is_active=True).first()
    region = _region(request)
    data = routing_selectors.intake_suggestion(
        subject=subject,
        description=description,
        address=request.POST.get("address", ""),
        region=region,
        phone=request.POST.get("reporter_phone", ""),
        id_number=request.POST.get("reporter_id_number", ""),
        chosen=chosen,
        user=user,
    )
    has_text = len(f"{subject}{description}".strip()) >= MIN_SUGGEST_CHARS
    return render(
        request,
        "cases/_suggest.html",
        {
            "has_text": has_text,
            "suggestion": _category_view(data["category"]) if has_text else None,
            "route": data["route"] if (has_text or chosen) else None,
            "place": _place_view(user, data["place"], region),
            "repeats": [_repeat_view(c) for c in data["repeats"]],
            "chosen": chosen,
            "region": region,
        },
    )


# Fewer characters than this: no category is suggested (the model would only guess).
MIN_SUGGEST_CHARS = 4


def _category_view(category: dict[str, Any]) -> dict[str, Any]:
    """The suggestion with each option's category row (for the pick buttons), top first."""
    options = [*category.get("alternatives", [])]
    codes = [o["category_code"] for o in options if o.get("category_code")]
    deeper = category.get("deeper")
    if deeper and deeper.get("category_code"):
        codes.append(deeper["category_code"])
    rows = {c.code: c for c in Category.objects.filter(code__in=codes, is_active=True)}
    alternatives = [
        {
            **o,
            "category": rows[o["category_code"]],
            "percent": round(100 * float(o.get("probability") or 0)),
        }
        for o in options
        if o.get("category_code") in rows
    ]
    top = rows.get(category.get("category_code") or "")
    confidence = float(alternatives[0]["probability"]) if alternatives else None
    return {
        "source": category.get("source"),
        "notice": category.get("notice"),
        "model_version": category.get("model_version") or "",
        "top": top,
        "confidence": confidence,
        "confidence_text": f"{confidence:.4f}" if confidence is not None else "",
        "confidence_percent": round(100 * confidence) if confidence is not None else None,
        # The first-level alternatives other than the one the top suggestion belongs to.
        "others": [o for o in alternatives if top is None or not top.code.startswith(o["category"].code)],
    }


def _repeat_view(candidate: dict[str, Any]) -> dict[str, Any]:
    status = candidate.get("status") or ""
    label = CaseStatus(status).label if status in CaseStatus.values else status
    return {**candidate, "status_label": label, "percent": round(100 * float(candidate.get("score") or 0))}


def _place_view(user: User, place: dict[str, Any], region: Region | None) -> dict[str, Any]:
    """The place resolved from the text, whether it differs from the chosen one, and the ids
    to fill the town/village pickers with (only where this clerk may register)."""
    codes = [code for code in (place.get("town_code"), place.get("village_code")) if code]
    regions = {r.code: r for r in Region.objects.filter(code__in=codes)}
    town = regions.get(place.get("town_code") or "")
    village = regions.get(place.get("village_code") or "")
    allowed_town = (
        town is not None and selectors.intake_regions_for_user(user=user).filter(pk=town.pk).exists()
    )
    allowed_village = (
        allowed_town
        and village is not None
        and selectors.intake_regions_for_user(user=user, town=town).filter(pk=village.pk).exists()
    )
    resolved = village or town
    differs = (
        region is not None
        and resolved is not None
        and region.pk != resolved.pk
        and not region.path.startswith(f"{resolved.path}/")
        and not resolved.path.startswith(f"{region.path}/")
    )
    return {
        **place,
        "town": town,
        "village": village,
        "pick_town": town.pk if allowed_town and town else None,
        "pick_village": village.pk if allowed_village and village else None,
        "differs": differs,
    }


def _int(value: str | None) -> int:
    return int(value) if value and value.isdigit() else 0


def _region(request: HttpRequest) -> Region | None:
    user = actor(request)
    town = _town(request, request.POST.get("town"))
    if town is None:
        return None
    village_id = _int(request.POST.get("village"))
    if village_id:
        village = selectors.intake_regions_for_user(user=user, town=town).filter(pk=village_id).first()
        if village is not None:
            return village
    return town


@staff_required
def receipt(request: HttpRequest, pk: int) -> HttpResponse:
    case = access.case_get_for_user(actor(request), pk)
    return render(request, "cases/receipt.html", {"case": case, "nav": "intake"})
