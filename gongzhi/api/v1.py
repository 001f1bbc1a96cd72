"""The REST API v1: one NinjaAPI with a router per domain app, served under /api/v1/.

OpenAPI at /api/v1/openapi.json; interactive docs at /api/v1/docs from the Swagger UI files that
django-ninja ships (static files of the ``ninja`` app — no CDN).
"""

from __future__ import annotations

from django.http import HttpRequest
from ninja import NinjaAPI, Schema
from ninja.openapi.docs import Swagger
from ninja.operation import Operation

from gongzhi.api import errors
from gongzhi.api.auth import DEFAULT_AUTH
from gongzhi.api.routers.keys import router as keys_router
from gongzhi.api.routers.webhooks import router as webhooks_router
from gongzhi.campaigns.api import router as campaigns_router
from gongzhi.cases.api import router as cases_router
from gongzhi.deliberation.api import router as deliberation_router
from gongzhi.drones.api import router as drones_router
from gongzhi.grid.api import router as grid_router
from gongzhi.insights.api import router as metrics_router
from gongzhi.market.api import router as market_router
from gongzhi.mediation.api import router as mediation_router
from gongzhi.org.api import router as org_router
from gongzhi.routing.api import router as routing_router

DESCRIPTION = """共治 Gongzhi REST API.

Authenticate with a browser session (send the CSRF token on writes), or with a key:
`Authorization: Bearer <key>` or `X-Api-Key: <key>`. Every POST accepts an `Idempotency-Key`
header: a retry with the same key returns the first response and changes nothing.
Errors are `{"code", "message", "detail"}`; validation errors name the field in `detail.field`.
Rate limits answer 429 with `Retry-After`. See docs/api.md.
"""


class GongzhiAPI(NinjaAPI):
    def get_openapi_operation_id(self, operation: Operation) -> str:
        """``<app>_<function>``, e.g. ``mediation_mediation_get``.

        Clients generated from the OpenAPI document name their methods after these ids, so they
        must not change when an app's API module is split or moved; django-ninja's default
        (the whole module path) would. Unique: tests/api/test_docs.py checks.
        """
        view = operation.view_func
        return f"{view.__module__.split('.')[1]}_{view.__name__}"


api = GongzhiAPI(
    title="Gongzhi API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api-v1",
    auth=DEFAULT_AUTH,
    docs=Swagger(settings={"persistAuthorization": True}),
)
errors.install(api)


class PingOut(Schema):
    status: str


@api.get("/ping", auth=None, response=PingOut, tags=["system"], summary="liveness, no database")
def ping(request: HttpRequest) -> dict[str, str]:
    return {"status": "ok"}


api.add_router("/cases", cases_router)
api.add_router("/org", org_router)
api.add_router("/routing", routing_router)
api.add_router("/metrics", metrics_router)
api.add_router("/keys", keys_router)
api.add_router("/webhooks", webhooks_router)
api.add_router("/deliberation", deliberation_router)
api.add_router("/campaigns", campaigns_router)
api.add_router("/market", market_router)
api.add_router("/grid", grid_router)
api.add_router("/drones", drones_router)
api.add_router("/mediation", mediation_router)
