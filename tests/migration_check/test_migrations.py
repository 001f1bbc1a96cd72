"""The migrations, checked once per database engine.

The test databases of the other tests are built from the models without running the migrations
(``--no-migrations`` in pyproject): running them costs about half a minute in every test process.
These tests keep the migrations honest instead. In a fresh process, on an empty database of the
engine under test, they run every migration forward, check that no model change lacks its
migration, and compare the schema the migrations built with the one the models describe.

``scripts/check.py`` runs them beside the static checks, once for SQLite and once for PostgreSQL.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings

from tests.migration_check.schema import schema_of_models

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.migrations

DUMP = (
    "import json; from tests.migration_check.schema import schema_of_models; "
    "print(json.dumps(schema_of_models()))"
)


def manage(*arguments: str, database_url: str, var_dir: Path) -> str:
    environment = {
        **os.environ,
        "DATABASE_URL": database_url,
        "GONGZHI_VAR_DIR": str(var_dir),
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }
    environment.pop("GONGZHI_TEST_CLOCK", None)
    done = subprocess.run(  # noqa: S603 (our own manage.py, fixed arguments)
        [sys.executable, "manage.py", *arguments],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert done.returncode == 0, f"manage.py {' '.join(arguments)} failed:\n{done.stdout}\n{done.stderr}"
    return done.stdout


@pytest.fixture
def empty_database(tmp_path: Path) -> Iterator[str]:
    """The URL of an empty database of the engine under test, dropped afterwards."""
    engine = settings.DATABASES["default"]["ENGINE"]
    if not engine.endswith("postgresql"):
        yield f"sqlite:///{tmp_path / 'migrated.sqlite3'}"
        return
    import psycopg

    server = settings.DATABASES["default"]
    name = f"gongzhi_migrations_{uuid.uuid4().hex[:12]}"
    host, port = server.get("HOST") or "127.0.0.1", server.get("PORT") or 5432
    user, password = server.get("USER") or "postgres", server.get("PASSWORD") or ""
    admin_url = f"postgresql://{user}:{password}@{host}:{port}/postgres"
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"postgres://{user}:{password}@{host}:{port}/{name}"
    finally:
        with psycopg.connect(admin_url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.mark.django_db
def test_every_migration_runs_forward_and_builds_the_schema_of_the_models(
    empty_database: str, tmp_path: Path
) -> None:
    manage("migrate", "--noinput", "-v0", database_url=empty_database, var_dir=tmp_path)
    manage("makemigrations", "--check", "--dry-run", database_url=empty_database, var_dir=tmp_path)
    dumped = manage("shell", "-c", DUMP, database_url=empty_database, var_dir=tmp_path)
    migrated = json.loads(dumped.strip().splitlines()[-1])
    from_models = schema_of_models()
    assert sorted(migrated) == sorted(from_models), "the migrations and the models make other tables"
    different = [table for table in from_models if migrated[table] != from_models[table]]
    assert not different, f"the migrations and the models disagree on {different}: " + json.dumps(
        {table: {"migrated": migrated[table], "models": from_models[table]} for table in different[:2]},
        ensure_ascii=False,
    )
