"""Open311 GeoReport v2 under /open311/v2/: ``<resource>.<format>`` with format xml or json."""

from __future__ import annotations

from django.urls import re_path

from gongzhi.api.guard import guard_patterns
from gongzhi.api.open311 import views
from gongzhi.api.open311.render import render_error

app_name = "open311"
FMT = r"\.(?P<fmt>xml|json)$"

urlpatterns = guard_patterns(
    [
        re_path(r"^discovery" + FMT, views.discovery, name="discovery"),
        re_path(r"^services" + FMT, views.services, name="services"),
        re_path(r"^services/(?P<service_code>[^/]{1,40})" + FMT, views.service_definition, name="service"),
        re_path(r"^requests" + FMT, views.requests, name="requests"),
        re_path(r"^requests/(?P<request_id>[^/]{1,40})" + FMT, views.request_one, name="request"),
        re_path(r"^tokens/(?P<token>[^/]{1,40})" + FMT, views.token, name="token"),
        re_path(r"^servicerequestupdates" + FMT, views.updates, name="updates"),
        re_path(r"^.*$", views.not_found),
    ],
    render_error=render_error,
    raw_key=views.open311_raw_key,
)
