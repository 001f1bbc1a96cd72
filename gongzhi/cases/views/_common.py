"""Small helpers shared by the case pages."""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property, wraps
from typing import Any, TypeVar

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.http.response import HttpResponseBase
from django.utils import translation

from gongzhi.core.errors import ApplicationError
from gongzhi.org.models import User

View = TypeVar("View", bound=Callable[..., HttpResponseBase])
PER_PAGE = 25
# The case lists count at most this many rows: beyond it the pager says "more than 10,000" and
# asks for a filter. Counting a whole history costs ~1.5 s a page at a million cases on SQLite.
COUNT_CAP = 10_000


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


def add_error(form: forms.Form, error: ApplicationError, aliases: dict[str, str] | None = None) -> None:
    """Show a refused action next to the field it concerns (``detail["field"]``), else on top."""
    field = str(error.detail.get("field", ""))
    field = (aliases or {}).get(field, field)
    form.add_error(field if field in form.fields else None, message_of(error))


class CappedPaginator(Paginator):
    """A paginator whose count stops at ``cap``: one ``COUNT`` over at most ``cap + 1`` keys, with
    no ordering and no joined rows. ``capped`` says there are more; the pages end at the cap."""

    def __init__(self, object_list: QuerySet[Any], per_page: int, *, cap: int) -> None:
        super().__init__(object_list, per_page)
        self.queryset = object_list
        self.cap = cap

    @cached_property
    def _counted(self) -> int:
        return self.queryset.order_by().values("pk")[: self.cap + 1].count()

    @cached_property
    def count(self) -> int:
        return min(self._counted, self.cap)

    @property
    def capped(self) -> bool:
        return self._counted > self.cap


def paginate(
    request: HttpRequest, queryset: QuerySet[Any], per_page: int = PER_PAGE, *, capped: bool = False
) -> Page[Any]:
    """The page named by ``?page=``; ``capped`` for lists that can hold a whole history."""
    paginator = (
        CappedPaginator(queryset, per_page, cap=COUNT_CAP) if capped else Paginator(queryset, per_page)
    )
    return paginator.get_page(request.GET.get("page"))
