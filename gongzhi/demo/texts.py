"""Templates for the demo's case texts: one topic per kind of matter, with its catalogue category.

Written for the demo (not taken from any real message); place-holders are filled per case:
``{village}`` ``{town}`` ``{place}`` ``{other}`` (the other party) ``{company}`` ``{estate}``
``{road}`` ``{n}`` ``{months}`` ``{amount}`` ``{count}`` and, in answers, ``{unit}``.
"""

from __future__ import annotations

from dataclasses import dataclass

from gongzhi.cases.enums import CaseKind, PetitionClass, ReturnReason, StatutoryRoute

GENERATED_LABEL = "（演示数据，系统生成）"


@dataclass(frozen=True)
class Topic:
    key: str
    kind: str
    category: str  # full name in the catalogue, "一级 / 二级 / 三级"
    subjects: tuple[str, ...]
    details: tuple[str, ...]
    replies: tuple[str, ...]
    weight: float = 1.0
    petition_class: str = ""
    counterpart: str = "person"  # the other party of a dispute: person / company / estate
    route: str = StatutoryRoute.LITIGATION  # where a redirected case is sent (诉访分离)
    basis: str = ""
    accused: str = ""  # accusations: "village" (the village committee) or a town station's function
    town_share: float = 0.0  # share located at town level (no village)


