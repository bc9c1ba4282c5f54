from __future__ import annotations

import codecs
import unicodedata
from pathlib import Path

import pytest

from themework.domain.errors import InputError
from themework.ingest import decode_bytes

TEXT = "Interviewer: “Quoted” £5 café\nP01: Yes.\n"
PATH = Path("/data/p01.txt")


def test_utf8_without_bom() -> None:
    assert decode_bytes(TEXT.encode("utf-8"), PATH) == TEXT


def test_utf8_with_bom_drops_bom() -> None:
    assert decode_bytes(TEXT.encode("utf-8-sig"), PATH) == TEXT


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_with_bom(codec: str) -> None:
    data = TEXT.encode(codec)
    if codec == "utf-16-le":
        data = codecs.BOM_UTF16_LE + data
    elif codec == "utf-16-be":
        data = codecs.BOM_UTF16_BE + data
    assert decode_bytes(data, PATH) == TEXT


def test_cp1252_fallback_decodes_curly_quotes_pound_and_accents() -> None:
    data = TEXT.encode("cp1252")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    assert decode_bytes(data, PATH) == TEXT


def test_valid_utf8_is_never_read_as_cp1252() -> None:
    # "é" in UTF-8 is two bytes that cp1252 would show as "Ã©".
    assert decode_bytes("café".encode(), PATH) == "café"


def test_crlf_and_cr_become_lf_and_trailing_spaces_go() -> None:
    assert decode_bytes(b"A: one  \r\nB: two\rC: three\r\n", PATH) == "A: one\nB: two\nC: three\n"


def test_decomposed_input_becomes_nfc() -> None:
    decomposed = "cafe\u0301"
    assert unicodedata.is_normalized("NFD", decomposed)
    out = decode_bytes(f"P01: {decomposed}\n".encode(), PATH)
    assert out == "P01: caf\u00e9\n"
    assert "\u0301" not in out


@pytest.mark.parametrize(
    "data", [b"", b"   \n\r\n\t ", codecs.BOM_UTF8, codecs.BOM_UTF8 + b"\n \n"]
)
def test_empty_file(data: bytes) -> None:
    with pytest.raises(InputError) as info:
        decode_bytes(data, PATH)
    assert "is empty" in str(info.value)
    assert info.value.file == str(PATH)
    assert str(PATH) in str(info.value)


def test_utf16_with_only_whitespace_is_empty() -> None:
    with pytest.raises(InputError, match="is empty"):
        decode_bytes(" \n \n".encode("utf-16"), PATH)


def test_nul_bytes_mean_binary() -> None:
    data = b"P01: hello\nmore\n\x00\x01\x02PK"
    with pytest.raises(InputError) as info:
        decode_bytes(data, PATH)
    assert "looks like a binary file, not a transcript" in info.value.message
    assert info.value.file == str(PATH)
    assert info.value.line == 3


def test_many_control_characters_mean_binary() -> None:
    data = bytes(range(1, 9)) * 50 + b"some text"
    with pytest.raises(InputError, match="looks like a binary file"):
        decode_bytes(data, PATH)


def test_form_feed_and_vertical_tab_are_not_binary() -> None:
    # Word writes \x0c for page breaks and \x0b for manual line breaks in text exports.
    assert decode_bytes(b"P01: a\x0bb\x0cc\n", PATH) == "P01: a\x0bb\x0cc\n"


@pytest.mark.parametrize("byte", [0x81, 0x8D, 0x8F, 0x90, 0x9D])
def test_bytes_undefined_in_cp1252_cannot_be_decoded(byte: int) -> None:
    data = b"Interviewer: fine\nP01: not \x93fine\x94 " + bytes([byte]) + b"\n"
    with pytest.raises(InputError) as info:
        decode_bytes(data, PATH)
    assert "cannot decode" in info.value.message
    assert f"0x{byte:02X}" in info.value.message
    assert info.value.line == 2
    assert info.value.file == str(PATH)


def test_broken_utf16_names_the_line() -> None:
    data = "P01: one\nP02: two\n".encode("utf-16") + b"\x00"  # odd length: truncated
    with pytest.raises(InputError) as info:
        decode_bytes(data, PATH)
    assert "cannot decode" in info.value.message
    assert info.value.line == 3
