"""一窗受理: the intake form per channel, its live helpers (HTMX) and the receipt."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from gongzhi.cases import access, selectors
from gongzhi.cases.enums import FIVE_LISTS, Channel
from gongzhi.cases.forms import IntakeForm
from gongzhi.cases.services.attachments import case_intake_with_attachments
from gongzhi.cases.views._common import actor, add_error, staff_required
from gongzhi.core.errors import ApplicationError
from gongzhi.org.models import Region
from gongzhi.routing import selectors as routing_selectors
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
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        category = Category.objects.filter(pk=data.get("category") or 0, is_active=True).first()
        try:
            case = case_intake_with_attachments(
                actor=actor(request),
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
        except ApplicationError as error:
            add_error(form, error, {"region": "town", "file": "attachments"})
        else:
            return redirect("cases:receipt", pk=case.pk)
    elif request.method == "POST":
        category = Category.objects.filter(pk=form.data.get("category") or 0).first()
    return render(
        request,
        "cases/intake.html",
        {"form": form, "channel": channel, "channels": CHANNELS, "category": category, "nav": "intake"},
    )


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
    """While the clerk types: the category the text names, the unit the responsibility list
    gives for category × place (631: lowest competent level), and possible repeats."""
    user = actor(request)
    text = f"{request.POST.get('subject', '')} {request.POST.get('description', '')}"
    category = Category.objects.filter(pk=_int(request.POST.get("category")), is_active=True).first()
    region = _region(request)
    suggested_categories = selectors.categories_named_in(text=text) if category is None else []
    route = None
    if region is not None:
        route = routing_selectors.route_for(category=category or _first(suggested_categories), region=region)
    repeats = selectors.possible_repeats(
        user=user,
        phone=request.POST.get("reporter_phone", ""),
        id_number=request.POST.get("reporter_id_number", ""),
        village_id=region.pk if region is not None and region.level == "village" else None,
        category_id=category.pk if category else None,
    )
    return render(
        request,
        "cases/_suggest.html",
        {"categories": suggested_categories, "route": route, "repeats": repeats, "category": category},
    )


def _int(value: str | None) -> int:
    return int(value) if value and value.isdigit() else 0


def _first(items: list[Category]) -> Category | None:
    return items[0] if items else None


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
