"""Made-up people for the demo: names, phone numbers, GB 11643 ID numbers, addresses.

Everything is drawn from a caller's ``random.Random``, so the same seed gives the same people.
None of it belongs to a real person: names are random combinations of common characters, phone
numbers random digits after a real carrier prefix, ID numbers random birth dates and sequence
numbers with a correct check character.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from itertools import accumulate

from gongzhi.core.ids import resident_id_check_char

# Common surnames, weighted towards those frequent in Shaoxing.
_SURNAMES = (
    ("王", 9),
    ("陈", 9),
    ("张", 6),
    ("李", 5),
    ("徐", 5),
    ("沈", 5),
    ("金", 4),
    ("钱", 3),
    ("周", 4),
    ("吴", 4),
    ("孙", 3),
    ("朱", 3),
    ("胡", 3),
    ("杨", 3),
    ("黄", 3),
    ("俞", 3),
    ("傅", 2),
    ("阮", 2),
    ("宋", 2),
    ("何", 2),
    ("丁", 2),
    ("方", 2),
    ("马", 2),
    ("章", 2),
    ("钟", 1),
    ("袁", 1),
    ("高", 2),
    ("谢", 2),
    ("许", 2),
    ("邵", 2),
    ("潘", 2),
    ("郑", 2),
    ("蒋", 1),
    ("鲁", 1),
    ("单", 1),
    ("寿", 1),
    ("茹", 1),
    ("裘", 1),
    ("赵", 2),
    ("刘", 3),
    ("孟", 1),
    ("罗", 1),
    ("韩", 1),
    ("冯", 1),
    ("叶", 2),
)
_SURNAME_CHOICES = [name for name, _ in _SURNAMES]
_SURNAME_WEIGHTS = list(accumulate(weight for _, weight in _SURNAMES))
_GIVEN_MALE = "建国伟强军明华林平涛斌杰刚勇峰俊磊鑫浩宇志文海东春荣德兴福根祥国忠良永庆"
_GIVEN_FEMALE = "丽萍芳娟敏静燕霞红英玲琴美兰秀珍凤娣慧婷雪莉佳颖琳洁月素"

# Region codes of ID numbers: mostly Shaoxing (incl. the former 绍兴县 330621), some from the
# provinces many of Keqiao's textile workers come from.
_ID_AREAS = (
    ("330621", 30),
    ("330603", 25),
    ("330602", 6),
    ("330604", 4),
    ("330681", 5),
    ("330683", 3),
    ("330624", 2),
    ("511321", 3),
    ("513030", 2),
    ("522121", 3),
    ("522425", 2),
    ("411323", 3),
    ("412726", 2),
    ("342221", 3),
    ("342425", 2),
    ("362421", 2),
    ("430524", 2),
    ("360321", 2),
)
_ID_AREA_CHOICES = [code for code, _ in _ID_AREAS]
_ID_AREA_WEIGHTS = list(accumulate(weight for _, weight in _ID_AREAS))
_MOBILE_PREFIXES = (
    "130",
    "131",
    "132",
    "133",
    "135",
    "136",
    "137",
    "138",
    "139",
    "150",
    "151",
    "152",
    "153",
    "155",
    "157",
    "158",
    "159",
    "166",
    "173",
    "176",
    "177",
    "180",
    "181",
    "182",
    "183",
    "186",
    "187",
    "188",
    "189",
    "191",
    "198",
    "199",
)


def person_name(rng: random.Random, *, female: bool | None = None) -> str:
    if female is None:
        female = rng.random() < 0.45
    pool = _GIVEN_FEMALE if female else _GIVEN_MALE
    surname = rng.choices(_SURNAME_CHOICES, cum_weights=_SURNAME_WEIGHTS)[0]
    given = rng.choice(pool) if rng.random() < 0.25 else rng.choice(pool) + rng.choice(pool)
    return surname + given


def mobile_number(rng: random.Random) -> str:
    return rng.choice(_MOBILE_PREFIXES) + f"{rng.randrange(10**8):08d}"


def resident_id(
    rng: random.Random, *, female: bool | None = None, born_from: int = 1946, born_to: int = 2004
) -> str:
    """An 18-character number that passes the GB 11643-1999 check (random, so nobody's)."""
    area = rng.choices(_ID_AREA_CHOICES, cum_weights=_ID_AREA_WEIGHTS)[0]
    first = date(born_from, 1, 1)
    span = (date(born_to, 12, 31) - first).days
    born = first + timedelta(days=rng.randrange(span))
    sequence = rng.randrange(1, 500) * 2
    if female is False or (female is None and rng.random() < 0.55):
        sequence -= 1  # an odd sequence digit means a man
    first17 = f"{area}{born:%Y%m%d}{sequence:03d}"
    return first17 + resident_id_check_char(first17)


_COMPANY_HEADS = "华宇恒泰鑫盛永丰金达兴隆瑞祥宏远佳禾天成汇通锦程亿联凯越中纺"
_COMPANY_TRADES = (
    "纺织品有限公司",
    "印染有限公司",
    "服饰有限公司",
    "化纤有限公司",
    "家纺有限公司",
    "纺织科技有限公司",
    "建设工程有限公司",
    "物流有限公司",
    "机械有限公司",
    "餐饮管理有限公司",
    "物业服务有限公司",
)
_ESTATE_HEADS = "金湖滨江鉴湖兰亭玉兰桂花香樟锦绣翠苑东方柯岩笛扬瓜渚融创万达"
_ESTATE_TAILS = ("花园", "苑", "名邸", "小区", "家园", "公寓", "府")
_ROADS = (
    "笛扬路",
    "群贤路",
    "湖西路",
    "裕民路",
    "鉴湖路",
    "柯北大道",
    "金柯桥大道",
    "钱陶公路",
    "湖东路",
    "兴越路",
    "万商路",
    "华齐路",
    "育才路",
    "柯华路",
    "越州大道",
    "平水大道",
    "古城路",
    "兰亭路",
    "安华路",
    "齐贤路",
)


def company_name(rng: random.Random) -> str:
    head = rng.choice(_COMPANY_HEADS) + rng.choice(_COMPANY_HEADS)
    return f"绍兴{head}{rng.choice(_COMPANY_TRADES)}"


def estate_name(rng: random.Random) -> str:
    return rng.choice(_ESTATE_HEADS) + rng.choice(_ESTATE_HEADS) + rng.choice(_ESTATE_TAILS)


def road_name(rng: random.Random) -> str:
    return rng.choice(_ROADS)


def address_in(rng: random.Random, *, town: str, village: str | None) -> str:
    """A street address: a house in a village, a flat in a community, or a number on a road."""
    if village is None:
        return f"柯桥区{town}{road_name(rng)}{rng.randrange(1, 400)}号"
    if village.endswith("社区"):
        return (
            f"柯桥区{town}{village}{estate_name(rng)}{rng.randrange(1, 30)}幢"
            f"{rng.randrange(1, 4)}单元{rng.randrange(1, 18)}0{rng.randrange(1, 5)}室"
        )
    return f"柯桥区{town}{village}{rng.randrange(1, 15)}组{rng.randrange(1, 200)}号"
