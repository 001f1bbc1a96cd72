"""Open311 GeoReport v2 endpoints, with mySociety's ``servicerequestupdates`` extension.

Status codes as the spec says: 404 for a missing resource (service, request, token, jurisdiction),
403 for a missing or wrong ``api_key``, 400 for anything else. Errors are the spec's error
document in the requested format; a domain refusal keeps its message.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, QueryDict
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt

from gongzhi.api import webhooks
from gongzhi.api.enums import Scope
from gongzhi.api.models import ApiKey
from gongzhi.api.open311 import mapping, params, selectors
from gongzhi.api.open311.definitions import attributes_for
from gongzhi.api.open311.params import Open311Error, bad
from gongzhi.api.open311.render import document, errors, w3c
from gongzhi.api.open311.services import (
    RequestInput,
    open311_auto_accept,
    open311_comment,
    open311_request_create,
)
from gongzhi.api.principal import request_key
from gongzhi.core.errors import ApplicationError, NotFound, PermissionDenied
from gongzhi.core.ids import phone_is_valid

logger = logging.getLogger(__name__)
SPEC = "http://wiki.open311.org/GeoReport_v2"
MAX_DESCRIPTION = 4000


def _setting(name: str, default: Any) -> Any:
    return getattr(settings, name, default)


def _params(request: HttpRequest) -> QueryDict:
    return request.POST if request.method == "POST" else request.GET


def _check_jurisdiction(query: QueryDict) -> None:
    """One jurisdiction per endpoint: the id may be left out; a different one is not found."""
    given = params.value(query, "jurisdiction_id", max_length=100)
    if given and given != _setting("GONGZHI_OPEN311_JURISDICTION", "330603"):
        raise Open311Error(404, f"jurisdiction_id {given!r} not found")


def endpoint(*methods: str) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Method check, jurisdiction check and the error document around one Open311 view."""

    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @csrf_exempt
        def wrapped(request: HttpRequest, *args: Any, fmt: str = "xml", **kwargs: Any) -> HttpResponse:
            try:
                if request.method not in methods:
                    raise bad(f"method {request.method} is not supported here; use {' or '.join(methods)}")
                _check_jurisdiction(_params(request))
                if any(params.has_control(str(value)) for value in kwargs.values()):
                    raise Open311Error(404, "no such resource")
                return view(request, *args, fmt=fmt, **kwargs)
            except Open311Error as exc:
                return errors(fmt, exc.status, exc.description)
            except NotFound as exc:
                return errors(fmt, 404, exc.message)
            except PermissionDenied as exc:
                return errors(fmt, 403, exc.message)
            except ApplicationError as exc:
                field = exc.detail.get("field")
                return errors(fmt, 400, f"{exc.message}" + (f" [{field}]" if field else ""))

        wrapped.__name__ = view.__name__
        wrapped.__doc__ = view.__doc__
        return wrapped

    return decorate


def _require_key(query: QueryDict, request: HttpRequest, action: str) -> ApiKey:
    raw = params.value(query, "api_key", max_length=200)
    key = request_key(request, raw) if raw else None
    if key is None or Scope.OPEN311 not in (key.scopes or []):
        raise Open311Error(403, f"Invalid api_key received -- can't proceed with {action}.")
    return key


def open311_raw_key(request: HttpRequest) -> str | None:
    """For the guard: the ``api_key`` argument, so that a valid key is rate-limited per key."""
    raw = request.POST.get("api_key") if request.method == "POST" else request.GET.get("api_key")
    return raw.strip() if raw else ""


# --- discovery and services --------------------------------------------------------------------


@endpoint("GET")
def discovery(request: HttpRequest, fmt: str) -> HttpResponse:
    base = request.build_absolute_uri(reverse("open311:discovery", kwargs={"fmt": "xml"})).rsplit("/", 1)[0]
    changeset = selectors.catalogue_changeset()
    return document(
        fmt,
        "discovery",
        {
            "changeset": changeset,
            "contact": _setting("GONGZHI_OPEN311_CONTACT", "柯桥区社会治理中心"),
            "key_service": _setting(
                "GONGZHI_OPEN311_KEY_SERVICE",
                "向区社会治理中心申请应用密钥（gongzhi apikey create --scope open311）",
            ),
            "endpoints": [
                {
                    "specification": SPEC,
                    "url": base,
                    "changeset": changeset,
                    "type": _setting("GONGZHI_OPEN311_ENDPOINT_TYPE", "production"),
                    "formats": ["text/xml", "application/json"],
                }
            ],
        },
    )


