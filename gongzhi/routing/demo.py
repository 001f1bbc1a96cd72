"""Smart intake in the demo: the classifier trained on the generated history, the repeat index
built over it, and the hot issues computed — so the intake form suggests from the first visit.

Registered in ``settings.GONGZHI_DEMO_LOADERS`` (run by ``gongzhi demo`` after the case history).
The work takes one to two minutes over the demo's 20,000 cases, so the loader queues it as a
background task (``tasks.demo_prepare``): ``gongzhi demo`` serves at once and its worker trains;
until then the intake form suggests from the responsibility list, with its notice. With the
immediate task backend (the tests) it runs in place.
Idempotent: a current model that still fits the catalogue is kept; the repeat index is rebuilt
only when cases are missing from it (the generated history is written in bulk, so it bypasses
the post-intake hooks that index every case registered through the services).
"""

from __future__ import annotations

import time
from typing import Any

from gongzhi.cases.models import Case
from gongzhi.core.errors import ValidationFailed
from gongzhi.routing.models import RepeatSignature


def routing_demo_load(*, seed: int = 2026) -> dict[str, Any]:
    from gongzhi.routing.tasks import demo_prepare

    del seed  # nothing random here: training and indexing are deterministic
    result = demo_prepare.enqueue()
    if result.is_finished:  # the immediate backend ran it already
        return dict(result.return_value or {})
    return {"queued": f"task {result.id} (classifier, repeat index, hot issues): the worker runs it"}


def routing_demo_prepare() -> dict[str, Any]:
    from gongzhi.routing.classifier.suggest import current_model
    from gongzhi.routing.classifier.training import examples_from_cases
    from gongzhi.routing.repeats import repeat_index_rebuild
    from gongzhi.routing.services import classifier_train, hot_issue_recompute

    result: dict[str, Any] = {}
    started = time.monotonic()
    _row, bundle, _notice = current_model()
    if bundle is None:
        try:
            trained = classifier_train(examples=examples_from_cases(), cross_validate=False)
        except ValidationFailed as refused:  # too small a history: the rules answer, with their notice
            result["classifier"] = f"not trained ({refused.message_en})"
        else:
            result["classifier"] = f"{trained.model.version} ({trained.model.n_samples} cases)"
    else:
        result["classifier"] = f"{bundle.version} kept"
    result["classifier_seconds"] = round(time.monotonic() - started, 1)

    started = time.monotonic()
    if RepeatSignature.objects.count() < Case.objects.count():
        result["repeat_index"] = repeat_index_rebuild()
    else:
        result["repeat_index"] = "up to date"
    result["repeat_index_seconds"] = round(time.monotonic() - started, 1)

    started = time.monotonic()
    result["hot_issues"] = hot_issue_recompute().hot_issues
    result["hot_issues_seconds"] = round(time.monotonic() - started, 1)
    return result
