"""Choosing among sibling items by the citizen's own words.

An imported catalogue holds many siblings that differ only in their sub-item (保安员证核发(首次申领)
/ (遗失补发) / (到期换发)), or in a grade (一级 / 二级注册建筑师). Citizens describe their situation
(丢了, 快过期了, 换了单位) rather than name the sub-item, so each situation is mapped to the words
official sub-item names use for it; among near-equal matches, the sibling whose name says the most
of them stands alone, and one of another grade than the citizen said falls back. Siblings also
differ by who applies (大陆居民 / 港澳台居民 / 外国人) and by a licence's class (小型汽车 / 摩托车):
a citizen says "我是香港人" or "小车", and one who says nothing of themselves is a resident.
"""

from __future__ import annotations

import re

# Everyday words for a situation -> the words of official sub-item names for it, most specific first.
SITUATIONS = [
    (
        re.compile(r"丢|遗失|掉了|弄没了|找不到|被偷|被盗|不见了|唔见|挂失"),
        ("遗失", "挂失", "补发", "补领", "补办", "补证"),
    ),
    (re.compile(r"补办|补领|补发|补1|补个|补张|补本"), ("补发", "补领", "补办", "补证")),
    (re.compile(r"到期|过期|期满|快过期|有效期|换新|换证|换发|换领|换1"), ("到期", "期满", "换发", "换领", "换证")),
    (re.compile(r"坏了|损坏|损毁|破了|破损|烂了|磨损|看不清"), ("损毁", "损坏", "换发", "换领", "补发")),
    (re.compile(r"第1次|首次|初次|新办|没办过|从没|头1回|新申请|刚考|考过了|考下来"), ("首次", "初次", "新办", "初始")),
    # a company's new name is its 名称 (企业名称变更), a person's their 姓名
    (re.compile(r"(?:公司|企业|单位|厂|店)(?:的)?(?:改名|改了名|名称|名字)|名称变"), ("名称变更", "更名", "变更")),
    (
        re.compile(r"(?<!公司)(?<!企业)(?<!单位)(?<!厂)(?<!店)(?:改名|改了名)|名字变|姓名变"),
        ("姓名变更", "更名", "变更"),
    ),
    (
        re.compile(r"换单位|换公司|换了单位|换了公司|跳槽|新单位|调动|调到|换了家|换了1家|聘用"),
        ("变更单位", "聘用", "变更"),
    ),
    (re.compile(r"变更|改了|信息变|更改|改成|迁移|搬"), ("变更", "更改", "迁移")),
    (re.compile(r"注销|不用了|不要了|不干了|不执业|出国定居|取消|退掉|注消"), ("注销",)),
    (re.compile(r"延期|延续|续期|延长|续注|续1|续个"), ("延续", "延期", "续")),
    (re.compile(r"重新|恢复|失效|过了期又"), ("重新", "恢复")),
    (re.compile(r"进度|办到哪|办好没|好了没|做好没|查1下|到哪1步|批下来没|批了没|批没批|出来了没|下来了没"), ("进度",)),
    (re.compile(r"还回去|归还|交回|退还"), ("归还",)),
    (re.compile(r"借出|借用|借1下|借来"), ("借出",)),
    (re.compile(r"暂停|停掉|停发|先停"), ("暂停",)),
    (re.compile(r"算错|算少|重新算|重核|核算不对"), ("重核",)),
    (re.compile(r"复业|恢复营业|重新开业|重新营业"), ("复业",)),
    (re.compile(r"停业|歇业|暂停营业"), ("停业",)),
    (re.compile(r"迁过来|迁入|迁来|转进来|转过来"), ("迁入", "转入")),
    (re.compile(r"迁走|迁出|转出去|转走"), ("迁出", "转出")),
]
# Who applies: siblings often differ only there (机动车驾驶证初次申领(大陆居民… / 港澳台居民… /
# 外国人…), 注册会计师注册(内地居民 / 香港澳门特别行政区居民 / 台湾地区居民 / 外国人)). Said of the
# citizen (我是香港人, 台胞, 外籍), never of a destination (港澳通行证, 去香港).
APPLICANTS = [
    (
        re.compile(r"(?:大陆|内地)(?:居民|人|户口|户籍)|中国(?:公民|人|籍)|本地人"),
        ("大陆居民", "内地居民"),
    ),
    (
        re.compile(r"(?:香港|澳门|港澳)(?:人|居民|同胞|永久|身份证|籍)|港人|澳人|回乡证"),
        ("香港澳门", "港澳台居民", "港澳居民", "境外人员"),
    ),
    (re.compile(r"台湾(?:人|居民|同胞|身份证|籍)|台胞|台籍"), ("台湾地区居民", "台湾居民", "港澳台居民", "境外人员")),
    (
        re.compile(
            r"外国(?:人|籍|公民|护照)|外籍|老外|(?:美国|英国|法国|德国|日本|韩国|俄罗斯|加拿大|澳大利亚|新西兰"
            r"|新加坡|马来西亚|泰国|越南|印度|菲律宾|印尼|意大利|西班牙)(?:人|籍|公民|护照)"
        ),
        ("外国人", "外籍", "外国公民", "境外人员"),
    ),
    (re.compile(r"外交官|外交人员|使馆|领馆|领事馆"), ("外交人员",)),
    # 军人 is who the military siblings mean unless 武警 is said
    (re.compile(r"武警|武装警察"), ("武警", "武装警察")),
    (re.compile(r"退伍|退役|转业|复员"), ("退役",)),
    (re.compile(r"现役|在部队|还在部队|服役|在役|还在当兵"), ("现役",)),
]
RESIDENT = APPLICANTS[0][1]  # who applies when the citizen does not say: most who ask
APPLICANT_PENALTY = 0.11
# What a licence or qualification covers (…申领小型汽车 / 摩托车 / 大型汽车准驾车型, 医师资格
# (临床 / 口腔 / 中医)): said in everyday words.
CLASSES = [
    (re.compile(r"小车|小汽车|小型车|小型汽车|私家车|轿车|c1|c2|c照"), ("小型汽车", "小型")),
    (re.compile(r"摩托|电单车|机车|d照|e照|f照"), ("摩托车",)),
    (
        re.compile(r"大车|大货|货车|卡车|公交|大巴|客车|大客|a1|a2|b1|b2|a照|b照|挂车|重型"),
        ("大型汽车", "大中型客货车", "大型货车", "大型"),
    ),
    (re.compile(r"西医|临床"), ("临床",)),
    (re.compile(r"牙医|牙科|口腔|看牙"), ("口腔",)),
    (re.compile(r"(?<!西)中医(?!西)"), ("中医",)),
]
ASPECTS = SITUATIONS + APPLICANTS + CLASSES
SITUATION_BONUS = 0.11  # more than the tie margin: the sibling the situation names stands alone
# A grade said in the message (一级, 乙级, 初级): a sibling of another grade is not meant.
_GRADE = re.compile(r"([1-9一二三四五]级|[甲乙丙丁]级|初级|中级|高级|副高级|正高级)")
GRADE_PENALTY = 0.11
_DIGITS = str.maketrans("一二三四五", "12345")