DISPUTES = (
    Topic(
        "neighbour",
        CaseKind.DISPUTE,
        "政法 / 仲裁与调解 / 其他",
        (
            "邻居房屋滴水引发纠纷",
            "与邻居因出入通道发生纠纷",
            "邻居加建围墙影响通行",
            "邻居堆放杂物占用公共通道",
        ),
        (
            "{other}家新建房屋的屋檐滴水落到我家院子里，多次协商没有结果。",
            "{other}在两家之间的通道上堆放柴火和杂物，影响我家进出。",
            "该通道原为两家共用，已使用二十多年。",
            "双方为此多次争吵，关系十分紧张。",
            "{other}近期在屋后加砌围墙，把原来的小路堵住了一半。",
        ),
        (
            "经{unit}组织双方现场调解，{other}同意加装檐沟并清理通道杂物，双方签订了人民调解协议。",
            "经调解，双方就通道使用达成一致，约定共同维护，纠纷已化解。",
            "{unit}调解员多次上门做工作，双方各让一步，围墙后退半米，通行问题已解决。",
        ),
        weight=5.0,
    ),
    Topic(
        "family",
        CaseKind.DISPUTE,
        "政法 / 仲裁与调解 / 其他",
        ("赡养老人问题引发家庭纠纷", "兄弟之间因老宅分割发生纠纷", "夫妻矛盾激化请求调解"),
        (
            "家中老人已八十多岁，几个子女对赡养费用分担有分歧。",
            "{other}认为老宅应当按人头平分，我不同意。",
            "双方多次争吵，老人情绪很不稳定。",
            "希望村里出面把大家叫到一起说清楚。",
        ),
        (
            "经{unit}调解，兄弟姐妹三人签订赡养协议，约定每月轮流照顾并分担费用。",
            "{unit}邀请乡贤参与调解，双方就老宅分割达成一致意见。",
        ),
        weight=3.0,
    ),
    Topic(
        "homestead",
        CaseKind.DISPUTE,
        "农村农业 / 土地承包经营 / 宅基地纠纷",
        ("宅基地界址不清引发纠纷", "邻居建房超出宅基地范围", "老宅基地归属存在争议"),
        (
            "{other}翻建房屋时地基向我家一侧多占了约{n}十公分。",
            "双方对原来的界址桩位置说法不一。",
            "村里当年的宅基地登记资料不全。",
            "对方已经开始打地基，请求尽快制止并处理。",
        ),
        (
            "{unit}会同自然资源所现场测量，按原批准范围重新确定界址，双方签字确认。",
            "经调解，{other}同意按原界址建房，多占部分退回，纠纷化解。",
        ),
        weight=3.0,
    ),
    Topic(
        "land_transfer",
        CaseKind.DISPUTE,
        "农村农业 / 土地承包经营 / 土地流转",
        ("土地流转租金未按时支付", "承包地被他人占用耕种", "流转合同到期后土地未归还"),
        (
            "我家{n}亩承包地流转给{other}种植，{months}个月租金一直未付。",
            "合同约定每年年底前付清，至今拖欠。",
            "对方在流转地上搭建了大棚，合同到期后拒不拆除。",
            "多次找对方协商，对方一直推脱。",
        ),
        (
            "经{unit}调解，{other}同意一个月内付清拖欠租金{amount}，双方继续履行合同。",
            "经调解，双方解除流转合同，{other}限期拆除大棚并恢复耕种条件。",
        ),
        weight=2.0,
    ),
    Topic(
        "property",
        CaseKind.DISPUTE,
        "城乡建设 / 住房保障与房地产 / 物业服务",
        ("{estate}物业服务质量差引发纠纷", "{estate}物业费收取存在争议", "{estate}地下车库漏水物业不处理"),
        (
            "小区电梯经常故障，物业维修不及时。",
            "物业公司擅自上调停车费，业主意见很大。",
            "地下车库渗水已有{months}个月，多辆车被泡。",
            "业主委员会与物业公司多次协商未果。",
        ),
        (
            "{unit}召集业委会、物业公司召开协调会，物业公司承诺两周内完成电梯检修，停车费暂按原标准收取。",
            "经调解，物业公司已完成车库防水维修，并对受损车辆给予适当补偿。",
        ),
        weight=3.0,
        counterpart="estate",
    ),
    Topic(
        "rental",
        CaseKind.DISPUTE,
        "城乡建设 / 住房保障与房地产 / 房屋租赁",
        ("房屋租赁押金不予退还", "租客拖欠房租后失联", "出租房屋提前收回引发纠纷"),
        (
            "租期已满，房东以墙面损坏为由扣下押金{amount}。",
            "租客已拖欠{months}个月房租，电话联系不上。",
            "房东要求提前一个月收回房屋，但不愿承担违约责任。",
        ),
        (
            "经{unit}调解，房东退还大部分押金，双方签订和解协议。",
            "经调解，双方就房租结算达成一致，租赁关系解除。",
        ),
        weight=2.0,
        town_share=0.15,
    ),
    Topic(
        "noise",
        CaseKind.DISPUTE,
        "环境保护 / 环境污染 / 噪音污染",
        ("楼上住户夜间噪音扰民", "附近加工厂夜间作业噪音大", "广场舞音响声音过大"),
        (
            "{other}每天深夜还在装修或敲打，严重影响休息。",
            "村里的小作坊晚上十点以后还在开机生产。",
            "家里有老人和学生，噪音影响很大。",
            "已经和对方沟通过几次，没有效果。",
        ),
        (
            "{unit}上门协调，对方承诺晚上十点后停止作业，经回访噪音问题已明显改善。",
            "经调解，广场舞队伍调整了活动时间并降低音量，双方达成谅解。",
        ),
        weight=2.5,
    ),
    Topic(
        "pollution_damage",
        CaseKind.DISPUTE,
        "环境保护 / 环保管理 / 污染损害纠纷调解",
        ("企业排污造成鱼塘死鱼", "厂房粉尘影响农作物生长"),
        (
            "{company}排放的废水流入我家鱼塘，死鱼约{n}百斤。",
            "附近厂房粉尘较大，茶叶和蔬菜叶面积灰，影响收成。",
            "要求企业赔偿损失并整改。",
        ),
        (
            "经{unit}组织调解，{company}赔偿养殖户损失{amount}，并承诺完善污水处理设施。",
            "经调解，企业加装除尘设备并对农户损失给予补偿，纠纷已化解。",
        ),
        weight=1.0,
    ),
    Topic(
        "consumer",
        CaseKind.DISPUTE,
        "商贸旅游 / 市场监管 / 商品质量",
        ("购买的电动车质量问题商家拒绝退换", "预付卡商家关门无法退费", "家电维修收费过高"),
        (
            "在{road}一家门店购买的电动车不到一个月就出现电池故障。",
            "在健身房办了预付卡，余额{amount}，现在门店关门了。",
            "商家拒绝按三包规定退换。",
        ),
        ("经{unit}调解，商家同意为消费者更换新车。", "经调解，经营者退还预付卡余额，消费者表示满意。"),
        weight=1.5,
        counterpart="company",
    ),
    Topic(
        "water_use",
        CaseKind.DISPUTE,
        "农村农业 / 水利水电 / 水事纠纷",
        ("农田灌溉用水分配发生纠纷", "邻村堵塞排水沟影响排涝"),
        ("今年天旱，上游{other}家把水渠截住，下游几户田里没有水。", "排水沟被堵后，一下大雨田里就积水。"),
        (
            "经{unit}协调，相关农户约定轮流放水灌溉，纠纷已化解。",
            "{unit}组织疏通排水沟，双方就排水问题达成一致。",
        ),
        weight=1.0,
    ),
    Topic(
        "forest",
        CaseKind.DISPUTE,
        "农村农业 / 林业管理 / 林权改革及权属纠纷",
        ("山林权属界线存在争议", "林地被他人擅自砍伐"),
        (
            "我家承包的山林与{other}家的山林界线不清，对方砍了界线附近的竹子。",
            "双方都拿出了老的林权证，四至描述不一致。",
        ),
        (
            "经{unit}会同林业部门现场踏勘，重新确定界线并签订协议。",
            "经调解，{other}赔偿砍伐损失，双方确认山林界线。",
        ),
        weight=0.8,
    ),
    Topic(
        "land_ownership",
        CaseKind.DISPUTE,
        "国土资源 / 土地资源管理 / 土地权属纠纷",
        ("自留地归属发生争议", "集体土地使用权存在纠纷"),
        ("{other}说这块自留地是他家祖上的，不让我家继续耕种。", "村里土地调整时的记录不完整。"),
        ("经{unit}调查核实当年土地调整记录，确认使用权归属，双方接受调处意见。",),
        weight=0.8,
    ),
    Topic(
        "wage_arrears",
        CaseKind.DISPUTE,
        "劳动和社会保障 / 工资福利 / 工资发放",
        ("{company}拖欠员工工资", "工地拖欠农民工工资{months}个月", "离职后工资未结清"),
        (
            "我在{company}上班，公司已有{months}个月未发工资，共计约{amount}。",
            "同车间还有{count}名工友也被拖欠。",
            "老板说资金周转困难，一直拖着。",
            "春节前急需用钱，请求帮助追讨。",
        ),
        (
            "经{unit}调查核实，{company}确有拖欠工资情况，已责令其限期支付，目前拖欠工资已全部结清。",
            "经{unit}协调，企业与员工签订分期支付协议，首期工资已到账。",
        ),
        weight=2.5,
        counterpart="company",
        route=StatutoryRoute.ARBITRATION,
        basis="《保障农民工工资支付条例》相关规定",
        town_share=0.35,
    ),
    Topic(
        "labour_contract",
        CaseKind.DISPUTE,
        "劳动和社会保障 / 劳动关系 / 劳动合同纠纷",
        ("公司未签劳动合同要求支付双倍工资", "被公司辞退要求经济补偿", "工伤后公司拒绝承担费用"),
        (
            "在{company}工作{n}年多，公司一直没有签劳动合同。",
            "公司以经营困难为由单方面解除劳动合同，没有任何补偿。",
            "上班时手被机器压伤，公司只支付了部分医药费。",
        ),
        (
            "经{unit}调解，{company}同意支付经济补偿金{amount}，双方解除劳动关系。",
            "经调解，公司补签劳动合同并补缴社会保险，员工撤回申请。",
        ),
        weight=1.5,
        counterpart="company",
        route=StatutoryRoute.ARBITRATION,
        town_share=0.35,
    ),
    Topic(
        "traffic",
        CaseKind.DISPUTE,
        "政法 / 交通管理 / 交通事故",
        ("交通事故赔偿双方协商不成", "电动车与小轿车碰撞赔偿纠纷"),
        (
            "{n}月在{road}路口被{other}驾驶的小轿车撞伤，住院{count}天。",
            "交警已出具事故认定书，对方负主要责任。",
            "保险公司理赔后，剩余部分对方不愿承担。",
        ),
        ("经{unit}调解，双方就医疗费、误工费等达成赔偿协议，对方一次性赔付{amount}。",),
        weight=1.2,
        route=StatutoryRoute.LITIGATION,
        town_share=0.4,
    ),
    Topic(
        "medical",
        CaseKind.DISPUTE,
        "卫生计生 / 医患纠纷 / 医疗事故争议",
        ("对医院诊疗结果有异议", "手术后出现并发症要求赔偿"),
        ("家属在{town}卫生院治疗后病情加重，认为存在误诊。", "手术后出现感染，再次住院{count}天。"),
        (
            "经{unit}组织医患双方调解，医院对患者给予适当补偿，双方签订调解协议。",
            "经专家咨询和调解，双方就后续治疗费用达成一致。",
        ),
        weight=0.7,
        route=StatutoryRoute.LITIGATION,
        town_share=0.5,
    ),
    Topic(
        "construction_payment",
        CaseKind.DISPUTE,
        "城乡建设 / 建筑市场 / 拖欠工程款",
        ("拖欠装修工程款", "厂房建设工程款未结算"),
        (
            "为{company}做厂房装修，工程已完工验收，尾款{amount}一直未付。",
            "总包单位以业主未付款为由拖欠分包款。",
        ),
        ("经{unit}协调，{company}已支付拖欠工程款，剩余部分约定限期付清。",),
        weight=0.8,
        counterpart="company",
        route=StatutoryRoute.LITIGATION,
        town_share=0.4,
    ),
)

