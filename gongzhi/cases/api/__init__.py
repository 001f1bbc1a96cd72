"""REST v1 for cases: intake, every lifecycle action, reads, the five lists and the queue.

Endpoints are thin: check the key's scope, resolve codes, call one service or selector (which
scope through ``gongzhi.cases.access``), tell webhook subscribers, render. Missing and forbidden
cases both answer 404.
"""

# reads register first, so that the documentation lists them first
from gongzhi.cases.api import reads  # noqa: I001
from gongzhi.cases.api import actions
from gongzhi.cases.api._common import router

__all__ = ["actions", "reads", "router"]
