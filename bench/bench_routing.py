"""Smart intake (issue 5): speed and quality figures for docs/routing.md and docs/performance.md.

    .venv/bin/python bench/bench_routing.py --speed --cases 100000      # latency, training, 100k index
    .venv/bin/python bench/bench_routing.py --speed --cases 1000000     # the same at a million cases
    .venv/bin/python bench/bench_routing.py --quality                    # repeat P/R, hot issues, answers
    .venv/bin/python bench/bench_routing.py --speed --classifier-only    # training and latency only

A benchmark, not a test: it prints figures. The message-board data (third-party, no licence)
is read from ../shared/data/gov_messages at run time and never copied into the repository;
without it, ``--speed`` uses generated texts and ``--quality`` stops with a notice.

**Speed** (on a throwaway database, see ``_common.bench_database``):

- classifier prediction latency per message (wall and CPU time, one core) and training time on
  the labelled CSV (or generated texts);
- ``--cases`` cases bulk-inserted (texts: 2–4 random sentences of the real messages, 1% planted
  rewordings of an earlier case), the repeat index built, then ``repeat_candidates`` timed for
  300 intake texts (median, p95);
- ``intake_suggestion`` — what the intake form asks for while the clerk types (place, the
  registered model, the responsibility list, the repeat lookup) — timed for 200 of those texts;
- ``hot_issue_recompute`` over the last 30 days of those cases.

**Quality** (in memory and a small database): the repeat-detection labelled set built from
hot_issue_messages_with_votes.csv (see ``labelled_matters``), precision and recall of
``repeat_candidates``; the top hot issues of the 4,326 messages; the answer check on
messages_with_official_replies.csv (share flagged, why, examples).
"""

from __future__ import annotations

import csv
import random
import re
import statistics
import sys
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from _common import ROOT, analyze, arguments, bench_database, database_version, machine, percentile

DATA = ROOT.parent / "shared" / "data" / "gov_messages"
LABELLED = DATA / "messages_labelled_train.csv"
HOT = DATA / "hot_issue_messages_with_votes.csv"
REPLIES = DATA / "messages_with_official_replies.csv"
csv.field_size_limit(2**31 - 1)


def read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def stamp(text: str) -> datetime:
    text = re.sub(r"\s+", " ", text.strip())
    for form in ("%Y/%m/%d %H:%M:%S", "%Y-%m-%d %H:%M:%S", "%Y/%m/%d %H:%M", "%Y/%m/%d", "%Y-%m-%d"):
        try:
            return datetime.strptime(text, form).replace(tzinfo=UTC)
        except ValueError:
            continue
    return datetime(2019, 1, 1, tzinfo=UTC)


# --- the organisation a bench needs: one district, its centre -----------------------------------


def minimal_place() -> tuple[Any, Any]:
    from gongzhi.org.models import Region, Unit

    district, _ = Region.objects.get_or_create(
        code="330603000000", defaults={"name": "柯桥区", "level": "district", "path": "330603000000"}
    )
    towns = []
    for number in range(1, 17):
        code = f"330603{100 + number:03d}000"
        town, _ = Region.objects.get_or_create(
            code=code,
            defaults={
                "name": f"镇{number}",
                "level": "town",
                "parent": district,
                "path": f"{district.path}/{code}",
            },
        )
        towns.append(town)
    for town in towns:
        for number in range(1, 22):
            code = town.code[:9] + f"{200 + number:03d}"
            Region.objects.get_or_create(
                code=code,
                defaults={
                    "name": f"{town.name}村{number}",
                    "level": "village",
                    "parent": town,
                    "path": f"{town.path}/{code}",
                },
            )
    unit, _ = Unit.objects.get_or_create(
        code="bench-centre",
        defaults={"name": "区社会治理中心", "kind": "centre", "level": "district", "region": district},
    )
    return district, unit


