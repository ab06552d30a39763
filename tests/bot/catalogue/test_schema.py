from __future__ import annotations

import pytest

from bot.catalogue.schema import Catalogue


@pytest.mark.parametrize(
    ("name", "short"),
    [
        ("居民身份证换领（有效期满）", "居民身份证换领"),
        ("机动车驾驶证初次申领(外国人申领大型汽车准驾车型（城市公交车、大型货车）)", "机动车驾驶证初次申领"),
        ("注册会计师注册(（内地居民）)", "注册会计师注册"),
        ("（全文括号）", "（全文括号）"),
    ],
)
def test_the_short_name_drops_the_qualifier_with_its_own_brackets(catalogue: Catalogue, name: str, short: str) -> None:
    assert catalogue.services["t-marriage"].copy(update={"name": name}).short_name == short
