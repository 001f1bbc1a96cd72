"""热点问题: grouping recent cases about the same problem in the same place, ranked by heat.

1. **Blocks.** Cases are grouped only with cases of the same place (village, else town, else
   the district), so two estates with the same complaint stay two hot issues. Data without
   places (the message-board set) is one block.
2. **Similarity.** TF-IDF (sublinear, fitted on the window itself) of character 2–3-grams of
   the Chinese text, so rare shared names (an estate, a school, a road) weigh most and the
   letter boilerplate ("尊敬的领导") weighs nothing; cosine similarity.
3. **Groups.** Average-linkage agglomerative clustering inside each block, cut at cosine
   distance ``DISTANCE_CUT``: every member is on average close to the rest, which avoids the
   chains single-link grouping makes. Blocks larger than ``MAX_BLOCK`` are cut into time-ordered
   slices first (memory is quadratic in the block).
4. **Heat** (``heat_index``):

       heat = 3·ln(1 + P) + ln(1 + N) + 0.5·ln(1 + L) + 2·clip(ln((R₇ + 1) / (R₇′ + 1)), 0, ln 5)

   P distinct people, N cases, L likes (channels that have them), R₇ cases in the last seven
   days of the window and R₇′ in the seven days before: many people weigh most (one person
   writing ten times is not a hot issue), then volume, support, and growth.
5. A group is a hot issue when it has at least ``HOT_MIN_PEOPLE`` distinct people.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import numpy as np

from gongzhi.routing.classifier.text import normalise

DISTANCE_CUT = 0.85
MERGE_SIMILARITY = 0.35
BODY_CHARS = 150
MAX_BLOCK = 4000
GROWTH_DAYS = 7
_NOT_HAN = re.compile(r"[^\u4e00-\u9fff]+")


@dataclass(frozen=True)
class Item:
    """One case or message to group."""

    id: int
    text: str
    at: datetime
    person: str
    place: str = ""
    likes: int = 0
    title: str = ""


@dataclass
class Group:
    item_ids: list[int]
    place: str
    heat: float
    case_count: int
    people_count: int
    likes: int
    growth: float
    first_at: datetime
    last_at: datetime
    sample_id: int
    title: str
    keywords: list[str] = field(default_factory=list)


def heat_index(*, people: int, cases: int, likes: int, recent: int, previous: int) -> tuple[float, float]:
    """(heat, growth) as documented in the module docstring."""
    growth = math.log((recent + 1) / (previous + 1))
    growth = min(math.log(5), max(0.0, growth))
    heat = 3 * math.log1p(people) + math.log1p(cases) + 0.5 * math.log1p(likes) + 2 * growth
    return round(heat, 3), round(growth, 3)


def _prepared(text: str) -> str:
    return _NOT_HAN.sub(" ", normalise(text))


def _cluster_block(matrix: Any, size: int) -> list[list[int]]:
    """Average-linkage clusters (lists of row positions) of one block's TF-IDF rows."""
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.spatial.distance import squareform

    if size == 1:
        return [[0]]
    similarity = (matrix @ matrix.T).toarray()
    np.clip(similarity, 0.0, 1.0, out=similarity)
    distance = 1.0 - similarity
    np.fill_diagonal(distance, 0.0)
    tree = linkage(squareform(distance, checks=False), method="average")
    labels = fcluster(tree, t=DISTANCE_CUT, criterion="distance")
    clusters: dict[int, list[int]] = defaultdict(list)
    for position, label in enumerate(labels):
        clusters[int(label)].append(position)
    return list(clusters.values())


def _merge_close(matrix: Any, clusters: list[list[int]]) -> list[list[int]]:
    """Merge clusters whose centroids are close (cosine ≥ MERGE_SIMILARITY): one matter told in
    different words splits under average linkage, and its parts share the centroid's rare names."""
    from scipy.sparse.csgraph import connected_components
    from sklearn.preprocessing import normalize

    multi = [c for c in clusters if len(c) >= 2]
    if len(multi) < 2:
        return clusters
    centroids = normalize(np.vstack([np.asarray(matrix[c].mean(axis=0)).ravel() for c in multi]))
    close = (centroids @ centroids.T) >= MERGE_SIMILARITY
    count, labels = connected_components(close, directed=False)
    merged: dict[int, list[int]] = defaultdict(list)
    for cluster, label in zip(multi, labels, strict=True):
        merged[int(label)].extend(cluster)
    del count
    return [c for c in clusters if len(c) < 2] + list(merged.values())


