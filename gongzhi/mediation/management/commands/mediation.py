"""``gongzhi mediation …``: load the catalogue and profiles, train and evaluate the dispute-type
suggestion, run the deadline sweep, load the demo."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser


def _read(path: str, text_col: str, label_col: str) -> tuple[list[str], list[str]]:
    try:
        with Path(path).open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            if (
                reader.fieldnames is None
                or text_col not in reader.fieldnames
                or label_col not in reader.fieldnames
            ):
                raise CommandError(f"columns {text_col!r} and {label_col!r} must be in {reader.fieldnames}")
            rows = [(row[text_col] or "", (row[label_col] or "").strip()) for row in reader]
    except FileNotFoundError:
        raise CommandError(f"file not found: {path}") from None
    rows = [(text, label) for text, label in rows if text.strip() and label]
    if not rows:
        raise CommandError("no labelled rows")
    return [t for t, _ in rows], [label for _, label in rows]


class Command(BaseCommand):
    help = "Mediation: load | evaluate | train | sweep | demo"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("load", help="load the dispute-type catalogue and the organisations' profiles")
        for name in ("evaluate", "train"):
            p = sub.add_parser(name, help=f"{name} the dispute-type suggestion on a labelled CSV")
            p.add_argument("--csv", required=True)
            p.add_argument("--text-col", required=True)
            p.add_argument("--label-col", required=True)
            if name == "evaluate":
                p.add_argument("--method", choices=["keyword", "trained", "saved"], default="keyword")
                p.add_argument("--folds", type=int, default=5)
            else:
                p.add_argument("--output", default="")
        sub.add_parser("sweep", help="process due mediation deadlines once (idempotent)")
        demo = sub.add_parser("demo", help="load the mediation demo data")
        demo.add_argument("--seed", type=int, default=2026)

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "evaluate":
            from gongzhi.mediation import classifier

            texts, labels = _read(options["csv"], options["text_col"], options["label_col"])
            try:
                result = classifier.evaluate(texts, labels, method=options["method"], folds=options["folds"])
            except ValueError as exc:
                raise CommandError(str(exc)) from None
            self.stdout.write(result.as_text())
        elif action == "train":
            from gongzhi.mediation import classifier

            texts, labels = _read(options["csv"], options["text_col"], options["label_col"])
            model = classifier.train(texts, labels)
            path = classifier.save(model, Path(options["output"]) if options["output"] else None)
            self.stdout.write(f"trained on {len(texts)} rows, {len(set(labels))} types → {path}")
        elif action == "load":
            from gongzhi.mediation.services import dispute_types_load_defaults, organisations_load_defaults

            self.stdout.write(f"dispute types: {dispute_types_load_defaults()}")
            self.stdout.write(f"organisations: {organisations_load_defaults()}")
        elif action == "sweep":
            from gongzhi.mediation.services import mediation_sweep_run

            self.stdout.write(" ".join(f"{k}={v}" for k, v in mediation_sweep_run().as_dict().items()))
        elif action == "demo":
            from gongzhi.mediation.demo import mediation_demo_load

            self.stdout.write(str(mediation_demo_load(seed=options["seed"])))
