"""The schema a database holds, as plain data, to compare one built by the migrations with one
built from the models."""

from __future__ import annotations

import json
from typing import Any

from django.db import connection


def schema_of_models() -> dict[str, Any]:
    """Every model table's columns (name, type, nullability) and constraints, in a stable order."""
    introspection = connection.introspection
    tables: dict[str, Any] = {}
    with connection.cursor() as cursor:
        for table in sorted(introspection.django_table_names(only_existing=True, include_views=False)):
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
