"""The market desk (招商对接台) for the economic bureau and the towns: listings, verification,
demands, suggestions both ways, contacts and deals."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _

from gongzhi.core.errors import ApplicationError
from gongzhi.market import access, selectors, services
from gongzhi.market.enums import DemandStatus, ListingKind, ListingStatus
from gongzhi.market.forms import (
    ContactForm,
    DealForm,
    DemandForm,
    EnterpriseForm,
    ListingForm,
    PhotoForm,
    ReasonForm,
    VerifyForm,
)
from gongzhi.market.models import Enterprise, ListingPhoto
from gongzhi.market.selectors import ListingFilter
from gongzhi.org.models import User


def _staff(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User) or not access.is_market_staff(user):
        raise Http404
    return user


def _message(error: ApplicationError) -> str:
    return error.message_en if (translation.get_language() or "").startswith("en") else error.message_zh


def _add_error(form: forms.Form, error: ApplicationError) -> None:
    field = str(error.detail.get("field", ""))
    form.add_error(field if field in form.fields else None, _message(error))


def _context(user: User, tab: str, **extra: Any) -> dict[str, Any]:
    return {"nav": "campaigns", "tab": tab, "is_bureau": access.is_bureau(user), **extra}


def _decimal(value: str | None) -> Decimal | None:
    try:
        return Decimal(value) if value else None
    except ArithmeticError:
        return None


def _enterprises(user: User) -> Any:
    if access.is_bureau(user):
        return Enterprise.objects.order_by("name")
    paths = access.town_paths(user)
    ids = [
        e.pk
        for e in Enterprise.objects.select_related("region")
        if any(e.region.path == path or e.region.path.startswith(path + "/") for path in paths)
    ]
    return Enterprise.objects.filter(pk__in=ids).order_by("name")


@login_required
def desk(request: HttpRequest) -> HttpResponse:
    user = _staff(request)
    query = request.GET
    filters = ListingFilter(
        kind=query.get("kind", "") if query.get("kind") in ListingKind.values else "",
        status=query.get("status", "") if query.get("status") in ListingStatus.values else "",
        q=query.get("q", "").strip()[:40],
    )
    listings = selectors.listing_list_for_staff(user=user, filters=filters)
    return render(
        request,
        "market/desk.html",
        _context(
            user,
            "listings",
            figures=selectors.market_figures(),
            pending=selectors.pending_verification(user=user)[:20],
            page=Paginator(listings, 25).get_page(query.get("page")),
            filters=filters,
            kinds=ListingKind.choices,
            statuses=ListingStatus.choices,
        ),
    )


def _save(request: HttpRequest, form: forms.Form, action: Callable[[], Any], done: str) -> Any:
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        result = action()
    except ApplicationError as error:
        _add_error(form, error)
        return None
    messages.success(request, done)
    return result


@login_required
def enterprise_new(request: HttpRequest) -> HttpResponse:
    user = _staff(request)
    form = EnterpriseForm(request.POST or None)
    created = _save(
        request,
        form,
        lambda: services.enterprise_upsert(actor=user, **form.cleaned_data),
        _("企业信息已保存"),
    )
    if created is not None:
        target = request.GET.get("next", "")
        return redirect(target if target.startswith("/market/") else "market:desk")
    return render(request, "market/form.html", _context(user, "listings", form=form, heading=_("登记企业")))


@login_required
def listing_new(request: HttpRequest) -> HttpResponse:
    user = _staff(request)
    form = ListingForm(
        request.POST or None, enterprises=_enterprises(user), initial={"kind": request.GET.get("kind")}
    )
    listing = _save(
        request,
        form,
        lambda: services.listing_create(
            actor=user, lister=form.cleaned_data["lister"], data=form.data_input()
        ),
        _("已保存草稿，提交后由经济部门核验"),
    )
    if listing is not None:
        return redirect("market:listing", pk=listing.pk)
    return render(
        request, "market/form.html", _context(user, "listings", form=form, heading=_("登记闲置资源"))
    )


@login_required
def listing_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = _staff(request)
    listing = access.listing_get_for_staff(user, pk)
    initial = {
        field: getattr(listing, field)
        for field in ListingForm.base_fields
        if field not in ("lister", "region") and hasattr(listing, field)
    }
    initial.update({"lister": listing.lister_id, "region": listing.region_id})
    form = ListingForm(request.POST or None, enterprises=_enterprises(user), initial=initial)
    done = _save(
        request,
        form,
        lambda: services.listing_update(actor=user, listing_id=pk, data=form.data_input()),
        _("已修改；已发布的资源须重新核验"),
    )
    if done is not None:
        return redirect("market:listing", pk=pk)
    return render(request, "market/form.html", _context(user, "listings", form=form, heading=listing.title))


def _listing_forms(
    user: User, listing: Any, matches: list[Any], data: Any = None, files: Any = None
) -> dict[str, Any]:
    contacted = {c.demand_id: c.demand for c in listing.contacts.all()}
    counterparts = [(m.demand.pk, f"{m.demand.code} {m.demand.enterprise}") for m in matches]
    counterparts += [
        (pk, f"{d.code} {d.enterprise}") for pk, d in contacted.items() if pk not in dict(counterparts)
    ]
    dealable = [
        (c.demand_id, f"{c.demand.code} {c.demand.enterprise}")
        for c in listing.contacts.all()
        if c.outcome != "not_suitable" and c.demand.status != DemandStatus.LANDED
    ]
    return {
        "verify": VerifyForm(data, prefix="verify"),
        "withdraw": ReasonForm(data, prefix="withdraw"),
        "photo": PhotoForm(data, files, prefix="photo"),
        "contact": ContactForm(data, prefix="contact", counterparts=counterparts),
        "deal": DealForm(data, prefix="deal", counterparts=list(dict(dealable).items())),
    }


@login_required
def listing_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _staff(request)
    listing = selectors.listing_detail_for_staff(user=user, listing_id=pk)
    matches = (
        selectors.matches_for_listing(listing=listing)
        if listing.status in ("available", "negotiating")
        else []
    )
    name = request.POST.get("action", "") if request.method == "POST" else ""
    forms_ = _listing_forms(user, listing, matches, request.POST or None, request.FILES or None)
    actions: dict[str, Callable[[Any], Any]] = {
        "submit": lambda f: services.listing_submit(actor=user, listing_id=pk),
        "verify": lambda f: services.listing_verify(
            actor=user,
            listing_id=pk,
            approve=f.cleaned_data["decision"] == "approve",
            note=f.cleaned_data["note"],
        ),
        "withdraw": lambda f: services.listing_withdraw(
            actor=user, listing_id=pk, reason=f.cleaned_data["reason"]
        ),
        "photo": lambda f: services.listing_photo_add(
            actor=user, listing_id=pk, upload=f.cleaned_data["photo"], caption=f.cleaned_data["caption"]
        ),
        "contact": lambda f: services.contact_record(
            actor=user,
            listing_id=pk,
            demand_id=f.cleaned_data["counterpart"],
            held_on=f.cleaned_data["held_on"],
            channel=f.cleaned_data["channel"],
            outcome=f.cleaned_data["outcome"],
            notes=f.cleaned_data["notes"],
        ),
        "deal": lambda f: services.deal_record(
            actor=user,
            listing_id=pk,
            demand_id=f.cleaned_data["counterpart"],
            signed_on=f.cleaned_data["signed_on"],
            area=f.cleaned_data["area"],
            expected_output_wan=f.cleaned_data["expected_output_wan"],
            investment_wan=f.cleaned_data["investment_wan"],
            notes=f.cleaned_data["notes"],
        ),
    }
    if name:
        if name not in actions:
            raise Http404
        form = forms_.get(name) or forms.Form(request.POST)
        if _save(request, form, lambda: actions[name](form), _("已保存")) is not None:
            return redirect("market:listing", pk=pk)
    else:
        forms_ = _listing_forms(user, listing, matches)
    return render(
        request,
        "market/listing.html",
        _context(user, "listings", listing=listing, matches=matches, forms=forms_, failed=name),
    )


@login_required
def demand_list(request: HttpRequest) -> HttpResponse:
    user = _staff(request)
    kind = request.GET.get("kind", "") if request.GET.get("kind") in ListingKind.values else ""
    status = request.GET.get("status", "") if request.GET.get("status") in DemandStatus.values else ""
    demands = selectors.demand_list_for_staff(
        user=user, kind=kind, status=status, q=request.GET.get("q", "")[:40]
    )
    return render(
        request,
        "market/demands.html",
        _context(
            user,
            "demands",
            page=Paginator(demands, 25).get_page(request.GET.get("page")),
            kind=kind,
            status=status,
            kinds=ListingKind.choices,
            statuses=DemandStatus.choices,
        ),
    )


@login_required
def demand_new(request: HttpRequest) -> HttpResponse:
    user = _staff(request)
    form = DemandForm(request.POST or None, enterprises=_enterprises(user))
    demand = _save(
        request,
        form,
        lambda: services.demand_create(
            actor=user, enterprise=form.cleaned_data["enterprise"], data=form.data_input()
        ),
        _("需求已登记"),
    )
    if demand is not None:
        return redirect("market:demand", pk=demand.pk)
    return render(
        request, "market/form.html", _context(user, "demands", form=form, heading=_("登记用地需求"))
    )


@login_required
def demand_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _staff(request)
    demand = selectors.demand_detail_for_staff(user=user, demand_id=pk)
    matches = selectors.matches_for_demand(demand=demand) if demand.status in ("open", "matched") else []
    counterparts = [(m.listing.pk, f"{m.listing.code} {m.listing.title}") for m in matches]
    form = ContactForm(request.POST or None, prefix="contact", counterparts=counterparts)
    close = ReasonForm(request.POST or None, prefix="close")
    name = request.POST.get("action", "") if request.method == "POST" else ""
    if name == "contact" and _save(
        request,
        form,
        lambda: services.contact_record(
            actor=user,
            listing_id=form.cleaned_data["counterpart"],
            demand_id=pk,
            held_on=form.cleaned_data["held_on"],
            channel=form.cleaned_data["channel"],
            outcome=form.cleaned_data["outcome"],
            notes=form.cleaned_data["notes"],
        ),
        _("对接已记录"),
    ):
        return redirect("market:demand", pk=pk)
    if name == "close" and _save(
        request,
        close,
        lambda: services.demand_close(actor=user, demand_id=pk, reason=close.cleaned_data["reason"]),
        _("需求已关闭"),
    ):
        return redirect("market:demand", pk=pk)
    if not name:
        form = ContactForm(prefix="contact", counterparts=counterparts)
        close = ReasonForm(prefix="close")
    return render(
        request,
        "market/demand.html",
        _context(
            user, "demands", demand=demand, matches=matches, contact_form=form, close_form=close, failed=name
        ),
    )


@login_required
def staff_photo(request: HttpRequest, pk: int) -> FileResponse:
    user = _staff(request)
    photo = ListingPhoto.objects.filter(pk=pk).first()
    if photo is None or not access.listing_queryset_for_staff(user).filter(pk=photo.listing_id).exists():
        raise Http404
    response = FileResponse(photo.file.open("rb"), content_type=photo.content_type)
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response