def bulk_cases(rows: list[dict[str, Any]], *, unit: Any, batch: int = 5000) -> None:
    """Insert cases directly (a benchmark's fixture, not the intake path): id, texts, place, time."""
    from gongzhi.cases.models import Case

    objects = []
    for row in rows:
        objects.append(
            Case(
                id=row["id"],
                tracking_code=f"B{row['id']:011d}",
                channel="online",
                kind="request",
                status=row.get("status", "in_progress"),
                subject=row["subject"][:200],
                description=row["description"],
                reporter_phone=row.get("phone", "")[:20],
                reporter_name=row.get("person", "")[:60],
                region_id=row["region_id"],
                town_id=row.get("town_id"),
                village_id=row.get("village_id"),
                region_path=row.get("path", ""),
                intake_unit=unit,
                registered_at=row["at"],
            )
        )
        if len(objects) >= batch:
            Case.objects.bulk_create(objects)
            objects = []
    if objects:
        Case.objects.bulk_create(objects)


# --- speed --------------------------------------------------------------------------------------


def sentences() -> list[str]:
    if LABELLED.exists():
        pool: list[str] = []
        for row in read(LABELLED):
            pool.extend(s for s in re.split(r"[。！？!?\n]", row["text"]) if 8 <= len(s) <= 120)
        return pool
    rng = random.Random(1)
    words = ["路灯", "小区", "噪音", "垃圾", "学校", "物业", "停车", "污水", "工厂", "公交", "拆迁", "医保"]
    return ["".join(rng.choice(words) for _ in range(8)) for _ in range(20000)]


