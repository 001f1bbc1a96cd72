"""REST v1 for people's mediation (``/api/v1/mediation``).

Thin: check the key's scope, fetch through ``mediation.access`` / the selectors (a mediation
outside the caller's scope answers 404, like a missing one), call one service, render.
Organisations, mediators and the dispute-type catalogue are reference data every caller with
``mediation:read`` may see; mediations, agreements and what follows them are scoped.
"""

# The modules register their endpoints on import, in the order the API docs list them.
# isort: off
from gongzhi.mediation.api import reference, mediations, agreements  # noqa: F401

# isort: on
from gongzhi.mediation.api._common import router

__all__ = ["router"]
