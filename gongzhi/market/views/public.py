"""The public listing pages (no login): search and detail of published listings, mobile-first.

Only listings the economic bureau verified and that are still on offer appear; everything else,
and every photo of them, answers "not found". The enterprise's contact person is not shown: the
page gives the county's investment desk (the verifying bureau) as the contact.
"""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render
from django.templatetags.static import static

from gongzhi.market import access, selectors
from gongzhi.market.forms import SearchForm
from gongzhi.market.selectors import ListingFilter


def _points(listings: Any) -> list[dict[str, object]]:
    return [
        {
            "lat": float(item.latitude),
            "lng": float(item.longitude),
            "label": f"{item.title} · {item.area_free:g}{item.area_unit}",
            "url": f"/public/market/{item.code}",
        }
        for item in listings
        if item.latitude is not None and item.longitude is not None
    ]


def search(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    filters = ListingFilter(
        kind=data.get("kind") or "",
        region=data["region"].pk if data.get("region") else None,
        area_min=data.get("area_min"),
        area_max=data.get("area_max"),
        max_price=data.get("max_price"),
        deal_mode=data.get("deal_mode") or "",
        industry=data.get("industry") or "",
        q=(data.get("q") or "").strip(),
    )
    listings = selectors.listing_search_public(filters=filters)
    page = Paginator(listings, 12).get_page(request.GET.get("page"))
    return render(
        request,
        "market/public_search.html",
        {
            "form": form,
            "page": page,
            "figures": selectors.market_figures(),
            "points": _points(page.object_list),
            "outline": static("web/data/keqiao_330603_wgs84.geojson"),
        },
    )


def detail(request: HttpRequest, code: str) -> HttpResponse:
    listing = access.listing_get_public(code=code[:20])
    return render(
        request,
        "market/public_detail.html",
        {
            "listing": listing,
            "photos": list(listing.photos.order_by("order", "id")),
            "points": _points([listing]),
            "outline": static("web/data/keqiao_330603_wgs84.geojson"),
        },
    )


def photo(request: HttpRequest, pk: int) -> FileResponse:
    item = selectors.photo_get_public(photo_id=pk)
    response = FileResponse(item.file.open("rb"), content_type=item.content_type)
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; sandbox"
    response["Cache-Control"] = "public, max-age=3600"
    return response
