"""Citizen pages (no login): submit a request, complaint or suggestion; track it; rate the answer.

Both forms are rate-limited per address across all processes (``throttle``): no CAPTCHA.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from gongzhi.cases import access
from gongzhi.cases import services as case_services
from gongzhi.cases.forms import PublicRatingForm
from gongzhi.cases.models import Case
from gongzhi.cases.services.public import case_submit_online
from gongzhi.core.errors import ApplicationError, NotFound
from gongzhi.org import selectors as org_selectors
from gongzhi.org.enums import RegionLevel
from gongzhi.org.models import Region
from gongzhi.routing.models import Category
from gongzhi.web import throttle
from gongzhi.web.forms import PUBLIC_TYPES, PublicSubmitForm, TrackForm

HOUR = timedelta(hours=1)

PLAIN_STATUS = {
    "registered": gettext_lazy("已收到，正在审查是否受理"),
    "dispatched": gettext_lazy("已受理，已交承办单位"),
    "returned": gettext_lazy("已受理，正在确定承办单位"),
    "in_progress": gettext_lazy("正在办理"),
    "replied": gettext_lazy("已答复"),
    "closed": gettext_lazy("已办结"),
    "under_review": gettext_lazy("复查/复核中"),
    "final": gettext_lazy("已办理终结"),
    "not_accepted": gettext_lazy("不予受理"),
    "redirected": gettext_lazy("请通过法定途径解决"),
    "transferred_out": gettext_lazy("已转送其他机关办理"),
    "merged": gettext_lazy("已与同一事项合并办理"),
}


def _message(error: ApplicationError, request: HttpRequest) -> str:
    return error.message_en if (request.LANGUAGE_CODE or "").startswith("en") else error.message_zh


def home(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated and not getattr(request.user, "is_citizen", False):
        return redirect("cases:queue")
    return render(request, "web/public/home.html", {"track": TrackForm()})


def _town(value: str | None) -> Region | None:
    if not value or not value.isdigit():
        return None
    return org_selectors.region_list(level=RegionLevel.TOWN).filter(pk=int(value)).first()


def _submit_form(request: HttpRequest) -> PublicSubmitForm:
    data = request.POST if request.method == "POST" else None
    town = _town((data or request.GET).get("town"))
    villages = org_selectors.region_children(region=town) if town else Region.objects.none()
    categories = Category.objects.filter(is_active=True, depth=2).order_by("sort_order", "code")
    return PublicSubmitForm(
        data,
        request.FILES or None,
        categories=categories,
        towns=org_selectors.region_list(level=RegionLevel.TOWN),
        villages=villages,
        initial={"type": "request"},
    )


def submit(request: HttpRequest) -> HttpResponse:
    form = _submit_form(request)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        limit = int(settings.PUBLIC_SUBMISSIONS_PER_HOUR)
        key = f"public:submit:{throttle.client_address(request)}"
        if data["website"]:
            form.add_error(None, _("提交失败，请稍后再试。"))
        elif not throttle.take(key, limit=limit, window=HOUR):
            form.add_error(None, _("提交过于频繁，请一小时后再试，或拨打热线电话。"))
        else:
            _label, kind, petition_class = PUBLIC_TYPES[data["type"]]
            try:
                case = case_submit_online(
                    kind=kind,
                    petition_class=petition_class,
                    subject=data["subject"],
                    description=data["description"],
                    region=data.get("village") or data["town"],
                    category=data.get("category"),
                    reporter_name=data["name"],
                    reporter_phone=data["phone"],
                    address=data["address"],
                    latitude=data["latitude"],
                    longitude=data["longitude"],
                    photos=data["photos"],
                )
            except ApplicationError as error:
                field = str(error.detail.get("field", ""))
                field = {"reporter_phone": "phone", "reporter_name": "name", "file": "photos"}.get(
                    field, field
                )
                form.add_error(field if field in form.fields else None, _message(error, request))
            else:
                request.session["public_submitted"] = case.tracking_code
                return redirect("public:thanks")
    status = 429 if form.non_field_errors() and request.method == "POST" else 200
    return render(request, "web/public/submit.html", {"form": form}, status=status)


def thanks(request: HttpRequest) -> HttpResponse:
    code = request.session.get("public_submitted")
    if not code:
        return redirect("public:submit")
    return render(request, "web/public/thanks.html", {"code": code})


@require_GET
def villages(request: HttpRequest) -> HttpResponse:
    town = _town(request.GET.get("town"))
    items = org_selectors.region_children(region=town) if town else []
    return render(request, "cases/_village_options.html", {"villages": items})


def _lookup(request: HttpRequest, form: TrackForm) -> Case | None:
    key = f"public:track:{throttle.client_address(request)}"
    if not throttle.take(key, limit=int(settings.PUBLIC_LOOKUPS_PER_HOUR), window=HOUR):
        form.add_error(None, _("查询过于频繁，请稍后再试。"))
        return None
    try:
        return access.case_get_by_tracking(form.cleaned_data["code"], form.cleaned_data["phone_tail"])
    except NotFound:
        form.add_error(None, _("查询码或手机号后四位不正确。"))
        return None


def _track_context(case: Case, form: TrackForm, rating: PublicRatingForm | None = None) -> dict[str, object]:
    can_rate = case.status in ("replied", "closed") and (
        case.rated_at is None or (case.replied_at is not None and case.rated_at < case.replied_at)
    )
    return {
        "case": case,
        "form": form,
        "plain_status": PLAIN_STATUS.get(case.status, case.get_status_display()),
        "reply": case.replies.order_by("-created_at").first(),
        "rating_form": rating or PublicRatingForm(),
        "can_rate": can_rate,
    }


def track(request: HttpRequest) -> HttpResponse:
    form = TrackForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        case = _lookup(request, form)
        if case is not None:
            return render(request, "web/public/track.html", _track_context(case, form))
    return render(request, "web/public/track.html", {"form": form})


@require_POST
def rate(request: HttpRequest) -> HttpResponse:
    form = TrackForm(request.POST)
    rating = PublicRatingForm(request.POST)
    if not form.is_valid():
        return render(request, "web/public/track.html", {"form": form})
    case = _lookup(request, form)
    if case is None:
        return render(request, "web/public/track.html", {"form": form})
    if rating.is_valid():
        try:
            case_services.case_rate_by_reporter(
                tracking_code=form.cleaned_data["code"],
                phone_tail=form.cleaned_data["phone_tail"],
                rating=rating.cleaned_data["rating"],
                comment=rating.cleaned_data["comment"],
            )
        except ApplicationError as error:
            rating.add_error(None, _message(error, request))
        else:
            case.refresh_from_db()
            context = _track_context(case, form)
            context["rated"] = True
            return render(request, "web/public/track.html", context)
    return render(request, "web/public/track.html", _track_context(case, form, rating))
