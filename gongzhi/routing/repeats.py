"""重复件: finding the open or recent cases that are likely the same matter as a new one.

Four signals, each from an index, never a scan of the case table:

1. **same reporter** — the phone or resident ID number (indexed columns of the case);
2. **same place** — the same village (or town) among the most recent cases there
   (``RepeatSignature`` indexed by village/town and registration time);
3. **similar text**, two kinds of key in ``RepeatBand`` (indexed by key and time):
   - *key terms*: the eight most distinctive dictionary words of the subject and the start of
     the description (TF × IDF, jieba's bundled IDF table), town and village names left out
     (the place is signal 2). People reporting the same matter
     use different words but name the same things (伊景园, 车位, 捆绑): on the hand-labelled
     set, two messages of one matter share ≥ 20 % of their key-term weight in 81 % of pairs,
     two different matters in 0.6 %;
   - *MinHash/LSH*: 48 MinHash values over character 3-grams of the whole text, in 16 bands of
     3; texts with Jaccard similarity J share a band with probability 1 − (1 − J³)¹⁶ (0.88 at
     J = 0.5): copies and near-copies of a letter, whatever their length;
4. **close in time** — days between the registrations.

Each key is looked up on its own, newest first and bounded (``PER_KEY_LIMIT``), so a common
word cannot make a lookup read thousands of rows; a key term that fills its bound and is found
in ``COMMON_SHARE`` (10 %) or more of the recent cases is boilerplate of this instance (a
channel's set phrase, a generated label) and counts as no evidence. Each candidate gets a
score (``_score``) and the reasons it was suggested, in Chinese, for the clerk. The index is
updated per case (``repeat_index_add``, run after commit by the task ``index_case``) and can be
rebuilt (``repeat_index_rebuild``).
"""

from __future__ import annotations

import hashlib
import math
import zlib
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from typing import Any

import numpy as np
from django.db import connection, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from gongzhi.cases.enums import OPEN_STATUSES, CaseStatus
from gongzhi.cases.models import Case
from gongzhi.org.enums import RegionLevel
from gongzhi.org.models import Region
from gongzhi.routing.classifier.text import han_only, key_terms, normalise
from gongzhi.routing.conf import routing_int
from gongzhi.routing.models import RepeatBand, RepeatSignature

NUM_PERM = 48
BANDS = 16
ROWS = NUM_PERM // BANDS
SHINGLE = 3
EMPTY = np.uint32(0xFFFFFFFF)

# How many rows each signal may bring back: enough for a busy village, bounded at any size.
REPORTER_LIMIT = 50
PLACE_LIMIT = 300
PER_KEY_LIMIT = 40
# A key term found in this share of the recent cases or more is boilerplate, not evidence.
COMMON_SHARE = 0.1
# Key terms: how many per case, from how much of the text.
KEY_TERMS = 8
KEY_HEAD_CHARS = 200
# Candidates below this score are not shown.
MIN_SCORE = 0.35

_rng = np.random.default_rng(20260601)
# Multiply-add-shift hashing: h_i(x) = ((a_i·x + b_i) mod 2⁶⁴) >> 32, a_i odd; fixed seed, so
# every process and every rebuild computes the same signatures.
_A = (_rng.integers(1, 2**63 - 1, size=NUM_PERM, dtype=np.uint64) * np.uint64(2) + np.uint64(1)).astype(
    np.uint64
)
_B = _rng.integers(0, 2**63 - 1, size=NUM_PERM, dtype=np.uint64)


def shingles(text: str) -> set[str]:
    """Character 3-grams of the Chinese characters of the (normalised) text."""
    han = han_only(normalise(text))
    if len(han) < SHINGLE:
        return {han} if han else set()
    return {han[i : i + SHINGLE] for i in range(len(han) - SHINGLE + 1)}


def signature(text: str) -> np.ndarray:
    """The MinHash signature (NUM_PERM uint32 values); all 0xFFFFFFFF for a text without Chinese."""
    grams = shingles(text)
    if not grams:
        return np.full(NUM_PERM, EMPTY, dtype=np.uint32)
    base = np.fromiter((zlib.crc32(g.encode()) for g in grams), dtype=np.uint64, count=len(grams))
    with np.errstate(over="ignore"):
        hashed = (np.outer(_A, base) + _B[:, None]) >> np.uint64(32)
    return hashed.min(axis=1).astype(np.uint32)


