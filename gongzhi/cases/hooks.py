"""What other modules do once a new case is committed: the post-intake hooks.

Modules register a hook in ``settings.GONGZHI_CASE_INTAKE_HOOKS``: a dotted path to a function
that takes the new case's id (``hook(case_id)``). ``case_intake`` — and so every intake path:
the window's form, the REST API, Open311, grid and drone reports, mediation — schedules them with
``transaction.on_commit``: a rolled-back intake runs none. A hook should be quick (enqueue a
background task, e.g. the repeat index's ``index_case``); one that fails is logged and never
undoes the intake or stops the others. The cases module knows no hook by name.
"""

from __future__ import annotations

import functools
import logging

from django.conf import settings
from django.db import transaction
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)


def intake_hooks_run(case_id: int) -> None:
    """Run every registered post-intake hook for ``case_id`` now (each failure logged)."""
    for path in getattr(settings, "GONGZHI_CASE_INTAKE_HOOKS", ()):
        try:
            import_string(path)(case_id)
        except Exception:
            logger.exception("post-intake hook %s failed for case %s", path, case_id)


def intake_hooks_schedule(case_id: int) -> None:
    """Run the post-intake hooks for ``case_id`` once the current transaction commits."""
    transaction.on_commit(functools.partial(intake_hooks_run, case_id))
