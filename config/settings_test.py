"""Test settings: the production settings with in-process tasks and a fast password hasher."""

from config.settings import *  # noqa: F403

TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
TASK_BACKEND = "immediate"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# One in-memory cache per test process, emptied before each test (tests/conftest.py).
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# The flight planner searches for its whole time budget; the test worlds are a few targets.
GONGZHI_DRONES = {"PLAN_SECONDS": 1.0, "BASELINE_SECONDS": 0.5}
