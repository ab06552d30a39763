from __future__ import annotations

import pytest

from bot.catalogue.schema import Service
from bot.catalogue.search import ServiceIndex
from bot.segmenter import Segmenter


@pytest.fixture(scope="module")
def index(catalogue) -> ServiceIndex:
    return ServiceIndex(catalogue, Segmenter(catalogue.vocabulary()))


@pytest.mark.parametrize(
    ("text", "service_id"),
    [
        ("身份证丢了怎么办", "t-id-replacement"),
        ("我想领结婚证", "t-marriage"),
        ("身份证过期了要带什么", "t-id-renewal"),
        ("居民身份证换领需要哪些材料", "t-id-renewal"),
        ("ＳＯＳ 身份证 到期", "t-id-renewal"),  # full-width letters and spaces
    ],
)
def test_citizens_words_find_one_service(index: ServiceIndex, text: str, service_id: str) -> None:
    found = index.search(text).confident()
    assert found is not None and found.id == service_id


def test_a_word_two_services_share_offers_both(index: ServiceIndex) -> None:
    result = index.search("办身份证要带什么")
    assert result.confident() is None
    assert {s.id for s in result.candidates()} == {"t-id-renewal", "t-id-replacement"}


def test_words_of_no_service_are_reported_as_unknown(index: ServiceIndex) -> None:
    result = index.search("港澳通行证要什么材料")
    assert result.candidates() == []
    assert "通行证" in "".join(result.unknown_terms)


@pytest.mark.parametrize("text", ["那要多少钱？", "在哪里办", "要带什么材料", ""])
def test_follow_up_questions_name_nothing(index: ServiceIndex, text: str) -> None:
    result = index.search(text)
    assert result.matches == [] and result.unknown_terms == []


def test_closest_always_suggests_something(index: ServiceIndex) -> None:
    assert index.closest("今天天气怎么样")
    assert index.closest("换身份证")[0].id in {"t-id-renewal", "t-id-replacement"}


@pytest.mark.parametrize(
    ("text", "service_id"),
    [("身份證丟了", "t-id-replacement"), ("身分证丢了咋办", "t-id-replacement"), ("嗯 那个 领 结昏证", "t-marriage")],
)
def test_traditional_and_homophones(index: ServiceIndex, text: str, service_id: str) -> None:
    found = index.search(text).confident()
    assert found is not None and found.id == service_id


def test_the_more_specific_phrase_wins(catalogue) -> None:
    longer = catalogue.services["t-id-replacement"].copy(update={"aliases": ["补办身份证到期"]})
    both = catalogue.copy(update={"services": {**catalogue.services, "t-id-replacement": longer}})
    index = ServiceIndex(both, Segmenter(both.vocabulary()))
    assert [s.id for s in index.search("补办身份证到期了").candidates()] == ["t-id-replacement"]


def test_documents_the_citizen_holds_do_not_pick_the_service(index: ServiceIndex) -> None:
    # "身份证" after "我有" is a document held, not the ID-card service being asked about.
    result = index.search("领结婚证，我有身份证和户口本")
    assert [m.service.id for m in result.matches] == ["t-marriage"]


@pytest.mark.parametrize("text", ["养一只狗一个月要花多少钱", "做酸奶要准备什么", "出国旅游要带啥行李"])
def test_unrelated_questions_phrased_like_ours_are_off_topic(index: ServiceIndex, text: str) -> None:
    assert index.off_topic(text)


@pytest.mark.parametrize(
    "text", ["那要多少钱？", "港澳通行证要什么材料", "身份证丢了", "我有户口本", "要多久", "大概多少天能拿到"]
)
def test_follow_ups_services_we_lack_and_documents_stay_on_topic(index: ServiceIndex, text: str) -> None:
    assert not index.off_topic(text)


@pytest.mark.parametrize("text", ["你们办公时间是几点", "有年龄限制吗", "passport 去哪里办"])
def test_follow_ups_about_administration_stay_on_topic(index: ServiceIndex, text: str) -> None:
    assert not index.off_topic(text)