def band_keys(sig: np.ndarray) -> list[int]:
    """One signed 64-bit key per band (none for an empty signature)."""
    if bool((sig == EMPTY).all()):
        return []
    keys = []
    for band in range(BANDS):
        chunk = sig[band * ROWS : (band + 1) * ROWS].tobytes()
        digest = hashlib.blake2b(bytes([band]) + chunk, digest_size=8).digest()
        keys.append(int.from_bytes(digest, "little", signed=True))
    return keys


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """Estimated Jaccard similarity of the two texts' shingle sets."""
    if bool((a == EMPTY).all()) or bool((b == EMPTY).all()):
        return 0.0
    return float(np.count_nonzero(a == b)) / NUM_PERM


def text_hash(text: str) -> str:
    return hashlib.blake2b(han_only(normalise(text)).encode(), digest_size=16).hexdigest()


def case_text(case: Case) -> str:
    subject, description = case.subject or "", case.description or ""
    return description if description.startswith(subject) else f"{subject}。{description}"


def head_text(text: str) -> str:
    """The start of a case text (subject, then description): where a reporter names the matter."""
    return text[:KEY_HEAD_CHARS]


def without_places(text: str) -> str:
    """``text`` with the gazetteer's town and village names blanked out.

    The place is a signal of its own (same village / town); left in the text, a village's name
    (and jieba pieces of it such as 村村 in 王化村村口) would make every case of that village
    share "key terms" and count the place twice.
    """
    from gongzhi.routing.places import gazetteer

    pattern = gazetteer().pattern
    return pattern.sub("，", text) if pattern is not None else text


def keywords_of(head: str) -> dict[str, float]:
    return {word: round(weight, 2) for word, weight in key_terms(without_places(head), KEY_TERMS)}


def keyword_keys(keywords: dict[str, float]) -> list[int]:
    return [
        int.from_bytes(hashlib.blake2b(f"w:{word}".encode(), digest_size=8).digest(), "little", signed=True)
        for word in keywords
    ]


def _pack(keywords: dict[str, float]) -> str:
    return " ".join(f"{word}:{weight}" for word, weight in keywords.items())[:400]


def _unpack(packed: str) -> dict[str, float]:
    result: dict[str, float] = {}
    for item in packed.split():
        word, _, weight = item.rpartition(":")
        try:
            result[word] = float(weight)
        except ValueError:
            continue
    return result


def keyword_overlap(a: dict[str, float], b: dict[str, float]) -> float:
    """The smaller of the two shares of key-term weight the texts have in common (0–1)."""
    if not a or not b:
        return 0.0
    shared = a.keys() & b.keys()
    if not shared:
        return 0.0
    share_a = sum(a[w] for w in shared) / sum(a.values())
    share_b = sum(b[w] for w in shared) / sum(b.values())
    return min(share_a, share_b)


# --- the index ---------------------------------------------------------------------------------


def _rows_for(case: Case) -> tuple[RepeatSignature, list[RepeatBand]]:
    text = case_text(case)
    sig = signature(text)
    keywords = keywords_of(head_text(text))
    row = RepeatSignature(
        case_id=case.pk,
        registered_at=case.registered_at,
        town_id=case.town_id,
        village_id=case.village_id,
        signature=sig.tobytes(),
        text_hash=text_hash(text),
        keywords=_pack(keywords),
    )
    keys = band_keys(sig) + keyword_keys(keywords)
    bands = [RepeatBand(key=key, case_id=case.pk, registered_at=case.registered_at) for key in keys]
    return row, bands


@transaction.atomic
def repeat_index_add(case: Case) -> RepeatSignature:
    """Add (or refresh) one case in the repeat index. Idempotent: rows are replaced, never duplicated."""
    row, bands = _rows_for(case)
    RepeatBand.objects.filter(case_id=case.pk).delete()
    RepeatSignature.objects.filter(case_id=case.pk).delete()
    row.save(force_insert=True)
    RepeatBand.objects.bulk_create(bands)
    return row