def _service_out(category: Any) -> dict[str, Any]:
    first = category.parent.parent if category.parent and category.parent.parent else category
    return {
        "service_code": category.code,
        "service_name": category.name,
        "description": category.full_name,
        "metadata": bool(attributes_for(category.code)),
        "type": "realtime",
        "keywords": ",".join(part.strip() for part in category.full_name.split("/")),
        "group": first.name,
    }


@endpoint("GET")
def services(request: HttpRequest, fmt: str) -> HttpResponse:
    return document(fmt, "services", [_service_out(c) for c in selectors.service_categories()])


@endpoint("GET")
def service_definition(request: HttpRequest, service_code: str, fmt: str) -> HttpResponse:
    category = selectors.service_get(service_code)
    if category is None:
        raise Open311Error(404, f"service_code {service_code!r} not found")
    attributes = [
        attribute.as_dict(order) for order, attribute in enumerate(attributes_for(category.code), 1)
    ]
    return document(fmt, "service_definition", {"service_code": category.code, "attributes": attributes})


# --- requests ----------------------------------------------------------------------------------


@endpoint("GET", "POST")
def requests(request: HttpRequest, fmt: str) -> HttpResponse:
    if request.method == "POST":
        return _create(request, fmt)
    query = request.GET
    cases = selectors.published_requests()
    ids = params.comma_list(query, "service_request_id")
    if ids:  # overrides every other argument
        wanted = [int(item) for item in ids if item.isascii() and item.isdigit() and len(item) <= 18]
        cases = cases.filter(pk__in=wanted)
    else:
        codes = params.comma_list(query, "service_code")
        if codes:
            cases = cases.filter(category__code__in=codes)
        start, end = params.date_range(query)
        cases = cases.filter(registered_at__gte=start, registered_at__lte=end)
        statuses = [item.lower() for item in params.comma_list(query, "status")]
        if any(item not in ("open", "closed") for item in statuses):
            raise bad("status must be open, closed, or both (comma-separated)")
        if statuses and set(statuses) != {"open", "closed"}:
            cases = cases.filter(status__in=mapping.OPEN if statuses[0] == "open" else mapping.CLOSED)
    page_size = params.positive_int(
        query, "page_size", default=params.MAX_PAGE_SIZE, maximum=params.MAX_PAGE_SIZE
    )
    page = params.positive_int(query, "page", default=1, maximum=100000)
    rows = cases.order_by("-registered_at", "-id")[(page - 1) * page_size : page * page_size]
    return document(fmt, "service_requests", [mapping.request_out(case) for case in rows])


