"""What the deliberation pages share: the staff gate, the user, a refusal shown in its form."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django import forms as django_forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect
from django.utils import translation

from gongzhi.core.errors import ApplicationError, NotFound
from gongzhi.deliberation import access
from gongzhi.org.enums import RegionLevel
from gongzhi.org.models import Region, User

ViewFn = Callable[..., HttpResponseBase]


def staff_required(view: ViewFn) -> ViewFn:
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if getattr(request.user, "is_citizen", False):
            raise Http404
        return view(request, *args, **kwargs)

    return login_required(wrapped)


def user_of(request: HttpRequest) -> User:
    if not isinstance(request.user, User):
        raise Http404
    return request.user


def message_of(error: ApplicationError) -> str:
    language = translation.get_language() or "zh-hans"
    return error.message_en if language.startswith("en") else error.message_zh


def refused(form: django_forms.Form, error: ApplicationError) -> None:
    """Show a domain refusal in its form: under the field it names, else above the form."""
    field = str(error.detail.get("field", ""))
    form.add_error(field if field in form.fields else None, message_of(error))


def region_of(request: HttpRequest, code: str) -> Region:
    try:
        return access.region_get_for_user(user_of(request), code)
    except NotFound:
        raise Http404 from None


def village_of(request: HttpRequest, code: str) -> Region:
    place = region_of(request, code)
    if place.level != RegionLevel.VILLAGE:
        raise Http404
    return place


@dataclass
class Entry:
    """One form of an entry page and what submitting it does (returns the message shown)."""

    form: django_forms.Form
    perform: Callable[[dict[str, Any]], str]


def posted_name(request: HttpRequest) -> str:
    return request.POST.get("form", "") if request.method == "POST" else ""


def bound(request: HttpRequest, name: str) -> Any:
    """The posted data for the form called ``name`` (``None`` leaves the other forms unbound)."""
    return request.POST if posted_name(request) == name else None


def bound_files(request: HttpRequest, name: str) -> Any:
    return request.FILES if posted_name(request) == name else None


def handle(request: HttpRequest, entries: dict[str, Entry]) -> HttpResponse | None:
    """Run the posted form; a redirect back when it was done, ``None`` to show it with its errors.

    The forms post with HTMX (``hx-select="#main"``): the redirect is followed and the page's
    main part swapped in, so the message and the changed lists show without a full reload.
    """
    name = posted_name(request)
    if not name:
        return None
    entry = entries.get(name)
    if entry is None:
        raise Http404
    if not entry.form.is_valid():
        return None
    try:
        done = entry.perform(entry.form.cleaned_data)
    except NotFound:
        raise Http404 from None
    except ApplicationError as error:
        refused(entry.form, error)
        return None
    messages.success(request, done)
    query = request.GET.copy()
    query.pop("edit", None)  # an edit form that was saved closes
    return redirect(f"{request.path}?{query.urlencode()}" if query else request.path)
