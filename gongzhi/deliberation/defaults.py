"""The default catalogue: bodies, procedures and the twelve matter types (domain-rules §5).

Tags as in the research notes: [P] primary text, [S] secondary source, [UNCONFIRMED] an
assumption that stays editable data. Loaded by ``services.catalogue_load_defaults``.
"""

from __future__ import annotations

from typing import Any

from gongzhi.deliberation.enums import Basis, Comparison, ExpertField, Membership, PublicationKind, StepKind

AT_LEAST, MORE_THAN = Comparison.AT_LEAST, Comparison.MORE_THAN
HALF_MORE = (1, 2, MORE_THAN)
TWO_THIRDS = (2, 3, AT_LEAST)
NO_THRESHOLD = (0, 1, AT_LEAST)

BODIES: list[dict[str, Any]] = [
    {
        "code": "party_branch",
        "name": "村党组织委员会会议",
        "membership": Membership.PARTY_COMMITTEE,
        "quorum": HALF_MORE,
        "majority": HALF_MORE,
        "majority_basis": Basis.PRESENT,
        "notice_days": 0,
        "legal_basis": "四议两公开第一议：村党组织提议 [S]；到会与表决规则 [UNCONFIRMED]，暂按过半数",
    },
    {
        "code": "two_committees",
        "name": "村两委联席会议",
        "membership": Membership.TWO_COMMITTEES,
        "quorum": HALF_MORE,
        "majority": HALF_MORE,
        "majority_basis": Basis.PRESENT,
        "notice_days": 0,
        "legal_basis": "四议两公开第二议：村两委会议商议 [S]；到会与表决规则 [UNCONFIRMED]，暂按过半数",
    },
    {
        "code": "party_members_meeting",
        "name": "党员大会",
        "membership": Membership.PARTY_MEMBERS,
        "quorum": TWO_THIRDS,
        "majority": (1, 2, AT_LEAST),
        "majority_basis": Basis.ENTITLED,
        "notice_days": 3,
        "legal_basis": (
            "四议两公开第三议：三分之二以上党员到会，经应到会党员半数以上同意；提前3天送达方案 [S]"
        ),
    },
    {
        "code": "representatives_meeting",
        "name": "村民代表会议",
        "membership": Membership.REPRESENTATIVES,
        "quorum": TWO_THIRDS,
        "majority": HALF_MORE,
        "majority_basis": Basis.PRESENT,
        "notice_days": 3,
        "legal_basis": "村民委员会组织法第26条；浙江省实施办法第23条（提前3天告知议题）[P]",
    },
    {
        "code": "villagers_meeting",
        "name": "村民会议",
        "membership": Membership.ADULT_VILLAGERS,
        "quorum": HALF_MORE,
        "household_quorum": TWO_THIRDS,
        "majority": HALF_MORE,
        "majority_basis": Basis.PRESENT,
        "notice_days": 10,
        "legal_basis": "村民委员会组织法第21、22条；浙江省实施办法第12、13条 [P]",
    },
    {
        "code": "coop_members_assembly",
        "name": "经济合作社社员大会",
        "membership": Membership.ENTERED,
        "quorum": NO_THRESHOLD,
        "majority": HALF_MORE,
        "majority_basis": Basis.ENTITLED,
        "notice_days": 0,
        "legal_basis": "浙江省村经济合作社组织条例：经应到社员过半数通过 [P]；通知期 [UNCONFIRMED]",
    },
    {
        "code": "coop_reps_assembly",
        "name": "经济合作社社员代表大会",
        "membership": Membership.ENTERED,
        "quorum": TWO_THIRDS,
        "majority": HALF_MORE,
        "majority_basis": Basis.ENTITLED,
        "notice_days": 0,
        "legal_basis": "浙江省村经济合作社组织条例：三分之二以上代表到会，经应到代表过半数通过 [P]",
    },
    {
        "code": "deliberation_team",
        "name": "议事团协商会",
        "membership": Membership.TEAM,
        "quorum": HALF_MORE,
        "majority": HALF_MORE,
        "majority_basis": Basis.PRESENT,
        "notice_days": 0,
        "legal_basis": "夏履民主程序：因事制宜组建议事团 [S]；会议规则 [UNCONFIRMED]",
    },
    {
        "code": "village_hearing",
        "name": "村务听证会",
        "membership": Membership.ENTERED,
        "quorum": NO_THRESHOLD,
        "has_vote": False,
        "notice_days": 0,
        "legal_basis": "齐贤高泽村务听证 [S]；听证规则 [UNCONFIRMED]",
    },
]