REQUESTS = (
    Topic(
        "streetlight",
        CaseKind.REQUEST,
        "城乡建设 / 城市建设和市政管理 / 城市公共设施",
        ("{road}路灯损坏晚上出行不便", "{village}村口路灯不亮", "公交站候车亭损坏"),
        (
            "从{place}到文化礼堂的一段路上有{n}盏路灯不亮。",
            "晚上老人孩子出行很不安全。",
            "已经坏了一个多月。",
        ),
        ("经{unit}现场核实，已安排维修，{n}盏路灯已恢复照明。", "候车亭已由相关单位完成修复。"),
        weight=2.5,
        town_share=0.3,
    ),
    Topic(
        "sanitation",
        CaseKind.REQUEST,
        "城乡建设 / 城市建设和市政管理 / 环境卫生",
        ("{place}垃圾清运不及时", "河边垃圾堆积无人清理", "垃圾分类收集点异味大"),
        ("垃圾桶已经满了好几天，没有人来清运。", "夏天气温高，异味很大，蚊蝇很多。", "希望增加清运频次。"),
        ("{unit}已安排保洁人员清理，并将清运频次调整为每日两次。", "经处理，垃圾已清运，收集点已冲洗消毒。"),
        weight=3.0,
    ),
    Topic(
        "dibao",
        CaseKind.REQUEST,
        "民政 / 社会救助 / 农村低保",
        ("咨询申请最低生活保障", "家庭困难申请临时救助"),
        ("家里老伴长期生病，只有我一个人打零工，收入很低。", "想了解申请低保需要哪些材料。"),
        (
            "{unit}已上门了解情况，指导申请人提交低保申请材料，已进入审核程序。",
            "经审核，申请人符合临时救助条件，救助金已发放。",
        ),
        weight=1.5,
    ),
    Topic(
        "pension_enrol",
        CaseKind.REQUEST,
        "劳动和社会保障 / 城镇居民社会保险 / 城乡居民养老保险",
        ("咨询城乡居民养老保险缴费", "养老保险补缴问题"),
        ("今年的城乡居民养老保险在哪里缴费，缴费档次怎么选。", "以前中断缴费{n}年，能不能补缴。"),
        ("{unit}已向反映人解释缴费政策和档次，并协助办理缴费。",),
        weight=1.5,
    ),
    Topic(
        "water_supply",
        CaseKind.REQUEST,
        "城乡建设 / 城市建设和市政管理 / 自来水供应",
        ("{place}自来水水压低", "自来水出现浑浊", "停水未提前通知"),
        ("最近一周高峰时段楼上几乎没有水。", "放出来的水发黄，不敢饮用。", "停水前没有任何通知。"),
        ("经{unit}协调供水公司检修，管网已冲洗，水质恢复正常。", "供水公司已更换加压泵，水压恢复正常。"),
        weight=1.5,
    ),
    Topic(
        "bus",
        CaseKind.REQUEST,
        "城乡建设 / 城市建设和市政管理 / 公共汽车",
        ("建议增加{village}公交班次", "公交车到站不停"),
        ("村里去镇上的公交车一天只有{n}班，出行不方便。", "早上的公交车经常过站不停。"),
        ("经{unit}与公交公司协商，已在早晚高峰各增加一个班次。", "公交公司已对驾驶员进行教育并加强监管。"),
        weight=0.8,
        town_share=0.3,
    ),
    Topic(
        "school_place",
        CaseKind.REQUEST,
        "教育文体 / 教育体制 / 教育资源配置",
        ("新居民子女入学咨询", "孩子就近入学问题"),
        ("我们在{town}打工{n}年，孩子今年上小学，想了解入学条件。", "按学区划分孩子要到较远的学校上学。"),
        (
            "{unit}已向反映人说明新居民子女积分入学政策和办理流程。",
            "经协调，已按政策安排孩子在附近学校就读。",
        ),
        weight=1.0,
        town_share=0.5,
    ),
    Topic(
        "hukou",
        CaseKind.REQUEST,
        "政法 / 户籍证件 / 户籍管理",
        ("户口迁移手续办理咨询", "身份证补办进度查询"),
        ("想把户口从老家迁到{town}，不知道需要什么材料。", "补办身份证一个多月还没有拿到。"),
        ("{unit}已告知户口迁移所需材料，反映人已办理完毕。", "经查询，身份证已制作完成，已通知反映人领取。"),
        weight=1.0,
        town_share=0.4,
    ),
    Topic(
        "power",
        CaseKind.REQUEST,
        "城乡建设 / 城市建设和市政管理 / 电力供应",
        ("{village}频繁停电", "电线老化存在隐患请求改造"),
        ("这个月已经停电{n}次，家里电器受影响。", "村里的电线杆倾斜，线路老化。"),
        ("经{unit}排查，已更换老化线路，供电已恢复稳定。",),
        weight=1.2,
    ),
    Topic(
        "estate_facility",
        CaseKind.REQUEST,
        "城乡建设 / 城市建设和市政管理 / 小区管理",
        ("{estate}电动车充电桩不足", "小区楼道堆物请求清理"),
        ("小区只有{n}个充电桩，很多人在楼道里充电。", "楼道里堆满了杂物，存在消防隐患。"),
        ("{unit}协调物业新增充电桩{count}个，楼道堆物已清理。",),
        weight=1.5,
    ),
    Topic(
        "medical_insurance",
        CaseKind.REQUEST,
        "劳动和社会保障 / 城镇居民社会保险 / 城镇居民医疗保险",
        ("医保报销比例咨询", "异地就医备案办理"),
        ("在上海住院的费用回来怎么报销。", "想了解门诊慢性病的报销比例。"),
        ("{unit}已向反映人解释医保报销政策，并协助办理异地就医备案。",),
        weight=1.0,
    ),
    Topic(
        "road_repair",
        CaseKind.REQUEST,
        "交通运输 / 建设管理 / 设施维护",
        ("{road}路面坑洼请求修复", "村道破损影响通行"),
        ("路面有好几个大坑，下雨天积水，电动车很容易摔倒。", "大货车多，路面压坏严重。"),
        ("经{unit}协调养护单位，破损路面已修补完毕。",),
        weight=1.2,
        town_share=0.4,
    ),
)