def repeat_index_rebuild(*, batch_size: int = 2000, since: datetime | None = None) -> int:
    """Rebuild the index from the cases (all, or those registered since ``since``); returns the count.

    Runs in batches of ``batch_size`` cases, each batch in its own transaction, so a rebuild of a
    million cases never holds one long write lock.
    """
    cases = Case.objects.order_by("id")
    if since is not None:
        cases = cases.filter(registered_at__gte=since)
    else:
        with transaction.atomic():
            RepeatBand.objects.all().delete()
            RepeatSignature.objects.all().delete()
    fields = ("id", "subject", "description", "registered_at", "town_id", "village_id")
    last_id = 0
    total = 0
    while True:
        batch = list(cases.filter(id__gt=last_id).only(*fields)[:batch_size])
        if not batch:
            return total
        _write_batch(batch, replace=since is not None)
        last_id = batch[-1].pk
        total += len(batch)


@transaction.atomic
def _write_batch(batch: Sequence[Case], *, replace: bool) -> None:
    signatures: list[RepeatSignature] = []
    bands: list[RepeatBand] = []
    for case in batch:
        row, case_bands = _rows_for(case)
        signatures.append(row)
        bands.extend(case_bands)
    if replace:
        ids = [case.pk for case in batch]
        RepeatBand.objects.filter(case_id__in=ids).delete()
        RepeatSignature.objects.filter(case_id__in=ids).delete()
    RepeatSignature.objects.bulk_create(signatures, batch_size=1000)
    RepeatBand.objects.bulk_create(bands, batch_size=2000)


# --- the lookup --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Candidate:
    """A case that may be the same matter, its score (0–1) and the reasons it was suggested."""

    case_id: int
    score: float
    reasons: list[str]
    tracking_code: str = ""
    subject: str = ""
    status: str = ""
    registered_at: str = ""
    signals: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class _Evidence:
    text: float = 0.0
    terms: float = 0.0
    shared: list[str] = field(default_factory=list)
    reporter: str = ""  # "phone" / "id_number"
    place: str = ""  # "village" / "town"
    days: float | None = None


def _score(e: _Evidence) -> float:
    """How likely the two cases are the same matter, from the evidence (documented in docs/routing.md).

    Independent pieces of evidence combine as 1 − Π(1 − wᵢ):
    - similar text: the larger of min(1, 1.5 · J), J the estimated Jaccard similarity of the
      3-gram sets (copies ≈ 1), and min(0.9, 1.6 · K), K the shared key-term weight (a
      rewording of the same complaint typically K ≈ 0.2–0.6);
    - same reporter: 0.6 (ID number) or 0.5 (phone) — one person often writes about several
      matters, so alone it stays a hint;
    - same place: 0.2 (village) or 0.08 (town);
    - close in time: 0.1 · e^(−days/14).
    """
    parts = [max(min(1.0, 1.5 * e.text), min(0.9, 1.6 * e.terms))]
    if e.reporter:
        parts.append(0.6 if e.reporter == "id_number" else 0.5)
    if e.place:
        parts.append(0.2 if e.place == "village" else 0.08)
    if e.days is not None:
        parts.append(0.1 * math.exp(-max(e.days, 0.0) / 14.0))
    remaining = 1.0
    for part in parts:
        remaining *= 1.0 - part
    return round(1.0 - remaining, 4)


def _reasons(e: _Evidence, place_names: dict[str, str]) -> list[str]:
    reasons: list[str] = []
    if e.reporter == "id_number":
        reasons.append("同一反映人（身份证号）")
    elif e.reporter == "phone":
        reasons.append("同一反映人（联系电话）")
    if e.place:
        reasons.append(f"同一{'村社' if e.place == 'village' else '镇街'}：{place_names.get(e.place, '')}")
    if e.text >= 0.2:
        reasons.append(f"内容相似度 {e.text:.2f}")
    if e.shared:
        reasons.append(f"共同关键词：{'、'.join(e.shared[:5])}")
    if e.days is not None:
        reasons.append("同日登记" if e.days < 1 else f"相隔 {int(e.days)} 天")
    return reasons


