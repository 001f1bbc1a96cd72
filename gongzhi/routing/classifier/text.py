"""Text preparation shared by the classifier, the repeat index and the hot-issue grouping.

Everything here is deterministic and needs no download: the word list is jieba's dictionary,
which ships inside the jieba package.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Long letters are cut: the first part says what the matter is, and the cut keeps prediction fast.
MAX_CHARS = 3000
# Place codes of anonymised data ("A3区", "K7县") and numbers carry no topic.
_ANONYMISED = re.compile(r"[A-Z]\d{0,2}(?=[市县区省镇])")
_DIGITS = re.compile(r"\d+")
_SPACE = re.compile(r"\s+")
_HAN = re.compile(r"[\u4e00-\u9fff]")


def normalise(text: str) -> str:
    """NFKC (full-width → half-width), lower case, anonymised place codes dropped, digits → 0."""
    text = _ANONYMISED.sub("", unicodedata.normalize("NFKC", text or "")[:MAX_CHARS]).lower()
    text = _DIGITS.sub("0", text)
    return _SPACE.sub(" ", text).strip()


def han_only(text: str) -> str:
    """Only the Chinese characters of ``text`` (for shingles that ignore punctuation and numbers)."""
    return "".join(_HAN.findall(text or ""))


@lru_cache(maxsize=1)
def dictionary_words() -> frozenset[str]:
    """Words of two to four Chinese characters from jieba's bundled dictionary (≈ 300,000)."""
    import jieba

    words: set[str] = set()
    with jieba.get_dict_file() as handle:
        for raw in handle:
            line = raw.decode("utf-8") if isinstance(raw, bytes) else raw
            word = line.split(" ", 1)[0].strip()
            if 2 <= len(word) <= 4 and all("\u4e00" <= ch <= "\u9fff" for ch in word):
                words.add(word)
    return frozenset(words)


class DictionaryAnalyzer:
    """The dictionary words found in a text, without segmenting it (fast: set look-ups only).

    Overlapping matches are all kept (a bag of words a segmenter might choose between), which
    served as well as jieba's segmentation in the experiments and costs a fraction of its time.
    """

    def __init__(self, words: frozenset[str]) -> None:
        self.words = words

    def __call__(self, text: str) -> list[str]:
        words = self.words
        found: list[str] = []
        for size in (2, 3, 4):
            for start in range(len(text) - size + 1):
                piece = text[start : start + size]
                if piece in words:
                    found.append(piece)
        return found


@lru_cache(maxsize=1)
def idf_words() -> dict[str, float]:
    """Words of two to four characters with their IDF, from the table bundled with jieba.analyse."""
    from pathlib import Path

    import jieba.analyse

    table: dict[str, float] = {}
    path = Path(jieba.analyse.__file__).with_name("idf.txt")
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            word, _, value = line.strip().partition(" ")
            if 2 <= len(word) <= 4 and value:
                try:
                    table[word] = float(value)
                except ValueError:
                    continue
    return table


def key_terms(text: str, limit: int = 8) -> list[tuple[str, float]]:
    """The text's most distinctive dictionary words, weighted (1 + ln tf) · idf, best first.

    No segmentation: every two- to four-character substring found in the IDF table counts,
    which is fast (set look-ups) and keeps names the segmenter might cut differently.
    """
    table = idf_words()
    prepared = normalise(text)
    counts: dict[str, int] = {}
    for size in (2, 3, 4):
        for start in range(len(prepared) - size + 1):
            piece = prepared[start : start + size]
            if piece in table:
                counts[piece] = counts.get(piece, 0) + 1
    import math

    weighted = sorted(
        ((word, (1.0 + math.log(n)) * table[word]) for word, n in counts.items()), key=lambda p: (-p[1], p[0])
    )
    return weighted[:limit]