EVENTS = (
    Topic(
        "illegal_building",
        CaseKind.EVENT,
        "城乡建设 / 城乡规划 / 违章建筑",
        ("{place}有人私自搭建违章建筑", "屋顶加盖违章阳光房"),
        ("有人在{place}空地上搭建彩钢棚，已经搭了一半。", "楼顶住户正在加盖阳光房。"),
        ("经{unit}现场核查，已责令当事人停止搭建并自行拆除，违建已拆除。",),
        weight=2.0,
    ),
    Topic(
        "safety_hazard",
        CaseKind.EVENT,
        "城乡建设 / 安全生产 / 安全隐患",
        ("{company}厂房存在安全隐患", "出租房内违规住人"),
        ("厂房里堆放大量布料，消防通道被堵。", "一楼仓库里住了好几个人，还在里面做饭。"),
        ("经{unit}检查，已督促企业清理消防通道并整改到位。", "已责令清理违规住人，隐患已消除。"),
        weight=1.5,
        town_share=0.3,
    ),
    Topic(
        "water_pollution",
        CaseKind.EVENT,
        "环境保护 / 环境污染 / 水污染",
        ("河道出现黑臭水体", "有企业偷排废水"),
        ("{place}附近的河水发黑发臭，还有死鱼。", "晚上有管子往河里排放有颜色的水。"),
        ("经{unit}会同生态环境部门排查，已查处偷排企业并责令整改，河道水质已好转。",),
        weight=1.5,
    ),
    Topic(
        "street_vending",
        CaseKind.EVENT,
        "城乡建设 / 城市建设和市政管理 / 城管执法",
        ("{road}占道经营影响通行", "夜市摊点油烟扰民"),
        ("早上菜摊摆到了马路上，车辆和行人都过不去。", "晚上烧烤摊油烟很大。"),
        ("经{unit}整治，占道摊点已引导进入临时疏导点经营。",),
        weight=1.5,
        town_share=0.5,
    ),
    Topic(
        "fire_hazard",
        CaseKind.EVENT,
        "政法 / 社会治安 / 消防安全",
        ("楼道电动车充电存在火灾隐患", "{place}杂物堆积存在火灾隐患"),
        ("有人从楼上拉电线给电动车充电。", "老房子之间堆满了柴草。"),
        ("{unit}已上门劝导并清理杂物，隐患已消除。",),
        weight=1.5,
    ),
    Topic(
        "flood",
        CaseKind.EVENT,
        "农村农业 / 水利水电 / 防汛抗旱",
        ("台风过后山体滑坡隐患", "强降雨后道路积水严重"),
        ("{place}后山有一处坡体出现裂缝。", "连续下雨后，村口道路积水有半米深。"),
        ("{unit}已设置警示标志并组织人员转移，地质灾害隐患点已纳入监测。", "已组织排涝，积水已排除。"),
        weight=1.0,
    ),
    Topic(
        "food_safety",
        CaseKind.EVENT,
        "卫生计生 / 食品药品监管 / 食品安全",
        ("小餐馆卫生条件差", "超市销售过期食品"),
        ("{road}一家小餐馆后厨卫生很差，有人吃了拉肚子。", "在超市买的牛奶已经过期。"),
        ("经{unit}检查，已责令餐馆停业整顿。", "已对超市立案调查，过期食品已下架。"),
        weight=1.0,
        town_share=0.4,
    ),
    Topic(
        "public_order",
        CaseKind.EVENT,
        "政法 / 社会治安 / 治安案件",
        ("{place}有人聚众赌博", "夜间有人酒后滋事"),
        ("晚上经常有人在棋牌室赌博，吵闹到深夜。", "有几个人喝酒后在路边打架。"),
        ("{unit}已出警处置，依法查处相关人员。",),
        weight=1.0,
        town_share=0.3,
    ),
    Topic(
        "air_pollution",
        CaseKind.EVENT,
        "环境保护 / 环境污染 / 大气污染",
        ("印染厂废气异味扰民", "露天焚烧秸秆"),
        ("每天晚上都能闻到刺鼻的气味，怀疑是附近印染厂排放的。", "田里有人焚烧秸秆，烟很大。"),
        ("经{unit}检查，企业废气处理设施已整改，异味明显减轻。", "已制止焚烧行为并开展宣传。"),
        weight=1.2,
    ),
)

