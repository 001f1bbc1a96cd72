"""``gongzhi import-divisions [<towns_csv>] [<villages_csv>]``: load the NBS divisions (统计用区划代码).

With no argument the copies shipped in ``gongzhi/org/data`` are loaded; one directory argument
reads both files from it; files are told apart by their header (``town_code_12`` or
``village_code``), so either order, or the villages file alone, works. Re-running updates.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from gongzhi.core.errors import ApplicationError
from gongzhi.org import services

TOWNS_NAME = "keqiao_towns.csv"
VILLAGES_NAME = "keqiao_villages_2022.csv"


def _kind_of(path: Path) -> str:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        header = next(csv.reader(handle), [])
    columns = {column.strip() for column in header}
    if "village_code" in columns:
        return "villages"
    if columns & {"town_code_12", "town_code"}:
        return "towns"
    raise CommandError(f"{path}: neither a towns file (town_code_12) nor a villages file (village_code)")


def _from_directory(directory: Path) -> tuple[Path | None, Path | None]:
    towns: Path | None = None
    villages: Path | None = None
    for path in sorted(directory.glob("*.csv")):
        kind = _kind_of(path)
        if kind == "towns" and towns is None:
            towns = path
        elif kind == "villages" and villages is None:
            villages = path
    if towns is None and villages is None:
        raise CommandError(f"{directory}: no towns or villages CSV found")
    return towns, villages


class Command(BaseCommand):
    help = "Import the district, towns and villages from NBS CSV files (default: the shipped Keqiao copies)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "paths", nargs="*", help="towns CSV and/or villages CSV, or one directory holding them"
        )
        parser.add_argument(
            "--with-units", action="store_true", help="also create the default units (centres, stations …)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        raw = [Path(p) for p in options["paths"]]
        towns: Path | None
        villages: Path | None
        if not raw:
            towns, villages = services.DEFAULT_TOWNS_CSV, services.DEFAULT_VILLAGES_CSV
        elif len(raw) == 1 and raw[0].is_dir():
            towns, villages = _from_directory(raw[0])
        else:
            if len(raw) > 2:
                raise CommandError("give at most two files: the towns CSV and the villages CSV")
            towns = villages = None
            for path in raw:
                if not path.is_file():
                    raise CommandError(f"{path}: no such file")
                if _kind_of(path) == "towns":
                    towns = path
                else:
                    villages = path
        try:
            counts = services.divisions_import(towns_csv=towns, villages_csv=villages, progress=True)
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(
            f"区划 divisions: {counts['district']} district, {counts['town']} towns, "
            f"{counts['village']} villages — {counts['created']} created, {counts['updated']} updated, "
            f"{counts['unchanged']} unchanged"
        )
        if options["with_units"]:
            unit_counts = services.units_load_defaults(progress=True)
            self.stdout.write(
                f"单位 units: {unit_counts['created']} created, {unit_counts['updated']} updated, "
                f"{unit_counts['unchanged']} unchanged"
            )
