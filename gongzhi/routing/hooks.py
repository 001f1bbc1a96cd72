"""Routing's hooks into the case lifecycle (registered in settings, called by the cases module)."""

from __future__ import annotations


def case_registered(case_id: int) -> None:
    """A new case was committed: add it to the repeat index in the background.

    Registered in ``settings.GONGZHI_CASE_INTAKE_HOOKS``; the task (``tasks.index_case``) is
    idempotent and runs in a worker (in-process with the immediate task backend).
    """
    from gongzhi.routing.tasks import index_case

    index_case.enqueue(case_id)
