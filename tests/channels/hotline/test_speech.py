"""Text made for the ear: what a caller hears of a written answer."""

from __future__ import annotations

from channels.hotline.speech import for_the_ear, parts


def test_text_for_the_ear() -> None:
    spoken = for_the_ear("【普通护照申领】见 https://zwfw.example/x 😀（信息核对于2026-06-01）")
    assert spoken == "普通护照申领，见"  # the footer in brackets is for a reader
    assert for_the_ear("办理日期：2026-06-01——窗口") == "办理日期：2026年6月1日，窗口"


def test_a_long_list_is_read_three_items_at_a_time() -> None:
    answer = (
        "【护照】需要准备的材料：\n"
        + "\n".join(f"{i}. 材料{i}（原件，1份）" for i in range(1, 8))
        + "\n想核对请告诉我。"
    )
    spoken = parts(answer)
    assert spoken == [
        "护照，需要准备的材料。第1项，材料1。第2项，材料2。第3项，材料3。",
        "第4项，材料4。第5项，材料5。第6项，材料6。",
        "第7项，材料7。想核对请告诉我。",
    ]
