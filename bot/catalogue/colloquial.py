"""The words citizens use for things official item names call otherwise.

A catalogue of thousands of imported items names things the way departments do (最低生活保障,
机动车驾驶证, 未婚公证); citizens say 低保, 驾照, 单身证明. Hand-written entries carry such words as
aliases, imported ones do not, so the search also tries each of a message's words in its official
form and keeps whichever covers a service better. Only everyday words with one clear official
meaning belong here: a word that means several things (办证, 证明) would mislead the search.
"""

from __future__ import annotations

import re

OFFICIAL = {
    # social security and welfare
    "低保": "最低生活保障",
    "社保": "社会保险",
    "医保": "医疗保险",
    "个税": "个人所得税",
    "养老金": "养老保险待遇",
    "退休金": "养老保险待遇",
    "退休工资": "养老保险待遇",
    "失业金": "失业保险金",
    "生育津贴": "生育保险待遇",
    "公积金": "住房公积金",
    "残疾证": "残疾人证",
    "老年证": "老年人优待证",
    "敬老卡": "老年人优待证",
    "工伤": "工伤保险",
    # documents and registrations
    "驾照": "机动车驾驶证",
    "车牌": "机动车号牌",
    "上牌": "机动车注册登记",
    "房本": "不动产权证书",
    "房产证": "不动产权证书",
    "户口": "户籍",
    "出生证": "出生医学证明",
    "准生证": "生育登记",
    "单身证明": "未婚",
    "单身": "未婚",
    "跟团游": "团队游",
    "自由行": "个人游",
    "跟团": "团队旅游",
    "台胞证": "台湾居民来往大陆通行证",
    "回乡证": "港澳居民来往内地通行证",
    "无犯罪证明": "无犯罪记录证明",
    "健康证": "健康证明",
    "教师证": "教师资格",
    "职称": "专业技术资格",
    # professions and businesses
    "二建": "二级建造师",
    "一建": "一级建造师",
    "社工": "社会工作者",
    "注会": "注册会计师",
    "注安": "注册安全工程师",
    "高企": "高新技术企业",
    "个体户": "个体工商户",
    "小饭馆": "餐饮服务",
    "饭店": "餐饮服务",
    "餐馆": "餐饮服务",
    # other departments' words
    "退伍": "退役军人",
    "拘留所": "被监管人员",
    "看守所": "被监管人员",
    "作证": "证人证言",
    "探视": "探访",
    "探望": "探访",
    "电子眼": "交通技术监控设备",
    "违章": "交通违法",
    "罚单": "交通违法",
    "空气": "空气质量",
    "电费": "用电",
    "电表": "用电",
}
_KEYS = re.compile("|".join(sorted(map(re.escape, OFFICIAL), key=len, reverse=True)))


def official_form(word: str) -> str | None:
    """The word with its everyday parts in official words ("低保申请" -> "最低生活保障申请"), or
    None when it has none."""
    replaced = _KEYS.sub(lambda m: OFFICIAL[m.group()], word)
    return replaced if replaced != word else None