def speed(cases: int, seed: int, *, classifier_only: bool = False) -> dict[str, Any]:
    from django.utils import timezone

    from gongzhi.org.models import Region
    from gongzhi.routing import repeats
    from gongzhi.routing import selectors as routing_selectors
    from gongzhi.routing import services as routing_services
    from gongzhi.routing.classifier import store
    from gongzhi.routing.classifier.training import Examples
    from gongzhi.routing.services import hot_issue_recompute

    figures: dict[str, Any] = {}
    rng = random.Random(seed)
    # 1. classifier: training time and per-message latency
    if LABELLED.exists():
        rows = read(LABELLED)
        texts, labels = [r["text"] for r in rows], [r["label"] for r in rows]
    else:
        pool = sentences()
        texts = ["。".join(rng.sample(pool, 3)) for _ in range(3000)]
        labels = [str(i % 7) for i in range(3000)]
    # Trained and registered the way `gongzhi routing train --csv` does (file written, current),
    # so the whole suggestion can be timed at the end; the catalogue maps labels to categories.
    routing_services.categories_load_defaults()
    started, cpu = time.perf_counter(), time.process_time()
    trained = routing_services.classifier_train(
        examples=Examples(texts=texts, labels={1: labels}, label_kind="name", source="bench"),
        cross_validate=False,
    )
    figures["train_seconds"] = time.perf_counter() - started
    figures["train_cpu_seconds"] = time.process_time() - cpu
    figures["train_examples"] = len(texts)
    bundle = store.load(trained.model.file_name)
    assert bundle is not None
    head = bundle.heads[1]
    probe = texts[:1000]
    head.probabilities(probe[0])
    started, cpu = time.perf_counter(), time.process_time()
    for text in probe:
        head.probabilities(text)
    figures["predict_ms"] = (time.perf_counter() - started) * 1000 / len(probe)
    figures["predict_cpu_ms"] = (time.process_time() - cpu) * 1000 / len(probe)
    figures["mean_chars"] = statistics.mean(len(t) for t in probe)
    print(
        f"classifier: trained on {len(texts)} texts in {figures['train_seconds']:.1f} s "
        f"({figures['train_cpu_seconds']:.1f} s CPU); prediction {figures['predict_ms']:.2f} ms per message "
        f"({figures['predict_cpu_ms']:.2f} ms CPU; mean {figures['mean_chars']:.0f} characters)",
        flush=True,
    )
    if classifier_only:
        return figures
    # 2. a case history
    _district, unit = minimal_place()
    villages = list(Region.objects.filter(level="village").values_list("id", "parent_id", "path"))
    pool = sentences()
    now = timezone.now()
    span = timedelta(days=3 * 365)
    started = time.perf_counter()
    batch: list[dict[str, Any]] = []
    planted: list[tuple[int, str, int]] = []
    texts_by_id: dict[int, str] = {}
    for case_id in range(1, cases + 1):
        village, town, path = rng.choice(villages)
        if case_id > 1000 and rng.random() < 0.01:
            source = rng.randrange(max(1, case_id - 5000), case_id)
            base = texts_by_id.get(source, "")
            parts = base.split("。")
            rng.shuffle(parts)
            text = "。".join(parts[: max(1, len(parts) - 1)]) + "。" + rng.choice(pool)
            planted.append((case_id, text, source))
        else:
            text = "。".join(rng.sample(pool, rng.randint(2, 4)))
        if case_id > cases - 6000:
            texts_by_id[case_id] = text
        elif case_id % 5000 == 0:
            texts_by_id.clear()
        texts_by_id[case_id] = text
        batch.append(
            {
                "id": case_id,
                "subject": text[:20],
                "description": text,
                "region_id": village,
                "town_id": town,
                "village_id": village,
                "path": path,
                "phone": f"139{rng.randrange(10**8):08d}",
                "at": now - span * (1 - case_id / cases),
                "status": "in_progress" if case_id > cases * 0.9 else "closed",
            }
        )
        if len(batch) >= 20000:
            bulk_cases(batch, unit=unit)
            batch = []
    if batch:
        bulk_cases(batch, unit=unit)
    figures["insert_seconds"] = time.perf_counter() - started
    print(f"inserted {cases} cases in {figures['insert_seconds']:.0f} s", flush=True)
    started = time.perf_counter()
    indexed = repeats.repeat_index_rebuild(batch_size=5000)
    figures["index_seconds"] = time.perf_counter() - started
    print(
        f"repeat index built for {indexed} cases in {figures['index_seconds']:.0f} s "
        f"({indexed / figures['index_seconds']:.0f} cases/s)",
        flush=True,
    )
    analyze()
    # 3. repeat lookups: 300 intake texts, half planted rewordings of recent cases
    recent_planted = [p for p in planted if p[0] > cases * 0.9][-150:]
    queries: list[tuple[str, int | None, int | None]] = [(t, src, None) for _, t, src in recent_planted]
    while len(queries) < 300:
        queries.append(("。".join(rng.sample(pool, 3)), None, None))
    from gongzhi.cases.models import Case

    village_of = dict(
        Case.objects.filter(id__in=[q[1] for q in queries if q[1]]).values_list("id", "village_id")
    )
    regions = {r.pk: r for r in Region.objects.filter(level="village")}
    durations: list[float] = []
    found_planted = 0
    for text, source, _ in queries:
        region = regions.get(village_of.get(source, 0)) if source else rng.choice(list(regions.values()))
        started = time.perf_counter()
        result = repeats.repeat_candidates(text=text, region=region, phone="13900000000")
        durations.append((time.perf_counter() - started) * 1000)
        if source and any(c.case_id == source for c in result):
            found_planted += 1
    figures["lookup_median_ms"] = statistics.median(durations)
    figures["lookup_p95_ms"] = percentile(durations, 0.95)
    figures["planted_found"] = f"{found_planted}/{len(recent_planted)}"
    print(
        f"repeat_candidates over {cases} cases: median {figures['lookup_median_ms']:.1f} ms, "
        f"p95 {figures['lookup_p95_ms']:.1f} ms; planted rewordings found {figures['planted_found']}",
        flush=True,
    )
    # 4. the whole suggestion the intake form asks for while the clerk types (one request's
    #    work: place resolution, the current model, the responsibility list, the repeat lookup)
    routing_selectors.intake_suggestion(subject="路灯", description=queries[0][0])  # warm caches
    durations = []
    for text, source, _ in queries[:200]:
        region = regions.get(village_of.get(source, 0)) if source else rng.choice(list(regions.values()))
        started = time.perf_counter()
        routing_selectors.intake_suggestion(
            subject=text[:20], description=text, region=region, phone="13900000000"
        )
        durations.append((time.perf_counter() - started) * 1000)
    figures["suggest_median_ms"] = statistics.median(durations)
    figures["suggest_p95_ms"] = percentile(durations, 0.95)
    print(
        f"intake_suggestion (place + model + route + repeats) over {cases} cases: "
        f"median {figures['suggest_median_ms']:.1f} ms, p95 {figures['suggest_p95_ms']:.1f} ms",
        flush=True,
    )
    # 5. the hot-issue job over the last 30 days
    started = time.perf_counter()
    run = hot_issue_recompute(now=now, window_days=30)
    figures["hot_seconds"] = time.perf_counter() - started
    figures["hot_cases"] = run.cases
    print(
        f"hot_issue_recompute: {run.cases} cases in the 30-day window → {run.hot_issues} hot issues "
        f"in {figures['hot_seconds']:.1f} s",
        flush=True,
    )
    return figures


