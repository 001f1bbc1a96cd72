"""REST v1 for village deliberation (``/api/v1/deliberation``).

Thin: check the key's scope, fetch through ``deliberation.access`` (a village or matter outside the
caller's centres answers 404, like a missing one), call one service or selector, render. The
public publications of a village need no login.
"""

from gongzhi.deliberation.api import matters, register  # noqa: F401 - the modules register their endpoints
from gongzhi.deliberation.api._common import router

__all__ = ["router"]
