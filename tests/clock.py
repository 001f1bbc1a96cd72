"""Run the whole test session at another date, to prove that no test depends on today's.

    pytest --clock=2028-06-15T10:00:00+08:00 …     (or GONGZHI_TEST_CLOCK=… pytest …)

The clock travels there before Django starts and keeps ticking, so every "now" in the code under
test, in the tests and in the live server's threads reads the moved date. Tests that freeze their
own moment (``time_machine.travel`` inside a test, the ``frozen_now`` fixture) still get exactly
that moment: travels nest. A test that only passes near the day it was written fails here.

``scripts/check.py`` runs the date-heavy apps under a moved clock on every run; ``--clock`` with
no date-heavy selection moves the whole suite.
"""

from __future__ import annotations

import os
from datetime import datetime

import pytest
import time_machine

ENVIRONMENT = "GONGZHI_TEST_CLOCK"
_traveller: time_machine.travel | None = None


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--clock",
        default=os.environ.get(ENVIRONMENT, ""),
        help=f"run the session as if now were this ISO date-time (also ${ENVIRONMENT}); it keeps ticking",
    )


def moved_to(config: pytest.Config) -> datetime | None:
    text = str(config.getoption("--clock") or "").strip()
    if not text:
        return None
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:
        raise pytest.UsageError(f"--clock needs a time zone, for example {text}T09:00:00+08:00")
    return moment


@pytest.hookimpl(tryfirst=True)
def pytest_configure(config: pytest.Config) -> None:
    global _traveller
    moment = moved_to(config)
    if moment is None:
        return
    _traveller = time_machine.travel(moment, tick=True)
    _traveller.start()


def pytest_report_header(config: pytest.Config) -> str | None:
    moment = moved_to(config)
    return f"clock moved to {moment.isoformat()} (ticking)" if moment else None


def pytest_unconfigure(config: pytest.Config) -> None:
    global _traveller
    if _traveller is not None:
        _traveller.stop()
        _traveller = None