@pytest.mark.parametrize(
    "text",
    [
        "身份证丢了要带什么",
        "身分证到期换新",
        "我有身份证和户口本，结婚还缺什么",
        "那要多少钱",
        "养狗要多少钱",
        "护招咋办",
        "证",
        "补办社保卡",
        "户口本丢了，低保怎么申请",
        "領結婚證，我有身份證和戶口本",
        "上个礼拜带孙子去公园玩，回来发现身份证丢了，到处找都没找到，家里人让我赶紧去派出所补办，请问要带哪些东西去",
    ],
)
def test_the_indexes_score_what_scoring_every_service_by_hand_would(index: ServiceIndex, text: str) -> None:
    """The indexes only save work: a service's score is its longest name or alias in the message
    (written, else heard), else 0.55 x the share of the message's content its words cover plus
    0.3 x the best share of one term the message says, both over syllable pairs and written
    character pairs weighted by rarity (log(1 + services / services with the pair)); a word with an
    official form (户口 -> 户籍) counts as well as the better form covers."""
    import math

    from bot.catalogue.search import IDF_OF_UNKNOWN, PHRASE_SCORE, _pairs, _sound
    from bot.text import compact

    clean = compact(text)
    tokens, sound = index._tokens(clean), _sound(clean)
    pairs = _pairs(clean).union(*(_pairs(t.official) for t in tokens if t.official))
    services = index._services
    owned = {s.id: set().union(*index._term_pairs[s.id]) for s in services}
    idf = {p: math.log1p(len(services) / sum(p in owned[s.id] for s in services)) for p in set().union(*owned.values())}
    by_hand = {}
    for service in services:
        terms = index._terms[service.id]
        heard = [t for t, s in zip(terms, index._term_sounds[service.id], strict=True) if s in sound]
        phrase = next((t for t in terms if t in clean), None) or next(iter(heard), None)
        if phrase:
            by_hand[service.id] = PHRASE_SCORE + 0.1 * min(1.0, len(phrase) / 10)
            continue
        covered = total = 0.0
        for token in tokens:
            shares = []
            for form in filter(None, [token.text, token.official]):
                form_pairs = _pairs(form)
                if not form_pairs:
                    shares.append((float(_sound(form) in index._vocabulary[service.id]), IDF_OF_UNKNOWN))
                    continue
                rarity = [idf.get(p, IDF_OF_UNKNOWN) for p in form_pairs]
                owned_rarity = sum(r for p, r in zip(form_pairs, rarity, strict=True) if p in owned[service.id])
                shares.append((owned_rarity / sum(rarity), sum(rarity) / len(form_pairs)))
            weight = token.weight * shares[0][1]  # the word as said sets its weight
            covered += max(share for share, _ in shares) * weight
            total += weight
        if covered:
            best = max(
                sum(idf[p] for p in pairs & t) / sum(idf[p] for p in t) for t in index._term_pairs[service.id] if t
            )
            by_hand[service.id] = round(0.55 * covered / total + 0.3 * best, 4)
    phrases, scores = index._scored(clean, tokens)
    found = {index._services[i].id: float(score) for i, score in enumerate(scores) if score > 0}
    found |= {index._services[i].id: PHRASE_SCORE + 0.1 * min(1.0, len(p) / 10) for i, p in phrases.items()}
    assert found == pytest.approx(by_hand, abs=1e-4)


def test_a_long_story_is_offered_services_from_a_lower_score(index: ServiceIndex) -> None:
    """Most words of a story are not service words, so its best score is lower."""
    from bot.catalogue.search import CANDIDATE_SCORE, LONG_CANDIDATE_SCORE, SearchResult, ServiceMatch

    story = (
        "我家老人上个月在菜市场摔了一跤，腿脚一直不太利索，子女又都在外地上班，"
        "平时就只能靠邻居帮忙照看，想问问这种情况该怎么办"
    )
    assert index.search(story).least == LONG_CANDIDATE_SCORE and index.search("办身份证").least == CANDIDATE_SCORE
    service = next(iter(index._services))
    weak = [ServiceMatch(service, 0.3)]
    assert SearchResult(weak, [], least=LONG_CANDIDATE_SCORE).candidates() == [service]
    assert SearchResult(weak, []).candidates() == []


def test_a_sub_item_word_several_items_share_names_none_of_them() -> None:
    from bot.catalogue.search import _shared_terms

    def item(sid: str, name: str) -> Service:
        return Service.parse_obj(
            {
                "id": sid,
                "name": name,
                "category": "其他",
                "department": "示例厅",
                "audience": "个人",
                "materials": [],
                "time_limit": {"unit": "工作日"},
                "visits": 1,
                "online": {"available": False},
                "provenance": {"source": "测试", "task_code": sid, "imported": "2026-12-01"},
            }
        )

    services = [item("a", "甲类示例师注册(注销注册)"), item("b", "乙类示例师注册(注销注册)")]
    terms = {s.id: t for s, t in _shared_terms([*services, item("c", "丙证核发(示例补发)")])}
    assert "注销注册" not in terms["a"] | terms["b"]  # says which kind of sub-item, not which register
    assert "示例补发" in terms["c"]  # one item's own bracketed words still name it


def with_items(catalogue, *items: tuple[str, str, list[str]]) -> ServiceIndex:
    """The test catalogue and a few more items (id, name, aliases) shaped like t-marriage."""
    more = {
        sid: catalogue.services["t-marriage"].copy(update={"id": sid, "name": name, "aliases": aliases})
        for sid, name, aliases in items
    }
    extended = catalogue.copy(update={"services": {**catalogue.services, **more}})
    return ServiceIndex(extended, Segmenter(extended.vocabulary()))


def test_what_a_licence_is_for_does_not_name_the_item_named_for_that_thing(catalogue) -> None:
    index = with_items(
        catalogue,
        ("t-trucks", "普通货运车辆查询", ["大货车"]),
        ("t-licence", "机动车驾驶证初次申领(大型汽车准驾车型)", ["驾照"]),
    )
    assert index.search("大货车驾照怎么考").matches[0].service.id == "t-licence"
    assert index.search("大货车信息在哪查").matches[0].service.id == "t-trucks"


def test_a_document_asked_about_as_something_to_bring_is_not_the_item(catalogue) -> None:
    index = with_items(
        catalogue, ("t-contract", "劳动合同公证指引", ["劳动合同"]), ("t-builder", "二级建造师变更注册", ["二建变更"])
    )
    assert index.search("二级建造师换单位变更注册，要带劳动合同吗").matches[0].service.id == "t-builder"
    assert index.search("劳动合同公证要带什么").matches[0].service.id == "t-contract"
