"""The market's pages: the staff desk under /market/ and the public pages under /public/market/."""

from django.urls import include, path

from gongzhi.market.views import desk, public

desk_patterns = (
    [
        path("", desk.desk, name="desk"),
        path("enterprises/new", desk.enterprise_new, name="enterprise_new"),
        path("listings/new", desk.listing_new, name="listing_new"),
        path("listings/<int:pk>/", desk.listing_detail, name="listing"),
        path("listings/<int:pk>/edit", desk.listing_edit, name="listing_edit"),
        path("photos/<int:pk>", desk.staff_photo, name="photo"),
        path("demands/", desk.demand_list, name="demands"),
        path("demands/new", desk.demand_new, name="demand_new"),
        path("demands/<int:pk>/", desk.demand_detail, name="demand"),
    ],
    "market",
)

public_patterns = (
    [
        path("", public.search, name="search"),
        path("photos/<int:pk>", public.photo, name="photo"),
        path("<str:code>", public.detail, name="detail"),
    ],
    "market_public",
)

urlpatterns = [
    path("market/", include(desk_patterns)),
    path("public/market/", include(public_patterns)),
]
