"""``gongzhi routing …``: the category classifier, the repeat index and the hot issues.

gongzhi routing train                                   # from the answered cases (+ corrections)
gongzhi routing train --csv FILE --text-col text --label-col label [--no-cv]
gongzhi routing evaluate --csv FILE [--cv]              # current model, or cross-validate on FILE
gongzhi routing predict [--csv FILE --text-col text] [--json]   # else one text per stdin line
gongzhi routing models                                  # the registered models
gongzhi routing activate VERSION
gongzhi routing repeat-index [--since-days N]           # rebuild the repeat index
gongzhi routing hotspots [--window-days N]              # recompute the hot issues
"""

from __future__ import annotations

import csv
import json
import sys
import time
from argparse import ArgumentParser
from datetime import timedelta
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from gongzhi.core.errors import ApplicationError


class Command(BaseCommand):
    help = (
        "Smart intake: train/evaluate/predict the category classifier, rebuild the repeat index, hot issues."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        train = sub.add_parser("train", help="train a model and make it current")
        train.add_argument("--csv", type=Path, help="labelled CSV (else: the instance's answered cases)")
        train.add_argument("--text-col", default="text")
        train.add_argument("--label-col", default="label")
        train.add_argument("--no-cv", action="store_true", help="skip the cross-validated figures")
        train.add_argument("--keep-current", action="store_true", help="register without activating")
        evaluate = sub.add_parser("evaluate", help="accuracy, macro-F1, per class, confusion matrix")
        evaluate.add_argument("--csv", type=Path, required=True)
        evaluate.add_argument("--text-col", default="text")
        evaluate.add_argument("--label-col", default="label")
        evaluate.add_argument("--cv", action="store_true", help="cross-validate training on the CSV instead")
        evaluate.add_argument("--folds", type=int, default=5)
        evaluate.add_argument("--json", action="store_true")
        predict = sub.add_parser("predict", help="label and confidence for texts (CSV or stdin lines)")
        predict.add_argument("--csv", type=Path)
        predict.add_argument("--text-col", default="text")
        predict.add_argument("--json", action="store_true", help="one JSON object per line")
        sub.add_parser("models", help="list the registered models")
        activate = sub.add_parser("activate", help="make a registered model current")
        activate.add_argument("version")
        index = sub.add_parser("repeat-index", help="rebuild the repeat-detection index")
        index.add_argument("--since-days", type=int, help="only cases registered in the last N days")
        hot = sub.add_parser("hotspots", help="recompute the hot issues and list the top ones")
        hot.add_argument("--window-days", type=int)
        hot.add_argument("--top", type=int, default=10)

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"].replace("-", "_")
        try:
            getattr(self, f"_{action}")(options)
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc

    # --- classifier ------------------------------------------------------------------------

    def _train(self, options: dict[str, Any]) -> None:
        from gongzhi.routing.classifier import training
        from gongzhi.routing.services import classifier_train

        if options["csv"]:
            examples = training.examples_from_csv(
                options["csv"], text_col=options["text_col"], label_col=options["label_col"]
            )
        else:
            examples = training.examples_from_cases()
        self.stdout.write(f"training on {len(examples.texts)} examples from {examples.source}")
        started = time.perf_counter()
        result = classifier_train(
            examples=examples, cross_validate=not options["no_cv"], activate=not options["keep_current"]
        )
        row = result.model
        self.stdout.write(
            f"model {row.version} ({row.n_samples} examples, {len(row.labels)} labels): fitted in "
            f"{result.fit_seconds:.1f} s, {time.perf_counter() - started:.1f} s in all"
            + (" — current" if row.is_current else "")
        )
        if result.dropped_labels:
            self.stdout.write(f"left out (fewer than 5 examples): {', '.join(result.dropped_labels)}")
        if result.evaluation is not None:
            self.stdout.write("cross-validated (stratified 5-fold):")
            self._report(result.evaluation.as_dict())

    def _evaluate(self, options: dict[str, Any]) -> None:
        from gongzhi.routing.classifier import model, store, training
        from gongzhi.routing.classifier.suggest import current_model

        examples = training.examples_from_csv(
            options["csv"], text_col=options["text_col"], label_col=options["label_col"]
        )
        if options["cv"]:
            texts, labels, dropped = model.usable_examples(examples.texts, examples.labels[1])
            if dropped:
                self.stdout.write(f"left out (fewer than 5 examples): {', '.join(dropped)}")
            evaluation = model.cross_validate(texts, labels, folds=options["folds"])
            header = f"cross-validated, stratified {options['folds']}-fold, {len(texts)} texts"
        else:
            row, bundle, notice = current_model()
            if bundle is None and row is not None:
                bundle = store.load(row.file_name)  # evaluate even a stale model: it is what it is
            if bundle is None:
                raise CommandError(f"no usable current model: {notice}")
            pairs = [(t, lab) for t, lab in zip(examples.texts, examples.labels[1], strict=True) if lab]
            classes, probabilities = model.predict_proba(bundle.heads[1], [t for t, _ in pairs])
            predicted = [classes[i] for i in probabilities.argmax(axis=1)]
            evaluation = model.evaluate_predictions([lab for _, lab in pairs], predicted)
            header = f"model {bundle.version} on {len(pairs)} texts"
            unknown = sorted({lab for _, lab in pairs} - set(classes))
            if unknown:
                self.stdout.write(f"labels the model does not know (always wrong): {', '.join(unknown)}")
        if options["json"]:
            self.stdout.write(json.dumps(evaluation.as_dict(), ensure_ascii=False))
            return
        self.stdout.write(header)
        self._report(evaluation.as_dict())

    def _report(self, figures: dict[str, Any]) -> None:
        line = f"accuracy {figures['accuracy']:.4f}   macro-F1 {figures['macro_f1']:.4f}   n={figures['n']}"
        if figures.get("fold_macro_f1"):
            folds = ", ".join(f"{v:.3f}" for v in figures["fold_macro_f1"])
            line += f"   (macro-F1 per fold: {folds})"
        self.stdout.write(line)
        width = max([len(row["label"]) for row in figures["per_class"]] + [5])
        self.stdout.write(f"{'class':<{width}}  precision  recall     f1  support")
        for row in figures["per_class"]:
            self.stdout.write(
                f"{row['label']:<{width}}  {row['precision']:9.3f}  {row['recall']:6.3f}  "
                f"{row['f1']:5.3f}  {row['support']:7d}"
            )
        labels = figures["labels"]
        self.stdout.write("confusion matrix (rows: true, columns: predicted):")
        self.stdout.write("  " + " ".join(f"{i:>5}" for i in range(len(labels))))
        for i, row in enumerate(figures["confusion"]):
            self.stdout.write(f"{i:>2} " + " ".join(f"{v:>5}" for v in row) + f"  {labels[i]}")

    def _predict(self, options: dict[str, Any]) -> None:
        from gongzhi.routing.classifier import training
        from gongzhi.routing.classifier.suggest import suggest

        if options["csv"]:
            texts = training.texts_from_csv(options["csv"], text_col=options["text_col"])
        else:
            texts = [line.rstrip("\n") for line in sys.stdin if line.strip()]
        writer = None if options["json"] else csv.writer(self.stdout)
        if writer is not None:
            writer.writerow(["label", "confidence", "category_code", "source", "text"])
        notice_shown = False
        for text in texts:
            suggestion = suggest(text)
            top = suggestion.top
            if suggestion.notice and not notice_shown:
                self.stderr.write(suggestion.notice)
                notice_shown = True
            if writer is None:
                self.stdout.write(
                    json.dumps({"text": text[:200], **suggestion.as_dict()}, ensure_ascii=False)
                )
            else:
                writer.writerow(
                    [
                        top.label if top else "",
                        f"{top.probability:.4f}" if top else "",
                        suggestion.category_code or "",
                        suggestion.source,
                        text[:80],
                    ]
                )

    def _models(self, options: dict[str, Any]) -> None:
        from gongzhi.routing.selectors import classifier_list

        for row in classifier_list():
            mark = "*" if row.is_current else " "
            f1 = row.metrics.get("macro_f1")
            figures = f"macro-F1 {f1:.4f}" if isinstance(f1, float) else "no CV figures"
            self.stdout.write(
                f"{mark} {row.version}  {row.trained_at:%Y-%m-%d %H:%M}  {row.n_samples:>7} examples  "
                f"{figures}  {row.source}"
            )

    def _activate(self, options: dict[str, Any]) -> None:
        from gongzhi.routing.services import classifier_activate

        row = classifier_activate(version=options["version"])
        self.stdout.write(f"current model: {row.version}")

    # --- repeats and hot issues ------------------------------------------------------------

    def _repeat_index(self, options: dict[str, Any]) -> None:
        from gongzhi.routing.repeats import repeat_index_rebuild

        since = timezone.now() - timedelta(days=options["since_days"]) if options["since_days"] else None
        started = time.perf_counter()
        count = repeat_index_rebuild(since=since)
        seconds = time.perf_counter() - started
        self.stdout.write(f"indexed {count} cases in {seconds:.1f} s")

    def _hotspots(self, options: dict[str, Any]) -> None:
        from gongzhi.routing.selectors import hot_issue_list
        from gongzhi.routing.services import hot_issue_recompute

        run = hot_issue_recompute(window_days=options["window_days"])
        self.stdout.write(
            f"{run.cases} cases → {run.hot_issues} hot issues ({run.created} new, {run.updated} continued, "
            f"{run.retired} retired) in {run.seconds:.1f} s"
        )
        for issue in hot_issue_list(limit=options["top"]):
            place = issue.region.name if issue.region else "—"
            self.stdout.write(
                f"{issue.heat:6.2f}  {issue.case_count:>4} cases  {issue.people_count:>4} people  "
                f"{place}  {issue.title}"
            )
