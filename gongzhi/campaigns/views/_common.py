"""Small helpers shared by the campaign pages."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.paginator import Page, Paginator
from django.http import Http404, HttpRequest
from django.http.response import HttpResponseBase
from django.utils import translation

from gongzhi.campaigns import access, selectors
from gongzhi.campaigns.models import Campaign
from gongzhi.core.errors import ApplicationError
from gongzhi.org.models import User

View = TypeVar("View", bound=Callable[..., HttpResponseBase])
PER_PAGE = 30


def staff_required(view: View) -> View:
    """Signed in, and not a citizen account: the workbench is for staff."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if getattr(request.user, "is_citizen", False):
            raise Http404
        return view(request, *args, **kwargs)

    return login_required(wrapped)  # type: ignore[return-value]


def actor(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User):
        raise Http404
    return user


def is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def message_of(error: ApplicationError) -> str:
    language = translation.get_language() or "zh-hans"
    return error.message_en if language.startswith("en") else error.message_zh


def add_error(form: forms.Form, error: ApplicationError) -> None:
    """Show a refused action next to the field it concerns (``detail["field"]``), else on top."""
    field = str(error.detail.get("field", ""))
    form.add_error(field if field in form.fields else None, message_of(error))


def paginate(request: HttpRequest, items: Any, per_page: int = PER_PAGE) -> Page[Any]:
    return Paginator(items, per_page).get_page(request.GET.get("page"))


def campaign_context(user: User, campaign: Campaign, tab: str) -> dict[str, Any]:
    """What every campaign page needs: the campaign, the person's roles, the tab."""
    roles = access.roles_for(user, campaign)
    return {
        "campaign": campaign,
        "roles": roles,
        "tab": tab,
        "nav": "campaigns",
        "campaigns": selectors.campaign_list(),
        "may_supervise": access.may_see_supervision(user, campaign),
        "unread": selectors.notices_for(user=user).filter(read_at__isnull=True).count(),
    }