PETITIONS = (
    Topic(
        "culture",
        CaseKind.PETITION,
        "教育文体 / 文化 / 公共文化",
        ("建议{village}文化礼堂增加活动", "建议建设村级健身场地"),
        ("文化礼堂平时大多关着门，建议多组织一些活动。", "村里老人多，希望建一个健身场地。"),
        ("{unit}采纳了建议，已将文化礼堂开放时间延长，并每月安排文艺活动。",),
        weight=1.0,
        petition_class=PetitionClass.SUGGESTION,
    ),
    Topic(
        "traffic_plan",
        CaseKind.PETITION,
        "交通运输 / 建设管理 / 规划建设",
        ("建议在{road}增设红绿灯", "建议拓宽进村道路"),
        ("这个路口车流量大，经常发生事故。", "进村道路只有一车道宽，会车困难。"),
        ("{unit}已将该建议纳入明年道路改造计划。", "经研究，已在路口增设减速带和警示标志。"),
        weight=1.0,
        petition_class=PetitionClass.SUGGESTION,
        town_share=0.3,
    ),
    Topic(
        "village_affairs",
        CaseKind.PETITION,
        "农村农业 / 村务管理 / 村务公开",
        ("建议村务公开栏及时更新", "建议公开集体资产出租情况"),
        ("村务公开栏上的内容还是去年的。", "村里集体厂房出租的情况村民不清楚。"),
        ("{unit}已更新村务公开栏，并在村民微信群同步公开集体资产出租情况。",),
        weight=1.0,
        petition_class=PetitionClass.SUGGESTION,
    ),
    Topic(
        "planning",
        CaseKind.PETITION,
        "城乡建设 / 城乡规划 / 规划方案",
        ("对{estate}规划方案提出意见", "建议调整公园规划"),
        ("规划中的高层住宅离我们小区太近，会挡住采光。", "希望公园里多一些停车位。"),
        ("{unit}已将意见转规划设计单位研究，方案已按规定进行日照分析。",),
        weight=0.8,
        petition_class=PetitionClass.SUGGESTION,
        town_share=0.5,
    ),
    Topic(
        "cadre_style",
        CaseKind.PETITION,
        "纪检监察 / 干部作风 / 形式主义",
        ("反映村干部工作作风问题", "反映站所工作人员办事推诿"),
        ("去办事，工作人员让来回跑了好几趟。", "村干部对群众反映的问题不理不睬。"),
        (
            "经{unit}调查核实，已对相关人员进行批评教育，并督促整改。",
            "经核查，反映的部分问题属实，已责令整改。",
        ),
        weight=0.8,
        petition_class=PetitionClass.ACCUSATION,
        accused="village",
    ),
    Topic(
        "abuse_power",
        CaseKind.PETITION,
        "纪检监察 / 滥用职权 / 以权谋私",
        ("检举村干部优亲厚友", "检举执法人员吃拿卡要"),
        ("村里分配安置房时，村干部亲属多分了面积。", "执法检查时有人暗示要请客送礼。"),
        (
            "经{unit}调查，反映问题部分属实，已移送相关部门依规处理。",
            "经调查核实，未发现反映的问题，已向反映人说明。",
        ),
        weight=0.6,
        petition_class=PetitionClass.ACCUSATION,
        accused="enforcement",
    ),
    Topic(
        "village_finance",
        CaseKind.PETITION,
        "纪检监察 / 贪污贿赂 / 挪用公款",
        ("检举村集体资金使用不规范",),
        ("村里修路的资金去向不明。", "集体厂房租金收入没有入账。"),
        ("经{unit}审计核查，已责令村集体规范财务管理，相关问题移送纪检部门处理。",),
        weight=0.5,
        petition_class=PetitionClass.ACCUSATION,
        accused="village",
    ),
    Topic(
        "relocation",
        CaseKind.PETITION,
        "国土资源 / 土地征收 / 安置补偿",
        ("对征地安置补偿标准有异议", "征地补偿款未足额发放"),
        ("我家{n}亩地被征收，补偿标准比邻村低。", "征地已经两年，青苗补偿款还没有发。"),
        (
            "经{unit}核查，补偿标准符合批准的征地补偿安置方案，已向反映人解释说明。",
            "经核实，青苗补偿款已发放到位。",
        ),
        weight=1.2,
        petition_class=PetitionClass.CLAIM,
        route=StatutoryRoute.ADMINISTRATIVE_RECONSIDERATION,
        basis="《中华人民共和国土地管理法》第四十八条及批准的征地补偿安置方案",
    ),
    Topic(
        "demolition",
        CaseKind.PETITION,
        "城乡建设 / 集体土地上房屋拆迁与补偿 / 安置补偿",
        ("拆迁安置房分配问题", "拆迁过渡费未按时发放"),
        ("拆迁后安置房迟迟没有分配。", "过渡费已经{months}个月没有发。"),
        ("经{unit}核实，安置房将于年底前完成分配，过渡费已补发。",),
        weight=1.0,
        petition_class=PetitionClass.CLAIM,
        route=StatutoryRoute.ADMINISTRATIVE_RECONSIDERATION,
        basis="本区集体土地上房屋征收补偿安置相关规定",
    ),
    Topic(
        "pension_amount",
        CaseKind.PETITION,
        "劳动和社会保障 / 退休政策及待遇 / 退休金发放",
        ("对退休金核定金额有异议", "企业退休人员待遇问题"),
        ("退休后核定的养老金比同事低很多。", "原单位改制时的工龄没有计算进去。"),
        (
            "经{unit}复核，养老金核定符合政策规定，已向反映人解释计算依据。",
            "经核实，补充确认了改制前视同缴费年限，养老金已重新核定。",
        ),
        weight=1.0,
        petition_class=PetitionClass.CLAIM,
        route=StatutoryRoute.ADMINISTRATIVE_RECONSIDERATION,
        basis="《中华人民共和国社会保险法》及本省企业职工基本养老保险相关规定",
        town_share=0.5,
    ),
    Topic(
        "landless",
        CaseKind.PETITION,
        "国土资源 / 土地征收 / 失地农民保障",
        ("失地农民养老保障问题",),
        ("土地被征收后，没有办理失地农民养老保障。",),
        ("经{unit}核实，反映人符合参保条件，已办理失地农民养老保障。",),
        weight=0.8,
        petition_class=PetitionClass.CLAIM,
        route=StatutoryRoute.ADMINISTRATIVE_RECONSIDERATION,
        basis="被征地农民基本生活保障相关规定",
    ),
    Topic(
        "dibao_claim",
        CaseKind.PETITION,
        "民政 / 社会救助 / 城镇低保",
        ("低保资格被取消有异议",),
        ("今年复核时低保资格被取消了，但家里情况没有变化。",),
        ("经{unit}重新核对家庭经济状况，反映人家庭收入超过低保标准，已向其解释说明。",),
        weight=0.8,
        petition_class=PetitionClass.CLAIM,
        route=StatutoryRoute.ADMINISTRATIVE_RECONSIDERATION,
        basis="《社会救助暂行办法》及本省最低生活保障办法",
    ),
    Topic(
        "veteran",
        CaseKind.PETITION,
        "民政 / 优抚 / 老退役军人待遇",
        ("退役军人优抚待遇落实问题",),
        ("本人是退役军人，优待金没有按时发放。",),
        ("经{unit}核实，优待金已补发到位。",),
        weight=0.6,
        petition_class=PetitionClass.CLAIM,
        route=StatutoryRoute.ADMINISTRATIVE_RECONSIDERATION,
        basis="《退役军人保障法》及相关优抚政策",
    ),
    Topic(
        "police_complaint",
        CaseKind.PETITION,
        "政法 / 警务督察 / 警务执法",
        ("对派出所处理结果不满", "报警后出警不及时"),
        ("报警后等了很久才有人来。", "对派出所作出的治安处罚决定不服。"),
        ("经{unit}调查，出警过程符合规定，已向反映人说明情况。",),
        weight=0.6,
        petition_class=PetitionClass.CLAIM,
        route=StatutoryRoute.ADMINISTRATIVE_RECONSIDERATION,
        basis="《中华人民共和国治安管理处罚法》相关规定",
        town_share=0.4,
    ),
)

