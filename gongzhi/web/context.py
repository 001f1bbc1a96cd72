"""Template context for every page: the map tile settings."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest) -> dict[str, str]:
    return {
        "map_tiles": str(getattr(settings, "MAP_TILE_URL", "")),
        "map_attribution": str(getattr(settings, "MAP_TILE_ATTRIBUTION", "")),
    }
