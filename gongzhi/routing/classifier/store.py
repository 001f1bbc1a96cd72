"""Model files: ``<ROUTING_MODEL_DIR>/<version>.joblib`` and ``<version>.json`` (the metadata).

The metadata JSON says what the file is without loading it: version, taxonomy hash, when and
from what it was trained, the labels, and the cross-validated figures. Loaded models are kept
per process, keyed by version, so a prediction costs no disk access after the first.
"""

from __future__ import annotations

import hashlib
import json
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import joblib
from django.conf import settings
from django.utils import timezone

from gongzhi.routing.models import Category

# 2: the stacked model's softmax head (1 was a sigmoid-calibrated SVM; such files read as unusable).
FORMAT = 2


@dataclass
class Bundle:
    """What a model file holds: the first-level head and, where the data allowed, a deeper one."""

    version: str
    heads: dict[int, Any]  # depth → compiled head (classifier.compiled.LinearHead)
    labels: dict[int, list[str]]
    label_kind: str  # "code" (trained from cases) or "name" (from a CSV's label column)
    metadata: dict[str, Any] = field(default_factory=dict)


def model_dir() -> Path:
    return Path(settings.ROUTING_MODEL_DIR)


def taxonomy_hash() -> str:
    """A fingerprint of the active catalogue: codes and full names. A model trained on another is stale."""
    digest = hashlib.sha256()
    for code, full_name in (
        Category.objects.filter(is_active=True).order_by("code").values_list("code", "full_name")
    ):
        digest.update(f"{code}\t{full_name}\n".encode())
    return digest.hexdigest()[:16]


def new_version() -> str:
    return timezone.now().strftime("%Y%m%d-%H%M%S-%f")


def save(bundle: Bundle) -> Path:
    directory = model_dir()
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{bundle.version}.joblib"
    tmp = path.with_suffix(".joblib.tmp")
    joblib.dump({"format": FORMAT, "bundle": bundle}, tmp, compress=3)
    tmp.replace(path)
    meta = {"format": FORMAT, **bundle.metadata, "version": bundle.version, "file": path.name}
    (directory / f"{bundle.version}.json").write_text(json.dumps(meta, ensure_ascii=False, indent=2))
    return path


_cache: dict[str, Bundle] = {}
_lock = threading.Lock()


def load(file_name: str) -> Bundle | None:
    """The bundle in ``file_name`` (under the model directory); None when missing or unreadable."""
    path = model_dir() / file_name
    key = f"{path}:{path.stat().st_mtime_ns}" if path.exists() else ""
    if not key:
        return None
    with _lock:
        cached = _cache.get(key)
        if cached is not None:
            return cached
    try:
        data = joblib.load(path)
    except Exception:  # a truncated or foreign file must not break intake: fall back to the rules
        return None
    if (
        not isinstance(data, dict)
        or data.get("format") != FORMAT
        or not isinstance(data.get("bundle"), Bundle)
    ):
        return None
    bundle: Bundle = data["bundle"]
    with _lock:
        _cache.clear()  # one current model per process is enough
        _cache[key] = bundle
    return bundle