# --- quality: repeats ---------------------------------------------------------------------------

# The matters of the labelled set, chosen by reading the subjects of hot_issue_messages_with_votes.csv
# grouped by the estate/road/school they name. Each is (name, words the whole text must contain,
# words that put a message of that name outside the matter). Messages that name a matter's place
# but fail its other words are left out of the set (neither positive nor negative).
MATTERS: list[tuple[str, list[str], list[str]]] = [
    ("丽发新城 搅拌站扰民", ["丽发新城", "搅拌"], []),
    ("伊景园滨河苑 捆绑销售车位", ["伊景园", "车位"], []),
    ("魅力之城小区 临街餐饮油烟噪音", ["魅力之城"], ["开裂", "万科"]),
    ("润芳园 临街门面油烟", ["润芳园"], []),
    ("青青家园 公共通道烟道", ["青青家园"], []),
    ("兰亭湾畔小区 违规开餐饮", ["兰亭湾畔"], []),
    ("诺亚山林小区门口设医院", ["诺亚山林", "医院"], []),
    ("新国道107 拆迁", ["107", "拆迁"], []),
    ("经济学院 组织学生外出实习打工", ["经济学院"], ["宽带", "食堂", "cet", "理发"]),
    ("58车贷 集资诈骗", ["车贷"], []),
    ("泉星公园 规划", ["泉星公园"], []),
    ("凉塘路 旧城改造", ["凉塘路"], []),
    ("绿地海外滩 高铁噪音", ["绿地海外滩"], []),
    ("东六路下穿长永高速", ["长永高速"], []),
    ("恒基凯旋门 配套幼儿园", ["凯旋门", "幼儿园"], []),
    ("嘉顺苑 安置房质量", ["嘉顺苑"], []),
    ("盛世耀凯 渣土车扰民", ["盛世耀凯"], []),
    ("聚利 诈骗", ["聚利"], []),
    ("洪山公园 建设", ["洪山公园"], []),
    ("江山帝景 幼儿园普惠", ["江山帝景", "幼儿园"], []),
]


def labelled_matters(rows: list[dict[str, str]]) -> tuple[dict[int, str], list[int]]:
    """(message id → matter) for the matters' messages, and the distractors (ids naming no matter)."""
    label: dict[int, str] = {}
    excluded: set[int] = set()
    for row in rows:
        text = row["留言主题"] + row["留言详情"]
        pk = int(row["留言编号"])
        for name, needed, not_wanted in MATTERS:
            if needed[0] not in text:
                continue
            if all(word in text for word in needed) and not any(word in text for word in not_wanted):
                if pk in label:
                    excluded.add(pk)
                label[pk] = name
            else:
                excluded.add(pk)
    for pk in excluded:
        label.pop(pk, None)
    keys = [needed[0] for _, needed, _ in MATTERS]
    distractors = [
        int(row["留言编号"])
        for row in rows
        if int(row["留言编号"]) not in label
        and int(row["留言编号"]) not in excluded
        and not any(key in row["留言主题"] + row["留言详情"] for key in keys)
    ]
    return label, distractors


