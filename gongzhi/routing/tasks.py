"""Background work for smart intake. Tasks take ids, call a service, and are idempotent."""

from __future__ import annotations

from typing import Any

from django_tasks import task


@task()
def index_case(case_id: int) -> bool:
    """Add a newly registered case to the repeat index (run on commit of the intake).

    Enqueued for every new case, on commit of its intake, by ``hooks.case_registered``
    (``settings.GONGZHI_CASE_INTAKE_HOOKS``).
    Returns False when the case does not exist (rolled back, or a stale id).
    """
    from gongzhi.cases.models import Case
    from gongzhi.routing.repeats import repeat_index_add

    case = Case.objects.filter(pk=case_id).first()
    if case is None:
        return False
    repeat_index_add(case)
    return True


@task()
def hot_issues_recompute() -> dict[str, Any]:
    """Recompute the hot issues of the instance's recent cases (schedule it, e.g. hourly)."""
    from gongzhi.routing.services import hot_issue_recompute

    return hot_issue_recompute().as_dict()


@task()
def train_classifier() -> dict[str, Any]:
    """Retrain the category classifier from the answered cases and the clerks' corrections."""
    from gongzhi.routing.classifier.training import examples_from_cases
    from gongzhi.routing.services import classifier_train

    result = classifier_train(examples=examples_from_cases(), cross_validate=True)
    return {"version": result.model.version, "n_samples": result.model.n_samples, **result.model.metrics}


@task()
def demo_prepare() -> dict[str, Any]:
    """The demo's smart intake: train on the generated history, index it, compute hot issues."""
    from gongzhi.routing.demo import routing_demo_prepare

    return routing_demo_prepare()