def _cases_sharing_keys(keys: Sequence[int]) -> list[tuple[int, int]]:
    """(key, case id) for the cases sharing any of ``keys``: per key the PER_KEY_LIMIT newest,
    in one statement.

    One bounded, index-ordered range per key (a UNION ALL of limited sub-selects), so a
    common word never floods the lookup and there is one round trip whatever the key count.
    """
    if not keys:
        return []
    table = connection.ops.quote_name(RepeatBand._meta.db_table)
    column = connection.ops.quote_name("key")
    part = (
        f"SELECT * FROM (SELECT {column}, case_id FROM {table} WHERE {column} = %s "  # noqa: S608 (our table, values bound)
        f"ORDER BY registered_at DESC LIMIT {int(PER_KEY_LIMIT)}) AS k{{n}}"
    )
    sql = " UNION ALL ".join(part.format(n=n) for n in range(len(keys)))
    with connection.cursor() as cursor:
        cursor.execute(sql, list(keys))
        return [(int(row[0]), int(row[1])) for row in cursor.fetchall()]


def _is_common(key: int) -> bool:
    """Whether a key term is boilerplate in this instance: in COMMON_SHARE or more of the cases
    registered since the oldest of its PER_KEY_LIMIT newest (a set phrase of a channel, a
    generated label). Two bounded, indexed reads: the PER_KEY_LIMIT-th newest row of the key,
    and at most PER_KEY_LIMIT / COMMON_SHARE case ids since then."""
    oldest = (
        RepeatBand.objects.filter(key=key)
        .order_by("-registered_at")
        .values_list("registered_at", flat=True)[PER_KEY_LIMIT - 1 : PER_KEY_LIMIT]
    )
    since = next(iter(oldest), None)
    if since is None:
        return False
    bound = int(PER_KEY_LIMIT / COMMON_SHARE)
    recent = Case.objects.filter(registered_at__gte=since).order_by().values_list("id", flat=True)[:bound]
    return len(recent) < bound


def _place_ids(region: Region | None) -> tuple[int | None, int | None, dict[str, str]]:
    """(village id, town id, {"village": name, "town": name}) of a region, from its level and path."""
    if region is None:
        return None, None, {}
    codes = region.path.split("/")
    ancestors = {r.level: r for r in Region.objects.filter(code__in=codes)}
    village, town = ancestors.get(RegionLevel.VILLAGE), ancestors.get(RegionLevel.TOWN)
    names = {
        level: (place.short_name or place.name)
        for level, place in (("village", village), ("town", town))
        if place is not None
    }
    if region.level == RegionLevel.VILLAGE:
        return region.pk, region.parent_id, names
    if region.level == RegionLevel.TOWN:
        return None, region.pk, names
    if region.level in (RegionLevel.GRID, RegionLevel.MICRO_GRID):
        return (village.pk if village else None), (town.pk if town else None), names
    return None, None, {}