def repeat_quality() -> dict[str, Any]:
    from gongzhi.routing import repeats

    rows = read(HOT)
    label, distractors = labelled_matters(rows)
    by_id = {int(r["留言编号"]): r for r in rows}
    ids = sorted(label) + distractors
    district, unit = minimal_place()
    bulk_cases(
        [
            {
                "id": pk,
                "subject": by_id[pk]["留言主题"],
                "description": by_id[pk]["留言详情"],
                "region_id": district.pk,
                "path": district.path,
                "phone": f"u{by_id[pk]['留言用户']}",
                "person": by_id[pk]["留言用户"],
                "at": stamp(by_id[pk]["留言时间"]),
            }
            for pk in ids
        ],
        unit=unit,
    )
    repeats.repeat_index_rebuild()
    at = {pk: stamp(by_id[pk]["留言时间"]) for pk in ids}
    returned = correct = top1_total = top1_correct = 0
    wanted_queries = found_queries = 0
    positive_pairs = found_pairs = 0
    durations: list[float] = []
    false_examples: list[tuple[str, str]] = []
    judged: list[tuple[float, bool]] = []  # (score, same matter) of every judged suggestion
    best_correct: list[float] = []  # per message with an earlier repeat: its best correct score (0: none)
    for pk in ids:
        row = by_id[pk]
        earlier_same = (
            [o for o in label if label.get(o) == label.get(pk) and o != pk and at[o] < at[pk]]
            if pk in label
            else []
        )
        started = time.perf_counter()
        found = repeats.repeat_candidates(
            text=f"{row['留言主题']}。{row['留言详情']}",
            phone=f"u{row['留言用户']}",
            exclude_case_id=pk,
            limit=50,
            now=at[pk],
        )
        durations.append((time.perf_counter() - started) * 1000)
        found = [c for c in found if at.get(c.case_id, at[pk]) < at[pk]][:10]
        # Only suggestions with a labelled side are judged: two distractors may well be one
        # matter (the file has exact copies), which the labelled set does not say.
        found = [c for c in found if pk in label or c.case_id in label]
        for position, candidate in enumerate(found):
            same = pk in label and label.get(candidate.case_id) == label[pk]
            judged.append((candidate.score, same))
            returned += 1
            correct += same
            if position == 0:
                top1_total += 1
                top1_correct += same
            if not same and len(false_examples) < 5:
                false_examples.append((row["留言主题"], by_id[candidate.case_id]["留言主题"]))
        if earlier_same:
            wanted_queries += 1
            hits = {c.case_id for c in found} & set(earlier_same)
            best_correct.append(max((c.score for c in found if c.case_id in hits), default=0.0))
            found_queries += bool(hits)
            positive_pairs += min(len(earlier_same), 10)
            found_pairs += len(hits)
    figures = {
        "messages": len(ids),
        "matters": len(set(label.values())),
        "matter_messages": len(label),
        "distractors": len(distractors),
        "returned": returned,
        "precision": correct / returned if returned else 0.0,
        "precision_top1": top1_correct / top1_total if top1_total else 0.0,
        "query_recall": found_queries / wanted_queries if wanted_queries else 0.0,
        "pair_recall": found_pairs / positive_pairs if positive_pairs else 0.0,
        "queries_with_earlier_repeat": wanted_queries,
        "lookup_median_ms": statistics.median(durations),
        "false_examples": false_examples,
        "sizes": Counter(label.values()).most_common(),
    }
    print(
        f"repeat detection on {len(ids)} messages ({len(label)} in {figures['matters']} matters, "
        f"{len(distractors)} distractors): precision {figures['precision']:.3f} "
        f"(top-1 {figures['precision_top1']:.3f}) over {returned} suggestions; "
        f"recall {figures['query_recall']:.3f} of {wanted_queries} messages with an earlier repeat found it, "
        f"pair recall {figures['pair_recall']:.3f}; "
        f"median lookup {figures['lookup_median_ms']:.1f} ms",
        flush=True,
    )
    print("    score ≥   precision   recall (messages with an earlier repeat that find one)")
    for threshold in (0.35, 0.45, 0.55, 0.65, 0.75):
        kept = [same for score, same in judged if score >= threshold]
        share = sum(kept) / len(kept) if kept else 0.0
        recall = (
            sum(score >= threshold for score in best_correct) / len(best_correct) if best_correct else 0.0
        )
        print(f"    {threshold:.2f}      {share:.3f}       {recall:.3f}   ({len(kept)} suggestions)")
    for name, count in figures["sizes"]:
        print(f"    {count:>3}  {name}")
    for a, b in false_examples:
        print(f"    false: {a[:40]}  ←→  {b[:40]}")
    return figures


