"""Small synthetic training data for the classifier tests (no competition data in the repository)."""

from __future__ import annotations

import csv
import random
from pathlib import Path

# Three first-level categories of the default catalogue, each with its own vocabulary.
TOPICS: dict[str, tuple[list[str], list[str]]] = {
    "城乡建设": (
        ["小区路灯", "村道路面", "物业公司", "违章建筑", "自来水管", "燃气管道", "排水沟", "老旧小区改造"],
        ["坏了很久没人修", "破损严重影响出行", "一直没有整改", "存在安全隐患", "请尽快维修"],
    ),
    "环境保护": (
        ["工厂废气", "夜间施工噪音", "河道污水", "垃圾焚烧", "印染厂排放", "油烟直排"],
        ["污染环境", "刺鼻气味扰民", "河水发黑发臭", "严重影响休息", "请环保部门查处"],
    ),
    "教育文体": (
        ["学校食堂", "幼儿园收费", "中学课外补课", "小学学位", "校车安全", "文化礼堂活动"],
        ["学生家长意见很大", "老师乱收费", "孩子入学困难", "教育局请核实", "希望学校改进"],
    ),
}
OPENERS = ["您好，", "尊敬的领导：", "", "反映一个问题，", "我是本地居民，"]


def synthetic_messages(per_class: int = 30, seed: int = 7) -> list[tuple[str, str]]:
    rng = random.Random(seed)
    rows: list[tuple[str, str]] = []
    for label, (subjects, complaints) in TOPICS.items():
        for _ in range(per_class):
            text = (
                f"{rng.choice(OPENERS)}{rng.choice(subjects)}{rng.choice(complaints)}，"
                f"{rng.choice(subjects)}{rng.choice(complaints)}。"
            )
            rows.append((text, label))
    rng.shuffle(rows)
    return rows


def write_csv(
    path: Path, rows: list[tuple[str, str]], text_col: str = "text", label_col: str = "label"
) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([text_col, label_col])
        writer.writerows(rows)
    return path