_OFFICIAL_WORDS = re.compile(
    "|".join(
        sorted(
            {w for _, words in SITUATIONS for w in words} | {"办理", "申请", "申领", "核发", "查询", "办证"},
            key=len,
            reverse=True,
        )
    )
)


def family(short_name: str) -> str:
    """What siblings share: the name without its sub-item and situation words (居民身份证补领 and
    居民身份证换领 are both 居民身份证; 一级注册建筑师注销注册 and …变更注册 one family)."""
    return _OFFICIAL_WORDS.sub("", short_name) or short_name


def _counted(text: str) -> str:
    """The message with 一 as 1 wherever it is a count: normalisation writes a numeral as digits only
    before a measure word (第一次 -> 第1次), so "头一回", "查一下" keep theirs; the patterns say 1."""
    return text.replace("一", "1")


def situation_words(text: str) -> list[tuple[str, ...]]:
    """The official words for each situation, applicant and class a (compacted) message describes."""
    counted = _counted(text)
    return [words for pattern, words in ASPECTS if pattern.search(counted)]


def _for_someone_else(name: str, who: list[tuple[str, ...]]) -> bool:
    """Whether a name is for applicants (大陆居民, 港澳台居民, 外国人…) none of whom the message
    says it is about; a message that says nobody is about a resident."""
    named = [words for _, words in APPLICANTS if any(word in name for word in words)]
    return bool(named) and not any(words in who for words in named)