def hot_quality() -> None:
    from gongzhi.routing import hotspots

    rows = read(HOT)
    items = [
        hotspots.Item(
            id=int(r["留言编号"]),
            text=r["留言详情"],
            title=r["留言主题"],
            at=stamp(r["留言时间"]),
            person=r["留言用户"],
            likes=int(r["点赞数"] or 0),
        )
        for r in rows
    ]
    now = max(item.at for item in items)
    started = time.perf_counter()
    groups = hotspots.group_items(items, now=now, min_people=3)
    seconds = time.perf_counter() - started
    print(
        f"\nhot issues in {len(items)} messages: {len(groups)} groups with ≥3 people in {seconds:.1f} s",
        flush=True,
    )
    by_id = {item.id: item for item in items}
    print("| # | heat | messages | people | likes | span | key words | sample message (subject) |")
    print("|---|---|---|---|---|---|---|---|")
    for rank, group in enumerate(groups[:10], start=1):
        sample = by_id[group.sample_id]
        print(
            f"| {rank} | {group.heat:.1f} | {group.case_count} | {group.people_count} | {group.likes} | "
            f"{group.first_at:%Y-%m-%d} – {group.last_at:%Y-%m-%d} | {'、'.join(group.keywords[:3])} | "
            f"{sample.title} |"
        )
    for rank, group in enumerate(groups[:10], start=1):
        titles = Counter(by_id[i].title for i in group.item_ids)
        print(f"  #{rank}: " + " / ".join(t[:24] for t, _ in titles.most_common(6)))


def answer_quality() -> None:
    from gongzhi.routing.answer_check import RELEVANCE_MIN, answer_check, relevance

    rows = read(REPLIES)
    rng = random.Random(0)
    results = []
    shuffled: list[float] = []
    for index, row in enumerate(rows):
        request = f"{row['留言主题']}。{row['留言详情']}"
        results.append(
            answer_check(
                request=request,
                reply=row["答复意见"],
                requested_at=stamp(row["留言时间"]),
                replied_at=stamp(row["答复时间"]),
            )
        )
        other = rng.randrange(len(rows) - 1)
        other += other >= index
        shuffled.append(relevance(request, rows[other]["答复意见"])[0])
    n = len(results)
    flagged = [r for r in results if r.is_flagged]
    print(f"\nanswer check on {n} real replies: {len(flagged)} flagged ({len(flagged) / n:.1%})")
    reasons = Counter(reason for r in results for reason in r.reasons)
    for reason, count in reasons.most_common():
        print(f"    {reason:<12} {count:>5}  {count / n:.1%}")
    missing = Counter(check.code for r in results for check in r.checks if not check.ok)
    print(
        "  each check failed by: "
        + ", ".join(f"{code} {count / n:.1%}" for code, count in missing.most_common())
    )
    real = [r.relevance for r in results]
    for threshold in (0.05, 0.1, 0.15, 0.2):
        print(
            f"  relevance < {threshold:.2f}: {sum(v < threshold for v in real) / n:.1%} of real pairs, "
            f"{sum(v < threshold for v in shuffled) / n:.1%} of shuffled pairs (in use: {RELEVANCE_MIN})"
        )
    for result, row in [(r, row) for r, row in zip(results, rows, strict=True) if r.is_flagged][:6]:
        print(f"  e.g. [{', '.join(result.reasons)}] {row['留言主题'][:30]} → {row['答复意见'][:90]!r}")


def main() -> None:
    parser = arguments(__doc__ or "")
    parser.add_argument("--speed", action="store_true")
    parser.add_argument("--quality", action="store_true")
    parser.add_argument("--cases", type=int, default=100000)
    parser.add_argument(
        "--classifier-only", action="store_true", help="with --speed: training and latency only"
    )
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    if not (args.speed or args.quality):
        parser.error("choose --speed and/or --quality")
    if args.quality and not HOT.exists():
        print(f"--quality needs the message-board data in {DATA}; not found", file=sys.stderr)
        return
    with bench_database(args.database_url, keep=args.keep) as db:
        print(f"database: {db.label} ({database_version()})")
        print(f"machine:  {machine()}", flush=True)
        if args.quality:
            repeat_quality()
            hot_quality()
            answer_quality()
        if args.speed:
            if args.quality:
                from gongzhi.cases.models import Case
                from gongzhi.routing.models import RepeatBand, RepeatSignature

                RepeatBand.objects.all().delete()
                RepeatSignature.objects.all().delete()
                Case.objects.all().delete()
            speed(args.cases, args.seed, classifier_only=args.classifier_only)


if __name__ == "__main__":
    main()
