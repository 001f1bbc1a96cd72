"""The schema a database holds, as plain data, to compare one built by the migrations with one
built from the models."""

from __future__ import annotations

import json
from typing import Any

from django.apps import apps
from django.db import connection


def our_tables() -> list[str]:
    """The tables of the project's own models (Django's contrib apps have their own history)."""
    return sorted(
        model._meta.db_table
        for config in apps.get_app_configs()
        if config.name.startswith("gongzhi.")
        for model in config.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy
    )


def schema_of_models() -> dict[str, Any]:
    """Every table's columns (name, type, nullability) and constraints, in a stable order."""
    introspection = connection.introspection
    tables: dict[str, Any] = {}
    with connection.cursor() as cursor:
        existing = set(introspection.table_names(cursor))
        for table in our_tables():
            if table not in existing:
                tables[table] = "missing"
                continue
            columns = [
                [column.name, str(column.type_code), bool(column.null_ok)]
                for column in introspection.get_table_description(cursor, table)
            ]
            constraints = sorted(
                [
                    ",".join(spec["columns"] or []),
                    bool(spec["primary_key"]),
                    bool(spec["unique"]),
                    bool(spec["index"]),
                    bool(spec["check"]),
                    json.dumps(spec["foreign_key"]),
                ]
                for spec in introspection.get_constraints(cursor, table).values()
            )
            tables[table] = {"columns": sorted(columns), "constraints": constraints}
    return tables
