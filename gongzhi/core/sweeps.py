"""Every module's deadline sweep, run together by ``gongzhi sweep`` and ``gongzhi worker``.

Modules register their sweep in ``settings.GONGZHI_SWEEPS`` (a dotted path to a function that
takes ``now=`` and returns a dict of counts or an object with ``as_dict()``). Each sweep claims
its due rows with conditional UPDATEs, so running all of them twice acts once.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)


def _counts(result: Any) -> dict[str, int]:
    if hasattr(result, "as_dict"):
        result = result.as_dict()
    return {str(key): int(value) for key, value in dict(result or {}).items()}


def sweeps_run(*, now: datetime | None = None) -> dict[str, dict[str, int]]:
    """Run every registered sweep once; one failing sweep is logged and does not stop the others."""
    now = now or timezone.now()
    results: dict[str, dict[str, int]] = {}
    for path in settings.GONGZHI_SWEEPS:
        name = path.rsplit(".", 1)[-1]
        try:
            results[name] = _counts(import_string(path)(now=now))
        except Exception:
            logger.exception("sweep %s failed", path)
            results[name] = {"failed": 1}
    return results


def sweeps_format(results: dict[str, dict[str, int]]) -> str:
    return " ".join(
        f"{name}.{key}={value}" for name, counts in results.items() for key, value in counts.items()
    )