def _meeting(name: str, body: str, *, decision: bool = False) -> dict[str, Any]:
    return {"name": name, "kind": StepKind.MEETING, "body": body, "is_decision": decision}


def _publication(name: str, kind: str) -> dict[str, Any]:
    return {"name": name, "kind": StepKind.PUBLICATION, "publication_kind": kind}


_PUBLISH = [
    _publication("决议公开", PublicationKind.DECISION),
    _publication("实施结果公开", PublicationKind.RESULT),
]

PROCEDURES: list[dict[str, Any]] = [
    {
        "code": "four_deliberations_two_publications",
        "name": "四议两公开",
        "is_confirmed": True,
        "description": "2023年中央一号文件要求全面落实。党组织提议→村两委商议→党员大会审议→"
        "村民代表会议或村民会议决议→决议公开→实施结果公开。",
        "steps": [
            _meeting("村党组织提议", "party_branch"),
            _meeting("村两委会议商议", "two_committees"),
            _meeting("党员大会审议", "party_members_meeting"),
            _meeting("村民代表会议决议", "representatives_meeting", decision=True),
            *_PUBLISH,
        ],
    },
    {
        "code": "xialu_team_deliberation",
        "name": "夏履民主程序（议事团协商）",
        "is_confirmed": False,
        "description": "四议两公开之外，在党组织提议后由因事组建的议事团协商。夏履程序原文未见 "
        "[UNCONFIRMED]，步骤可由镇街调整。",
        "steps": [
            _meeting("村党组织提议", "party_branch"),
            _meeting("议事团协商", "deliberation_team"),
            _meeting("村两委会议商议", "two_committees"),
            _meeting("党员大会审议", "party_members_meeting"),
            _meeting("村民代表会议决议", "representatives_meeting", decision=True),
            *_PUBLISH,
        ],
    },
    {
        "code": "hearing_variant",
        "name": "村务听证（高泽）",
        "is_confirmed": False,
        "description": "决议前增加村务听证会。高泽村务听证的具体规则未见原文 [UNCONFIRMED]。",
        "steps": [
            _meeting("村党组织提议", "party_branch"),
            _meeting("村两委会议商议", "two_committees"),
            _meeting("村务听证会", "village_hearing"),
            _meeting("党员大会审议", "party_members_meeting"),
            _meeting("村民代表会议决议", "representatives_meeting", decision=True),
            *_PUBLISH,
        ],
    },
]

_ART24 = "村民委员会组织法第24条"
ENG, FIN, LAW, LAND, AGRI = (
    ExpertField.ENGINEERING,
    ExpertField.FINANCE,
    ExpertField.LAW,
    ExpertField.LAND,
    ExpertField.AGRICULTURE,
)

# (code, name, involves_tender, expert fields, deciding body or "" for the procedure's, legal basis)
MATTER_TYPES: list[tuple[str, str, bool, list[str], str, str]] = [
    ("collective_asset_operation", "集体资产经营（租赁/出售）", True, [FIN, LAW], "", f"{_ART24}第8项"),
    ("house_building_approval", "农民建房审批", False, [LAND, ENG], "", "夏履民主程序事项 [S]"),
    ("small_project_tender", "小微工程招标", True, [ENG, FIN], "", f"{_ART24}第3项"),
    ("collective_project_contracting", "集体经济项目立项与承包", True, [FIN, LAW], "", f"{_ART24}第5项"),
    ("collective_income_use", "集体收益使用与分配", False, [FIN], "", f"{_ART24}第2项；浙江省实施办法第15条"),
    ("public_welfare_fundraising", "公益事业筹资筹劳（一事一议）", False, [ENG, FIN], "", f"{_ART24}第3项"),
    ("land_contracting_plan", "土地承包经营方案", False, [LAW, AGRI], "", f"{_ART24}第4项"),
    ("homestead_plan", "宅基地使用方案", False, [LAND, LAW], "", f"{_ART24}第6项"),
    ("land_compensation_distribution", "征地补偿费使用分配", False, [LAW, FIN], "", f"{_ART24}第7项"),
    (
        "collective_property_disposal",
        "处分集体财产（借贷/租赁/抵押）",
        False,
        [FIN, LAW],
        "",
        f"{_ART24}第8项；浙江省实施办法第15条（抵押）",
    ),
    ("lost_work_allowance", "享受误工补贴人员及标准", False, [FIN], "", f"{_ART24}第1项"),
    (
        "village_rules_revision",
        "村规民约/自治章程修订",
        False,
        [LAW],
        "villagers_meeting",
        "村民委员会组织法第27条：村民会议制定和修改自治章程、村规民约（研究笔记未收录，待核）",
    ),
]