def repeat_candidates(
    *,
    text: str,
    region: Region | None = None,
    phone: str = "",
    id_number: str = "",
    exclude_case_id: int | None = None,
    limit: int = 10,
    now: datetime | None = None,
    visible: QuerySet[Case] | None = None,
) -> list[Candidate]:
    """Open, concluded or recent cases likely to be the same matter as ``text`` (at ``region``, from
    that reporter).

    1. Gather candidate ids from the three indexes (reporter, place, LSH bands).
    2. Score each from its stored signature, the shared reporter/place and the time apart.
    3. Keep the best, read their cases once, drop those neither open, nor 处理终结 (final, at any
       age: a concluded matter is not accepted again, 浙江省信访条例 art. 20 (5)), nor registered
       within ``REPEAT_RECENT_DAYS`` (and merged ones: their master is the one to suggest), and
       return at most ``limit`` with score ≥ MIN_SCORE, best first.

    ``visible``: the cases the asking user may see (``cases.access.case_queryset_for_user``);
    others are never returned, so a clerk sees no case outside their scope.
    """
    now = now or timezone.now()
    recent = now - timedelta(days=routing_int("REPEAT_RECENT_DAYS", 90))
    sig = signature(text)
    keywords = keywords_of(head_text(text))
    phone, id_number = phone.strip(), id_number.strip().upper()
    village_id, town_id, place_names = _place_ids(region)

    evidence: dict[int, _Evidence] = {}

    def note(case_id: int) -> _Evidence:
        return evidence.setdefault(case_id, _Evidence())

    if phone or id_number:
        condition = Q()
        if id_number:
            condition |= Q(reporter_id_number=id_number)
        if phone:
            condition |= Q(reporter_phone=phone)
        for pk, case_id_number in (
            Case.objects.filter(condition)
            .order_by("-registered_at")
            .values_list("id", "reporter_id_number")[:REPORTER_LIMIT]
        ):
            note(pk).reporter = "id_number" if id_number and case_id_number == id_number else "phone"
    place_rows: Iterable[int] = []
    if village_id is not None:
        place_rows = (
            RepeatSignature.objects.filter(village_id=village_id)
            .order_by("-registered_at")
            .values_list("case_id", flat=True)[:PLACE_LIMIT]
        )
    elif town_id is not None:
        place_rows = (
            RepeatSignature.objects.filter(town_id=town_id)
            .order_by("-registered_at")
            .values_list("case_id", flat=True)[:PLACE_LIMIT]
        )
    for pk in place_rows:
        note(pk)
    word_keys = dict(zip(keyword_keys(keywords), keywords, strict=True))
    shared_keys = _cases_sharing_keys(band_keys(sig) + list(word_keys))
    for _key, pk in shared_keys:
        note(pk)
    # A key term that came back saturated may be boilerplate here: then it is no evidence.
    hits = Counter(key for key, _pk in shared_keys if key in word_keys)
    common = {word_keys[key] for key, n in hits.items() if n >= PER_KEY_LIMIT and _is_common(key)}
    keywords = {word: weight for word, weight in keywords.items() if word not in common}
    evidence.pop(exclude_case_id or 0, None)
    if not evidence:
        return []
    stored = RepeatSignature.objects.filter(case_id__in=list(evidence)).values_list(
        "case_id", "signature", "registered_at", "village_id", "town_id", "keywords"
    )
    rows = list(stored)
    if rows and not bool((sig == EMPTY).all()):
        matrix = np.frombuffer(b"".join(bytes(row[1]) for row in rows), dtype=np.uint32).reshape(-1, NUM_PERM)
        equal = (matrix == sig).sum(axis=1) / NUM_PERM
        equal[(matrix == EMPTY).all(axis=1)] = 0.0
    else:
        equal = np.zeros(len(rows))
    for (pk, _blob, registered_at, v_id, t_id, packed), text_similarity in zip(rows, equal, strict=True):
        e = evidence[pk]
        e.text = float(text_similarity)
        theirs = {word: weight for word, weight in _unpack(packed).items() if word not in common}
        e.terms = keyword_overlap(keywords, theirs)
        e.shared = [word for word in keywords if word in theirs]
        e.days = abs((now - registered_at).total_seconds()) / 86400.0
        if village_id is not None and v_id == village_id:
            e.place = "village"
        elif town_id is not None and t_id == town_id:
            e.place = "town"
    scores = {pk: _score(e) for pk, e in evidence.items()}
    ranked = sorted(
        ((pk, e) for pk, e in evidence.items() if scores[pk] >= MIN_SCORE), key=lambda item: -scores[item[0]]
    )[: max(limit * 3, 30) if visible is None else max(limit * 10, 100)]
    if not ranked:
        return []
    base = Case.objects.all() if visible is None else visible
    cases = {
        case.pk: case
        for case in base.filter(id__in=[pk for pk, _ in ranked])
        .exclude(status=CaseStatus.MERGED)
        .filter(Q(status__in=OPEN_STATUSES) | Q(status=CaseStatus.FINAL) | Q(registered_at__gte=recent))
        .only("id", "tracking_code", "subject", "status", "registered_at")
    }
    result: list[Candidate] = []
    for pk, e in ranked:
        case = cases.get(pk)
        if case is None:
            continue
        if e.days is None:
            e.days = abs((now - case.registered_at).total_seconds()) / 86400.0
        result.append(
            Candidate(
                case_id=pk,
                score=scores[pk],
                reasons=_reasons(e, place_names),
                tracking_code=case.tracking_code,
                subject=case.subject,
                status=case.status,
                registered_at=timezone.localtime(case.registered_at).isoformat(),
                signals={
                    "text": round(e.text, 3),
                    "terms": round(e.terms, 3),
                    "reporter": e.reporter,
                    "place": e.place,
                },
            )
        )
        if len(result) >= limit:
            break
    return result