def _fit(name: str, situations: list[tuple[str, ...]], for_someone_else: bool) -> float:
    """How much of the described situations a name says: per situation, 1 for its most specific
    word, less for a more general one; and 1 less for each other situation it is named for
    ("首次办理…进度查询" is not what "第一次办…要带什么" asks about) or applicant (武警), and for
    being for someone else than the message is about. A class not said leaves every class open."""
    total = 0.0
    for words in situations:
        found = [rank for rank, word in enumerate(words) if word in name]
        if found:
            total += 1.0 / (1 + min(found))
    said = {word for words in situations for word in words}
    other = sum(1 for _, words in SITUATIONS + APPLICANTS[1:] if words[0] not in said and words[0] in name)
    return total - other - for_someone_else


# A lookup item (…进度查询, …名单查询) answers "where is my application" or "which are there", not
# how to apply: for a question about applying without a word of looking up, it falls back.
_LOOKUP_ITEM = re.compile(r"查询|公布|公示")
_APPLYING = re.compile(r"要带|带什么|带啥|材料|怎么办|咋办|怎么申请|怎么弄|手续|办理|申请|申领|第1次办|首次办")
_LOOKING_UP = re.compile(r"查|进度|办到哪|好了没|好没|做好|结果|名单|名录|哪些|有哪|公示|公布|在哪看")
LOOKUP_PENALTY = 0.11


def _grades(text: str) -> set[str]:
    return {g.translate(_DIGITS) for g in _GRADE.findall(text)}


def adjusted(text: str, names: list[str], families: list[str], scores: list[float], margin: float) -> list[float]:
    """The scores of matches (best first) after the message's grade and situation have their say:
    another grade than the one said falls back, and so does a sibling for another applicant than
    the one said (a resident when none is), and a lookup item for a question about applying; of a
    family (the name without its sub-item and situation words) with a member within `margin` of
    the best, the siblings whose names say most of the situation stand alone above the family's
    best. Other items keep the search's scores."""
    said = _grades(text)
    values = [
        value - GRADE_PENALTY if said and _grades(name) and not _grades(name) & said else value
        for name, value in zip(names, scores, strict=True)
    ]
    if _APPLYING.search(_counted(text)) and not _LOOKING_UP.search(text):
        lookups = [bool(_LOOKUP_ITEM.search(name)) for name in names]
        values = [value - LOOKUP_PENALTY if lookup else value for value, lookup in zip(values, lookups, strict=True)]
    situations = situation_words(text)
    who = [words for _, words in APPLICANTS if words in situations] or [RESIDENT]
    elsewhere = [_for_someone_else(name, who) for name in names]
    # only beside a sibling for them: an item all of whose kind is for others (外国人停留证件) stays
    meant = {family for family, other in zip(families, elsewhere, strict=True) if not other}
    values = [
        value - APPLICANT_PENALTY if other and family in meant else value
        for value, other, family in zip(values, elsewhere, families, strict=True)
    ]
    if not situations or not values:
        return values
    top = max(values)
    for kin in {families[i] for i, value in enumerate(values) if value >= top - margin}:
        # every sibling of a family near the top, however it scored: "个人游签注办了，查一下好了没"
        # names the item itself whole, yet asks about its 进度查询 sibling
        siblings = [i for i in range(len(values)) if families[i] == kin]
        fits = {i: _fit(names[i], situations, elsewhere[i]) for i in siblings}
        best = max(fits.values())
        if len(siblings) > 1 and best > 0 and list(fits.values()).count(best) < len(siblings):
            lead = max(values[i] for i in siblings)
            for i, fit in fits.items():
                if fit == best:
                    values[i] = max(values[i], lead) + SITUATION_BONUS
    return values
