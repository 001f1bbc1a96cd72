"""Finding and launching a headless Chromium for the browser tests (Playwright's Python package).

Order: $GONGZHI_CHROMIUM, Debian's chromium, then Playwright's own browser if one was installed.
Outside CI a machine with none skips the browser tests with a clear message; in CI (CI=true) a
missing browser is a failure, never a skip.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

ARTEFACTS = Path(__file__).resolve().parents[2] / "artefacts" / "screenshots"
LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def find_chromium() -> str | None:
    candidates = [os.environ.get("GONGZHI_CHROMIUM", "")]
    candidates += [shutil.which(name) or "" for name in ("chromium", "chromium-browser", "google-chrome")]
    candidates.append("/usr/bin/chromium")
    for candidate in candidates:
        if candidate and Path(candidate).exists():
            return candidate
    try:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as playwright:
            bundled = playwright.chromium.executable_path
        if bundled and Path(bundled).exists():
            return bundled
    except Exception:
        return None
    return None


def require_chromium() -> str:
    path = find_chromium()
    if path is None:
        message = (
            "no Chromium found (install Debian's `chromium`, or set GONGZHI_CHROMIUM): "
            "the browser tests are skipped"
        )
        if IN_CI:
            pytest.fail("CI=true but " + message)
        pytest.skip(message)
    return path
