from __future__ import annotations

from bot.privacy import is_id_number, local_key, mask_pii, sender_ref

VALID_ID = "11010519491231002X"  # the check-digit example of GB 11643
INVALID_ID = "110105194912310021"


def test_id_number_check_digit() -> None:
    assert is_id_number(VALID_ID)
    assert is_id_number(VALID_ID.lower())
    assert not is_id_number(INVALID_ID)


def test_valid_id_masked_invalid_left() -> None:
    assert mask_pii(f"我的身份证号是{VALID_ID}。") == "我的身份证号是110105********002X。"
    assert mask_pii(f"编号{INVALID_ID}") == f"编号{INVALID_ID}"


def test_mobile_and_bank_card_masked() -> None:
    assert mask_pii("电话13812345678") == "电话138****5678"
    assert mask_pii("卡号6222021234567890128") == "卡号6222***********0128"  # Luhn-valid
    assert mask_pii("订单号6222021234567890123") == "订单号6222021234567890123"  # not Luhn-valid


def test_sender_ref_is_stable_and_keyed() -> None:
    assert sender_ref("openid-1", b"k") == sender_ref("openid-1", b"k")
    assert sender_ref("openid-1", b"k") != sender_ref("openid-1", b"other")
    assert "openid" not in sender_ref("openid-1", None)


def test_local_key_is_made_once_and_kept(tmp_path) -> None:
    path = tmp_path / "var" / "sender.key"
    first = local_key.__wrapped__(path)
    assert len(first) == 32 and local_key.__wrapped__(path) == first
    assert oct(path.stat().st_mode & 0o777) == "0o600"