ALL_TOPICS = DISPUTES + REQUESTS + EVENTS + PETITIONS

OPENINGS = {
    "letter": "来信反映：",
    "call": "来电反映：",
    "visit": "来访反映：",
    "online": "网上留言：",
    "village_report": "村社上报：",
    "grid_report": "网格员巡查发现：",
}
ASKS = ("希望有关部门尽快核实处理。", "请求协调解决。", "请依法处理。", "希望尽快给予答复。", "")
REPEAT_OPENINGS = ("此前已经反映过，至今没有解决。", "多名群众反映同一问题。", "再次反映：")

NOT_ACCEPTED_REASONS = (
    "反映事项已由人民法院作出生效判决，不属于信访受理范围。",
    "反映人未提供具体事实和诉求，经告知后仍未补充。",
    "反映事项正在办理期限内，不予重复受理。",
    "反映事项不属于本级行政机关职权范围，已告知向有权机关提出。",
)
REDIRECT_REASONS: dict[str, str] = {
    StatutoryRoute.LITIGATION: (
        "该事项属于民事权益争议，可依法向人民法院提起诉讼，已告知诉讼服务中心的地址和流程。"
    ),
    StatutoryRoute.ARBITRATION: "该事项属于劳动争议，可向柯桥区劳动人事争议仲裁委员会申请仲裁。",
    StatutoryRoute.ADMINISTRATIVE_RECONSIDERATION: "对行政机关作出的行政行为不服，可依法申请行政复议。",
}
TRANSFER_OUT = (
    ("柯桥区纪委区监委", "反映事项涉及公职人员违纪违法，依规转送纪检监察机关。"),
    ("绍兴市中级人民法院", "反映事项涉及法院审判执行，转送法院处理。"),
    ("国家税务总局绍兴市柯桥区税务局", "反映事项属于税务机关职责。"),
    ("绍兴市住房公积金管理中心柯桥分中心", "反映事项属于住房公积金管理机构职责。"),
)
RETURN_TEXTS: dict[str, str] = {
    ReturnReason.WRONG_LOCALITY: "经核实，事发地点不在本单位辖区，请中心重新分派。",
    ReturnReason.UNCLEAR_AUTHORITY: "该事项涉及多个部门职责，权属不清，请中心研判后重新分派。",
    ReturnReason.OVERLAPPING_FUNCTIONS: "该事项与其他部门职能交叉，建议由牵头部门统筹办理。",
    ReturnReason.OTHER: "反映人提供的联系方式有误，无法核实具体情况，请补充信息后再派。",
}
ARBITRATION_REASONS = (
    "经研判，该事项属于贵单位职责范围，请按期办理，不得再退。",
    "根据权责清单，由原承办单位牵头办理。",
)
REDISPATCH_REASONS = ("经研判重新分派。", "按退单意见调整承办单位。")
ESCALATE_REASONS = (
    "双方分歧较大，村级调解未果，申请上报。",
    "涉及多个部门，需上级统筹协调。",
    "涉及金额较大、情况复杂，本级难以处置，申请上报。",
)
ASSIGN_DOWN_TASKS = ("请牵头调查处理，按期反馈结果。", "请核实情况后依法处理并答复反映人。")
TRANSFER_REASONS = ("经研判，该事项由其他单位办理更为合适。",)
CO_TASKS = (
    "请配合开展现场核查并提供相关资料。",
    "请就本单位职责范围内的问题提出处理意见。",
    "请派员参加联合调解。",
)
CO_ANSWERS = (
    "已配合完成现场核查，相关情况已反馈牵头单位。",
    "经核查，属于本单位职责的部分已处理完毕。",
    "已派员参加联合调解，调解意见已反馈。",
)
EXTENSION_REASONS = (
    "案情复杂，需进一步调查取证",
    "需协调多个部门会商",
    "当事人外出务工，暂时无法联系",
    "需等待鉴定结果",
)
EXTENSION_REJECTIONS = ("现有材料已可作出处理，请按期办结。", "延期理由不充分。")
NOTES = (
    "已电话联系反映人，了解基本情况。",
    "已到现场查看，拍照取证。",
    "已约谈相关当事人。",
    "已组织双方当事人面对面沟通。",
    "已向相关部门调取资料。",
)
FOLLOW_UP_COMMENTS = {
    "satisfied": ("处理及时，态度很好。", "问题已经解决，谢谢。", ""),
    "basically_satisfied": ("问题基本解决，希望后续继续关注。", "处理还可以，就是时间长了一点。", ""),
    "dissatisfied": ("问题没有实际解决。", "对处理结果不认可，要求重新处理。"),
}
REVIEW_REASONS = (
    "对处理意见不服，认为事实认定有误。",
    "补偿标准偏低，申请复查。",
    "处理意见没有回应我的主要诉求。",
)
RE_REVIEW_REASONS = ("对复查意见仍然不服，申请复核。",)
REVIEW_OPINIONS = {
    "support": "经复查，原处理意见部分事实认定不清，已责成原办理机关重新核实处理，支持反映人的合理诉求。",
    "explain": "经复查，原处理意见认定事实清楚，适用依据正确，予以维持，并向反映人作了解释说明。",
    "not_support": "经复查，反映人的诉求缺乏事实和政策依据，不予支持，原处理意见予以维持。",
}
RE_REVIEW_OPINIONS = {
    "support": "经复核，复查意见部分不当，予以纠正，支持反映人的合理诉求。",
    "explain": "经复核，复查意见认定事实清楚，处理恰当，予以维持。",
    "not_support": "经复核，反映人的诉求不予支持，本复核意见为终结意见。",
}
MERGE_REASONS = ("同一反映人就同一事项重复反映，并入首件办理。", "多人反映同一事项，并案处理。")
CLOSE_NOTES = ("已答复反映人，办结。", "")
PETITION_BASIS = "《信访工作条例》第三十二条"