def group_items(
    items: Sequence[Item], *, now: datetime, min_people: int = 3, min_cases: int = 2
) -> list[Group]:
    """Hot issues among ``items`` (best first): groups with at least ``min_people`` distinct people."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    if len(items) < 2:
        return []
    texts = [_prepared(f"{item.title}。{item.text[:BODY_CHARS]}") for item in items]
    vectorizer = TfidfVectorizer(
        analyzer="char_wb",
        ngram_range=(2, 3),
        min_df=2,
        # Boilerplate n-grams (尊敬的领导) are dropped in a large window; a small one keeps all.
        max_df=0.3 if len(items) >= 100 else 1.0,
        sublinear_tf=True,
        dtype=np.float32,
    )
    try:
        matrix = vectorizer.fit_transform(texts).tocsr()
    except ValueError:  # no term occurs twice: nothing to group
        return []
    vocabulary = np.array(vectorizer.get_feature_names_out())
    blocks: dict[str, list[int]] = defaultdict(list)
    for index, item in enumerate(items):
        blocks[item.place].append(index)
    groups: list[Group] = []
    for place, members in blocks.items():
        members.sort(key=lambda i: items[i].at)
        for start in range(0, len(members), MAX_BLOCK):
            chunk = members[start : start + MAX_BLOCK]
            for positions in _merge_close(matrix[chunk], _cluster_block(matrix[chunk], len(chunk))):
                indices = [chunk[p] for p in positions]
                if len(indices) < min_cases or len({items[i].person for i in indices}) < min_people:
                    continue
                groups.append(_describe(items, indices, matrix, vocabulary, place=place, now=now))
    groups.sort(key=lambda g: (-g.heat, -g.case_count, g.first_at))
    return groups


def _describe(
    items: Sequence[Item],
    indices: list[int],
    matrix: Any,
    vocabulary: np.ndarray,
    *,
    place: str,
    now: datetime,
) -> Group:
    rows = matrix[indices]
    centroid = np.asarray(rows.mean(axis=0)).ravel()
    # The sample is the medoid: the member closest to the group's centroid.
    closeness = np.asarray(rows @ centroid).ravel()
    sample = indices[int(closeness.argmax())]
    top = np.argpartition(-centroid, 6)[:6] if centroid.size > 6 else np.arange(centroid.size)
    top = top[np.argsort(-centroid[top])]
    keywords = [str(vocabulary[i]) for i in top if centroid[i] > 0]
    members = [items[i] for i in indices]
    people = len({m.person for m in members})
    likes = sum(m.likes for m in members)
    recent = sum(1 for m in members if m.at > now - timedelta(days=GROWTH_DAYS))
    previous = sum(
        1
        for m in members
        if now - timedelta(days=2 * GROWTH_DAYS) < m.at <= now - timedelta(days=GROWTH_DAYS)
    )
    heat, growth = heat_index(
        people=people, cases=len(members), likes=likes, recent=recent, previous=previous
    )
    return Group(
        item_ids=[m.id for m in members],
        place=place,
        heat=heat,
        case_count=len(members),
        people_count=people,
        likes=likes,
        growth=growth,
        first_at=min(m.at for m in members),
        last_at=max(m.at for m in members),
        sample_id=items[sample].id,
        title=(items[sample].title or items[sample].text)[:120],
        keywords=_merge_keywords(keywords),
    )


def _merge_keywords(grams: list[str]) -> list[str]:
    """Drop n-grams contained in a longer kept one ("魅力" inside "魅力之")."""
    kept: list[str] = []
    for gram in sorted({g.strip() for g in grams if g.strip()}, key=len, reverse=True):
        if not any(gram in other for other in kept):
            kept.append(gram)
    order = Counter({g: i for i, g in enumerate(grams)})
    return sorted(kept, key=lambda g: order.get(g, 0))
