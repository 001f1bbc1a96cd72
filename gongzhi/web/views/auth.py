"""Sign-in with throttling: repeated failures lock the username and the address for a while."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from gongzhi.web import throttle


def _window() -> timedelta:
    return timedelta(seconds=int(settings.LOGIN_LOCKOUT_SECONDS))


def _keys(request: HttpRequest, username: str) -> list[str]:
    return [f"login:user:{username.strip().lower()}", f"login:addr:{throttle.client_address(request)}"]


class LoginView(auth_views.LoginView):
    template_name = "web/login.html"
    redirect_authenticated_user = True

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        username = str(request.POST.get("username", ""))
        limit = int(settings.LOGIN_MAX_FAILURES)
        if any(throttle.is_over(key, limit=limit, window=_window()) for key in _keys(request, username)):
            form = self.get_form()
            form.errors.clear()
            form.add_error(
                None,
                _("登录失败次数过多，账号已暂时锁定，请 %(minutes)s 分钟后再试。")
                % {"minutes": int(settings.LOGIN_LOCKOUT_SECONDS) // 60},
            )
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form: AuthenticationForm) -> HttpResponse:
        username = str(self.request.POST.get("username", ""))
        for key in _keys(self.request, username):
            throttle.add(key, window=_window())
        return super().form_invalid(form)

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        throttle.clear(_keys(self.request, form.get_user().get_username())[0])
        return super().form_valid(form)


class LogoutView(auth_views.LogoutView):
    next_page = "/login/"