def _create(request: HttpRequest, fmt: str) -> HttpResponse:
    query = request.POST
    key = _require_key(query, request, "create_request")
    code = params.value(query, "service_code", max_length=40)
    if not code:
        raise bad("service_code not provided")
    category = selectors.service_get(code)
    if category is None:
        raise Open311Error(404, f"service_code {code!r} not found")
    location = params.coordinate(query)
    address_string = params.value(query, "address_string", max_length=200)
    address_id = params.value(query, "address_id", max_length=40)
    if location is None and not address_string and not address_id:
        raise bad("a location is required: lat and long, address_string, or address_id")
    region = selectors.region_for(
        address_id=address_id,
        address_string=address_string,
        district_code=_setting("GONGZHI_OPEN311_DISTRICT_CODE", "330603000000"),
    )
    if region is None:
        raise bad(f"address_id {address_id!r} is not a known region code")
    description = params.value(query, "description", max_length=MAX_DESCRIPTION)
    media_url = params.value(query, "media_url", max_length=500)
    if media_url and not media_url.lower().startswith(("http://", "https://")):
        raise bad("media_url must be an http(s) URL")
    phone = params.value(query, "phone", max_length=20)
    if phone and not phone_is_valid(phone):
        raise bad("phone is not a valid phone number")
    uploads = request.FILES.getlist("media") or request.FILES.getlist("photo1")
    if len(request.FILES) > 1 or len(uploads) > 1:
        raise bad("send at most one media file (media)")
    data = RequestInput(
        category=category,
        region=region,
        description=description,
        address_string=address_string,
        address_id=address_id,
        latitude=location[0] if location else None,
        longitude=location[1] if location else None,
        attributes=params.attributes(query, attributes_for(category.code)),
        first_name=params.value(query, "first_name", max_length=30),
        last_name=params.value(query, "last_name", max_length=30),
        phone=phone,
        email=params.value(query, "email", max_length=200),
        device_id=params.value(query, "device_id", max_length=100),
        account_id=params.value(query, "account_id", max_length=100),
        media_url=media_url,
        media=uploads[0] if uploads else None,
    )
    case = open311_request_create(key=key, data=data)
    webhooks.case_changed(case_id=case.pk, before_status=None)
    if open311_auto_accept(key=key, case=case):
        webhooks.case_changed(case_id=case.pk, before_status="registered")
    case = selectors.published_requests().get(pk=case.pk)
    result: dict[str, Any] = {
        "service_request_id": str(case.pk),
        "service_notice": mapping.service_notice(case),
    }
    if data.account_id:
        result["account_id"] = data.account_id
    return document(fmt, "service_requests", [result], status=201)


@endpoint("GET")
def request_one(request: HttpRequest, request_id: str, fmt: str) -> HttpResponse:
    case = selectors.published_request(request_id)
    if case is None:
        raise Open311Error(404, f"service_request_id {request_id!r} not found")
    return document(fmt, "service_requests", [mapping.request_out(case)])


@endpoint("GET")
def token(request: HttpRequest, token: str, fmt: str) -> HttpResponse:
    case = selectors.published_by_token(token)
    if case is None:
        raise Open311Error(404, f"token {token!r} not found")
    return document(
        fmt, "service_requests", [{"service_request_id": str(case.pk), "token": case.tracking_code}]
    )


# --- mySociety extension: servicerequestupdates ------------------------------------------------


@endpoint("GET", "POST")
def updates(request: HttpRequest, fmt: str) -> HttpResponse:
    query = _params(request)
    key = _require_key(query, request, "service request updates")
    if request.method == "POST":
        return _post_update(request, key, fmt)
    start, end = params.date_range(query)
    events = selectors.public_events().filter(occurred_at__gte=start, occurred_at__lte=end)
    outcomes = dict(selectors.published_requests().values_list("pk", "reply_outcome"))
    found: list[dict[str, Any]] = []
    for event in events.iterator(chunk_size=500):
        update = mapping.update_out(event, outcomes.get(event.subject_id, ""))
        if update is not None:
            found.append(update)
        if len(found) >= params.MAX_PAGE_SIZE:
            break
    return document(fmt, "service_requests_updates", found)


def _post_update(request: HttpRequest, key: ApiKey, fmt: str) -> HttpResponse:
    query = request.POST
    request_id = params.value(query, "service_request_id", max_length=20)
    if not request_id:
        raise bad("service_request_id not provided")
    case = selectors.published_request(request_id)
    if case is None:
        raise Open311Error(404, f"service_request_id {request_id!r} not found")
    description = params.value(query, "description", max_length=MAX_DESCRIPTION)
    if not description:
        raise bad("description not provided")
    author = " ".join(
        part
        for part in (params.value(query, "first_name", max_length=30), params.value(query, "last_name"))
        if part
    )
    status = params.value(query, "status", max_length=40).upper()
    text = description + (f"（报告状态：{status}）" if status else "")
    note = open311_comment(key=key, case=case, author=author[:60], text=text)
    update_id = f"note-{note.pk}"
    return document(
        fmt,
        "service_request_updates",
        [
            {
                "update_id": update_id,
                "service_request_id": str(case.pk),
                "updated_datetime": w3c(timezone.now()),
            }
        ],
    )


@csrf_exempt
def not_found(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    fmt = "json" if request.path.endswith(".json") else "xml"
    return errors(fmt, 404, "no such Open311 resource; see discovery.xml")
