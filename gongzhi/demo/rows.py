"""Fast row writing for the generator: ids assigned up front, one multi-row statement per table.

``bulk_create`` compiles every value of every row through the field's ``get_db_prep_save`` and,
on SQLite, splits the insert into statements of at most 999 parameters; for the ~200,000 rows of
a 20,000-case history that alone takes about a minute. Here each field gets a converter once
(the same conversion Django's backend applies: aware datetimes to UTC text on SQLite, JSON
dumped), rows become tuples, and the batch goes in with ``executemany`` (SQLite) or ``COPY``
(PostgreSQL).

Ids are taken from ``max(id) + 1`` per table and counted up in memory, so children can point at
their case before anything is written. That assumes nobody else inserts into these tables while
the generator runs (true for ``gongzhi demo`` and the benchmarks); :meth:`RowWriter.finish` moves
PostgreSQL's sequences past the new ids.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from operator import attrgetter
from typing import Any, ClassVar

from django.core.management.color import no_style
from django.db import connections, models
from django.db.models import Max

Converter = Callable[[Any], Any]


def _sqlite_datetime(value: datetime | None) -> str | None:
    # django.db.backends.sqlite3.operations.adapt_datetimefield_value: UTC, naive, str().
    if value is None:
        return None
    return value.astimezone(UTC).isoformat(" ")[:-6]  # "+00:00" off: what str() of the naive value gives


def _json(value: Any) -> str | None:
    return None if value is None else json.dumps(value)


def _text(value: Any) -> Any:
    return None if value is None else str(value)


class Row:
    """A row to insert: attributes named like the model's columns (``case_id`` …), much cheaper to
    build than a model instance. A relation can be set by object (``row.case = case_row``), which
    sets its ``…_id``; the object stays readable (``row.case.subject``)."""

    model: ClassVar[type[models.Model]]
    attnames: ClassVar[tuple[str, ...]]
    _static: ClassVar[dict[str, Any]]
    _dynamic: ClassVar[dict[str, Callable[[], Any]]]
    _relations: ClassVar[frozenset[str]]

    def __init__(self, **values: Any) -> None:
        own = self.__dict__
        own.update(self._static)
        for name, factory in self._dynamic.items():
            own[name] = factory()
        relations = self._relations
        for name, value in values.items():
            if name in relations:
                setattr(self, name, value)
            else:
                own[name] = value

    @property
    def pk(self) -> Any:
        return self.id  # type: ignore[attr-defined]


def _relation(name: str, attname: str) -> property:
    slot = f"_{name}_obj"

    def get(self: Row) -> Any:
        return self.__dict__[slot]

    def set_(self: Row, value: Any) -> None:
        own = self.__dict__
        own[slot] = value
        own[attname] = None if value is None else value.pk

    return property(get, set_)


_ROW_CLASSES: dict[type[models.Model], type[Row]] = {}


def row_class(model: type[models.Model]) -> type[Row]:
    cls = _ROW_CLASSES.get(model)
    if cls is None:
        fields = list(model._meta.concrete_fields)
        relations = {f.name: f.attname for f in fields if f.is_relation}
        static: dict[str, Any] = {}
        dynamic: dict[str, Callable[[], Any]] = {}
        for f in fields:
            if f.has_default() and callable(f.default):
                dynamic[f.attname] = f.default
            else:
                static[f.attname] = f.get_default()
        for name in relations:
            static[f"_{name}_obj"] = None
        namespace: dict[str, Any] = {
            "model": model,
            "attnames": tuple(f.attname for f in fields),
            "_static": static,
            "_dynamic": dynamic,
            "_relations": frozenset(relations),
        }
        for name, attname in relations.items():
            namespace[name] = _relation(name, attname)
        cls = _ROW_CLASSES[model] = type(f"{model.__name__}Row", (Row,), namespace)
    return cls


class RowWriter:
    def __init__(self, using: str = "default") -> None:
        self.connection = connections[using]
        self.vendor = self.connection.vendor
        self._next: dict[type[models.Model], int] = {}
        self._written: set[type[models.Model]] = set()
        self._plans: dict[type[models.Model], tuple[str, list[str], list[tuple[int, Converter]]]] = {}

    def next_id(self, model: type[models.Model]) -> int:
        value = self._next.get(model)
        if value is None:
            value = (model._default_manager.aggregate(top=Max("pk"))["top"] or 0) + 1
        self._next[model] = value + 1
        return value

    def _plan(self, model: type[models.Model]) -> tuple[str, list[str], list[tuple[int, Converter]]]:
        plan = self._plans.get(model)
        if plan is None:
            fields = list(model._meta.concrete_fields)
            converters: list[tuple[int, Converter]] = []
            for index, field in enumerate(fields):
                kind = field.get_internal_type()
                if kind == "DateTimeField" and self.vendor == "sqlite":
                    converters.append((index, _sqlite_datetime))
                elif kind == "JSONField":
                    converters.append((index, _json))
                elif kind == "DecimalField":
                    converters.append((index, _text))
                elif kind in ("DateField", "TimeField", "DurationField", "UUIDField", "BinaryField"):
                    converters.append((index, self._prepare(field)))
            plan = (model._meta.db_table, [f.attname for f in fields], converters)
            self._plans[model] = plan
        return plan

    def _prepare(self, field: Any) -> Converter:
        def convert(value: Any) -> Any:
            return field.get_db_prep_save(value, self.connection)

        return convert

    def write(self, model: type[models.Model], objects: Iterable[Any]) -> int:
        """Insert ``objects`` (rows or anything with the model's attnames) in one statement."""
        table, attnames, converters = self._plan(model)
        values = attrgetter(*attnames)
        rows = []
        for obj in objects:
            row = list(values(obj))
            for index, convert in converters:
                row[index] = convert(row[index])
            rows.append(row)
        if not rows:
            return 0
        quote = self.connection.ops.quote_name
        columns = ", ".join(quote(f.column or f.attname) for f in model._meta.concrete_fields)
        with self.connection.cursor() as cursor:
            if self.vendor == "postgresql":
                raw = cursor.cursor  # the psycopg cursor: COPY is several times faster than INSERT
                with raw.copy(f"COPY {quote(table)} ({columns}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
            else:
                placeholders = ", ".join(["%s"] * len(attnames))
                # Table and column names come from the model's meta, quoted; values are parameters.
                statement = f"INSERT INTO {quote(table)} ({columns}) VALUES ({placeholders})"  # noqa: S608
                cursor.executemany(statement, rows)
        self._written.add(model)
        return len(rows)

    def finish(self) -> None:
        """Move PostgreSQL's id sequences past the ids written here (SQLite's AUTOINCREMENT follows)."""
        if self.vendor != "postgresql" or not self._written:
            return
        statements = self.connection.ops.sequence_reset_sql(no_style(), list(self._written))
        with self.connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
