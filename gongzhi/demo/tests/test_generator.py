"""The demo history generator: coverage, consistency with the services, reproducibility, 631."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import datetime
from typing import Any

import pytest
from django.db import transaction
from django.db.models import Count

from gongzhi.cases.accusations import unit_is_barred
from gongzhi.cases.enums import CaseKind, CaseStatus, Channel, PetitionClass, Rating
from gongzhi.cases.models import Assignment, Case, CaseRating, FollowUp, Party
from gongzhi.cases.services import sweep_run
from gongzhi.core.ids import phone_is_valid, resident_id_is_valid
from gongzhi.core.models import AuditEvent
from gongzhi.demo.accounts import history_staff_ensure
from gongzhi.demo.generator import history_generate
from gongzhi.demo.tail import tail_generate
from gongzhi.demo.texts import GENERATED_LABEL
from gongzhi.demo.world import World
from gongzhi.insights import selectors as insights_selectors
from gongzhi.routing import selectors as routing_selectors

NOW = datetime.fromisoformat("2026-11-30T09:00:00+08:00")
CASES = 500
SEED = 7

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def history(django_db_setup: None, django_db_blocker: Any) -> Iterator[list[Case]]:
    """One history for the module, in a transaction rolled back at its end (each test nests in it)."""
    with django_db_blocker.unblock(), transaction.atomic():
        result = history_generate(cases=CASES, seed=SEED, now=NOW)
        assert result.created == CASES
        yield list(Case.objects.select_related("lead_unit", "category", "region").order_by("id"))
        transaction.set_rollback(True)


def test_covers_every_channel_kind_and_petition_class(history: list[Case]) -> None:
    channels = {case.channel for case in history}
    kinds = {case.kind for case in history}
    classes = {case.petition_class for case in history if case.kind == CaseKind.PETITION}
    assert channels >= {
        Channel.LETTER,
        Channel.CALL,
        Channel.VISIT,
        Channel.ONLINE,
        Channel.VILLAGE_REPORT,
        Channel.GRID_REPORT,
    }
    assert kinds == set(CaseKind.values)
    assert classes == set(PetitionClass.values)


def test_people_have_valid_looking_numbers(history: list[Case]) -> None:
    phones = [case.reporter_phone for case in history if case.reporter_phone]
    ids = [case.reporter_id_number for case in history if case.reporter_id_number]
    ids += list(Party.objects.exclude(id_number="").values_list("id_number", flat=True))
    assert phones and ids
    assert all(phone_is_valid(phone) for phone in phones)
    assert all(resident_id_is_valid(number) for number in ids)
    assert all(case.reporter_name for case in history if not case.is_anonymous)


def test_labels_every_case_as_generated(history: list[Case]) -> None:
    assert all(case.tracking_code.startswith("DM") for case in history)
    assert all(case.description.endswith(GENERATED_LABEL) for case in history)
    assert min(case.registered_at for case in history) >= NOW.replace(year=NOW.year - 1)
    assert max(case.registered_at for case in history) <= NOW


def test_every_case_has_its_intake_event_first(history: list[Case]) -> None:
    first: dict[int, str] = {}
    for subject_id, action in (
        AuditEvent.objects.filter(subject_type="case")
        .order_by("occurred_at", "id")
        .values_list("subject_id", "action")
    ):
        first.setdefault(subject_id, action)
    assert all(first.get(case.pk) == "case.intake" for case in history)


def test_statuses_and_timestamps_are_consistent(history: list[Case]) -> None:
    for case in history:
        if case.status in (CaseStatus.CLOSED,):
            assert case.closed_at is not None and case.resolved_level == case.level, case.tracking_code
        if case.status in (CaseStatus.NOT_ACCEPTED, CaseStatus.REDIRECTED, CaseStatus.TRANSFERRED_OUT):
            assert case.closed_at is not None and case.closed_at >= case.registered_at
        if case.accepted_at is not None:
            assert case.accepted_at >= case.registered_at
            assert case.due_at is not None and case.warn_at is not None and case.warn_at <= case.due_at
        if case.replied_at is not None and case.status != CaseStatus.MERGED:
            assert case.accepted_at is not None and case.replied_at >= case.accepted_at
        if case.status in (
            CaseStatus.DISPATCHED,
            CaseStatus.IN_PROGRESS,
            CaseStatus.REPLIED,
            CaseStatus.CLOSED,
        ):
            assert case.lead_unit is not None and case.level == case.lead_unit.level
        if case.status == CaseStatus.IN_PROGRESS:
            assert case.handler_id is not None
        if case.status == CaseStatus.MERGED:
            assert case.master_id is not None
    active_leads = Counter(
        Assignment.objects.filter(role="lead", is_active=True).values_list("case_id", flat=True)
    )
    assert max(active_leads.values()) == 1


def test_the_last_event_states_the_current_status(history: list[Case]) -> None:
    last: dict[int, str] = {}
    for subject_id, after in (
        AuditEvent.objects.filter(subject_type="case")
        .order_by("occurred_at", "id")
        .values_list("subject_id", "after")
    ):
        if "status" in after:
            last[subject_id] = after["status"]
    assert all(last[case.pk] == case.status for case in history)


def test_the_deadline_sweep_finds_nothing_left_to_do(history: list[Case]) -> None:
    result = sweep_run(now=NOW)
    assert result.as_dict() == {
        "accept_reminders": 0,
        "reminders": 0,
        "supervisions": 0,
        "subtask_reminders": 0,
        "subtask_supervisions": 0,
        "finalised": 0,
        "recomputed": 0,
    }


def test_shows_the_life_of_a_county(history: list[Case]) -> None:
    statuses = Counter(case.status for case in history)
    assert statuses[CaseStatus.CLOSED] > CASES / 2
    for status in (
        CaseStatus.REGISTERED,
        CaseStatus.IN_PROGRESS,
        CaseStatus.FINAL,
        CaseStatus.NOT_ACCEPTED,
        CaseStatus.REDIRECTED,
        CaseStatus.MERGED,
    ):
        assert statuses[status] > 0, status
    actions = dict(
        AuditEvent.objects.filter(subject_type="case").values_list("action").annotate(n=Count("id"))
    )
    for action in (
        "case.escalate",
        "case.return",
        "case.extension_request",
        "case.add_co_units",
        "case.follow_up",
        "case.redo",
        "case.review_request",
        "case.merge",
        "case.remind",
    ):
        assert actions.get(action, 0) > 0, action
    assert len({case.town_id for case in history}) == 16


def test_the_rating_history_matches_the_case_ratings(history: list[Case]) -> None:
    """Every rating is kept: 不满意 and the redo it caused, then the rating of the new answer;
    ``Case.rating`` repeats the latest, as the services write it."""
    ratings: dict[int, list[tuple[int, str, datetime]]] = {}
    for case_id, number, rating, rated_at in CaseRating.objects.order_by(
        "case_id", "answer_number"
    ).values_list("case_id", "answer_number", "rating", "rated_at"):
        ratings.setdefault(case_id, []).append((number, rating, rated_at))
    redone_then_rated = 0
    for case in history:
        rows = ratings.get(case.pk, [])
        if not rows:
            assert case.rating == "" and case.rated_at is None, case.tracking_code
            continue
        assert [number for number, _, _ in rows] == list(range(1, len(rows) + 1)), case.tracking_code
        assert (case.rating, case.rated_at) == rows[-1][1:], case.tracking_code
        assert all(rating == Rating.DISSATISFIED for _, rating, _ in rows[:-1]), case.tracking_code
        assert sum(rating == Rating.DISSATISFIED for _, rating, _ in rows) == case.redo_count, (
            case.tracking_code
        )
        if len(rows) > 1 and rows[-1][1] != Rating.DISSATISFIED:
            redone_then_rated += 1
    assert redone_then_rated > 0
    assert CaseRating.objects.count() == FollowUp.objects.count()
    figures = insights_selectors.satisfaction(
        cases=Case.objects.all(), start=datetime.fromisoformat("2020-01-01T00:00:00+08:00"), end=NOW
    )
    assert figures.first_answer_rate is not None and figures.final_rate is not None
    assert figures.first_answer_rate < figures.final_rate


def test_resolves_disputes_at_the_lowest_level_631(history: list[Case]) -> None:
    resolved = Counter(
        case.resolved_level
        for case in history
        if case.kind == CaseKind.DISPUTE and case.status == CaseStatus.CLOSED
    )
    total = sum(resolved.values())
    assert total > 50
    for level, target in (("village", 0.6), ("town", 0.3), ("district", 0.1)):
        assert abs(resolved[level] / total - target) <= 0.10, (level, resolved)


def test_routes_like_the_responsibility_list(history: list[Case]) -> None:
    world = World(staff=history_staff_ensure())
    for case in history[:60]:
        assert case.category is not None
        level = routing_selectors.lowest_competent_level(category=case.category, region=case.region)
        assert world.start_level(case.category, case.region) == level
        expected = routing_selectors.responsible_unit(category=case.category, region=case.region, level=level)
        assert world.responsible(case.category, case.region, level) == expected


def test_the_recent_tail_goes_through_the_services(history: list[Case]) -> None:
    result = tail_generate(count=12, seed=SEED)
    assert result.failures == []
    made = Case.objects.exclude(tracking_code__startswith="DM")
    assert made.count() == 12
    assert all(case.description.endswith(GENERATED_LABEL) for case in made)
    assert (
        AuditEvent.objects.filter(
            subject_type="case", subject_id__in=made.values("pk"), action="case.intake"
        ).count()
        == 12
    )


def test_no_accusation_reaches_its_accused(history: list[Case]) -> None:
    """信访工作条例 art. 30: the history obeys the rule the services enforce (cases.accusations)."""
    accusations_ = [case for case in history if case.accused_unit_id is not None]
    assert accusations_
    assert not [case.pk for case in accusations_ if unit_is_barred(case, case.intake_unit)]
    assigned = Assignment.objects.filter(case__in=accusations_).select_related("case", "unit")
    assert not [(a.case_id, a.unit.code) for a in assigned if unit_is_barred(a.case, a.unit)]
