from __future__ import annotations

import pytest

from bot.catalogue import subitems
from bot.text import compact


def scores(text: str, names: list[str], values: list[float]) -> list[float]:
    families = [subitems.family(compact(n.split("(")[0])) for n in names]
    return subitems.adjusted(compact(text), [compact(n) for n in names], families, values, 0.1)


def test_the_situation_picks_the_sibling_whose_name_says_it_most_specifically() -> None:
    names = ["爆破作业人员许可(损毁补发)", "爆破作业人员许可(遗失补发)", "爆破作业人员许可(新办理)"]
    lost = scores("爆破证弄丢了怎么补", names, [0.6, 0.6, 0.55])
    assert lost[1] > lost[0] + 0.1 and lost[1] > lost[2] + 0.1
    broken = scores("爆破证坏了", names, [0.6, 0.6, 0.55])
    assert broken[0] == max(broken)


def test_items_that_are_not_siblings_keep_their_scores() -> None:
    names = ["居民身份证补领(遗失)", "不动产权证书补发"]
    assert scores("补房本要带什么", names, [0.57, 0.5]) == [0.57, 0.5]


def test_another_grade_than_the_one_said_falls_back() -> None:
    names = ["二级注册结构工程师执业资格注册核准(注销注册)", "一级注册结构工程师注销注册"]
    adjusted = scores("一级结构工程师注册要注销", names, [0.59, 0.5])
    assert adjusted[1] > adjusted[0]


def test_no_situation_no_change() -> None:
    names = ["保安员证核发(首次申领)", "保安员证核发(遗失补发)"]
    assert scores("保安员证要什么材料", names, [0.9, 0.9]) == [0.9, 0.9]


def test_family_drops_situation_words() -> None:
    assert subitems.family("居民身份证补领") == subitems.family("居民身份证换领") == "居民身份证"
    assert subitems.family(compact("一级注册建筑师注销注册")) == subitems.family(compact("一级注册建筑师变更注册"))


def test_a_sibling_named_for_another_situation_is_not_chosen_for_this_one() -> None:
    names = ["办理往来港澳通行证", "首次办理往来港澳通行证进度查询"]
    first_time = scores("第一次办港澳通行证要带什么", names, [0.8, 0.8])
    assert first_time[0] >= first_time[1]  # 首次 fits the progress query's name, but nobody asked for 进度
    progress = scores("第一次办的港澳通行证想查进度", names, [0.8, 0.8])
    assert progress[1] > progress[0] + 0.1


def test_everyday_words_for_returning_and_moving() -> None:
    names = ["户口页借出", "户口页归还"]
    assert scores("户口页用完了要还回去", names, [0.9, 0.4])[1] > 0.9


def test_a_lookup_item_is_not_what_a_question_about_applying_means() -> None:
    names = ["办理及加注普通护照", "首次办理普通护照办证进度查询"]
    applying = scores("办护照要带什么", names, [0.5, 0.5])
    assert applying[0] > applying[1] + 0.1
    looking_up = scores("办护照的进度在哪查", names, [0.5, 0.5])
    assert looking_up[1] >= looking_up[0]


def test_a_count_said_in_words_names_the_situation_as_digits_do() -> None:
    """Normalisation writes 一 as 1 only before a measure word: "头一回" keeps its 一."""
    assert ("首次", "初次", "新办", "初始") in subitems.situation_words(compact("头一回办这个证"))
    names = ["示例证进度查询(换发)", "示例证进度查询(首次)"]
    first = scores("头一回办示例证，查下进度", names, [0.6, 0.5])
    assert first[1] > first[0]


def test_a_company_renamed_is_its_name_changed_not_a_persons() -> None:
    names = ["示例师注册(个人姓名变更)", "示例师注册(企业名称变更)"]
    company = scores("单位改名了，示例师注册要变", names, [0.5, 0.5])
    assert company[1] > company[0]
    person = scores("我改名了，示例师注册要变", names, [0.5, 0.5])
    assert person[0] > person[1]


ACCOUNTANT = [
    "注册会计师注册(（内地居民）)",
    "注册会计师注册(（香港澳门特别行政区居民）)",
    "注册会计师注册(（台湾地区居民）)",
    "注册会计师注册(（外国人）)",
]


def best(text: str, names: list[str]) -> list[str]:
    values = scores(text, names, [0.6] * len(names))
    return [name for name, value in zip(names, values, strict=True) if value == max(values)]


@pytest.mark.parametrize(
    ("text", "meant"),
    [
        ("我是台湾同胞，注册会计师怎么注册", "台湾地区居民"),
        ("香港永久居民注册会计师注册要什么", "香港澳门特别行政区居民"),
        ("外籍人士注册会计师注册", "外国人"),
        ("我是日本人，注册会计师注册多久", "外国人"),
        ("注册会计师注册要带什么", "内地居民"),  # nobody else said: a resident asks
        ("去香港出差前想把注册会计师注册办了", "内地居民"),  # a destination, not who applies
    ],
)
def test_who_applies_picks_the_sibling_named_for_them(text: str, meant: str) -> None:
    assert best(text, ACCOUNTANT) == [next(n for n in ACCOUNTANT if meant in n)]


DRIVING = [
    f"机动车驾驶证初次申领({who}申领{kind}准驾车型)"
    for who in ("大陆居民", "港澳台居民", "外国人")
    for kind in ("小型汽车", "摩托车", "大型汽车")
]


def test_the_licence_class_said_in_everyday_words_picks_it() -> None:
    assert best("想考个电单车驾照", DRIVING) == ["机动车驾驶证初次申领(大陆居民申领摩托车准驾车型)"]
    assert best("澳门居民考小车驾照", DRIVING) == ["机动车驾驶证初次申领(港澳台居民申领小型汽车准驾车型)"]


def test_a_class_not_said_leaves_the_resident_s_classes_to_choose_from() -> None:
    assert best("第一次考驾照", DRIVING) == DRIVING[:3]


def test_soldiers_are_the_army_s_unless_armed_police_is_said() -> None:
    names = [
        f"机动车驾驶证持军警驾驶证申领({who}持{force}（小型汽车）驾驶证申请机动车驾驶证)"
        for who, force in (
            ("现役军人", "军队"),
            ("退役军人", "军队"),
            ("现役武警", "武装警察部队"),
            ("退役武警", "武装警察部队"),
        )
    ]
    assert best("退伍了，部队的驾驶证换地方的", names) == [names[1]]
    assert best("我是现役武警，驾驶证怎么换", names) == [names[2]]


def test_a_qualification_s_field_in_everyday_words() -> None:
    names = ["港澳医师内地医师资格认定(中医)", "港澳医师内地医师资格认定(临床)", "港澳医师内地医师资格认定(口腔)"]
    assert best("香港西医想拿内地医师资格", names) == [names[1]]
    assert best("澳门牙医内地医师资格怎么认定", names) == [names[2]]


def test_an_applicant_nobody_said_only_orders_the_siblings() -> None:
    """A resident is assumed, not said: the resident's sibling does not rise above another item."""
    names = ["驾驶人体检信息查询", DRIVING[0], DRIVING[3]]
    adjusted = scores("驾照体检去哪做", names, [0.6, 0.58, 0.58])
    assert adjusted[0] == 0.6 and adjusted[1] == 0.58 and adjusted[2] < 0.58


def test_an_item_for_others_with_no_sibling_for_the_citizen_keeps_its_score() -> None:
    names = ["签发外国人停留证件", "换发外国人停留证件", "居民身份证换领"]
    assert scores("帮外国同事办停留证件", names, [0.6, 0.58, 0.4]) == [0.6, 0.58, 0.4]
