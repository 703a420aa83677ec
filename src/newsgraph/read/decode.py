"""Bytes to text: UTF-8 first, then the best guess of charset-normalizer; binary files refused."""

from __future__ import annotations

import codecs
from dataclasses import dataclass

from charset_normalizer import from_bytes

from ..errors import BinaryInput, EncodingProblem, Messages

# How much of a file the binary check looks at: enough to see a header, cheap on a huge file.
_SNIFF_BYTES = 8192
# Control characters other than tab, newline, carriage return, form feed and escape do not occur in
# text; a file with more than this share of them is binary even without NUL bytes.
_MAX_CONTROL_SHARE = 0.05
_TEXT_CONTROLS = frozenset(b"\t\n\r\f\x1b")
# Text whose bytes are nearly all ASCII is in a Latin script; if it is not UTF-8, it is cp1252 (the
# superset of Latin-1 that Windows and old web pages use) far more often than anything else, and
# charset-normalizer cannot tell on short English text (it reads "naïve" as cp1250 "naďve").
_MAX_NON_ASCII_SHARE_FOR_CP1252 = 0.3


@dataclass(frozen=True)
class Decoded:
    """Text decoded from bytes, and the encoding it was read as."""

    text: str
    encoding: str

    @property
    def is_utf8(self) -> bool:
        """Whether the bytes were UTF-8 (with or without a byte-order mark)."""
        return self.encoding in {"utf-8", "utf-8-sig"}


def binary_reason(data: bytes) -> str | None:
    """Return why ``data`` looks binary (NUL bytes, control characters), or None when it may be text."""
    head = data[:_SNIFF_BYTES]
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return None
    if b"\x00" in head:
        return "it contains NUL bytes"
    controls = sum(1 for byte in head if byte < 32 and byte not in _TEXT_CONTROLS)
    if head and controls / len(head) > _MAX_CONTROL_SHARE:
        return f"{controls / len(head):.0%} of its first bytes are control characters"
    return None


def decode_bytes(data: bytes) -> Decoded:
    """Decode the bytes of a text file.

    UTF-8 (with or without a byte-order mark) and UTF-16 with one are read as such; anything else
    goes to charset-normalizer. Raises BinaryInput for binary data and EncodingProblem when no
    encoding fits.
    """
    if data.startswith(codecs.BOM_UTF8):
        try:
            return Decoded(data.decode("utf-8-sig"), "utf-8-sig")
        except UnicodeDecodeError:
            pass
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return Decoded(data.decode("utf-16"), "utf-16")
        except UnicodeDecodeError:
            pass
    why_binary = binary_reason(data)
    if why_binary:
        raise BinaryInput(Messages.BINARY.format(detail=why_binary))
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError as exc:
        utf8_error = f"byte 0x{data[exc.start]:02x} at offset {exc.start} is not UTF-8"
    non_ascii = sum(1 for byte in data if byte >= 0x80)
    if non_ascii / len(data) <= _MAX_NON_ASCII_SHARE_FOR_CP1252:
        try:
            return Decoded(data.decode("cp1252"), "cp1252")
        except UnicodeDecodeError:
            pass  # one of the five bytes cp1252 leaves undefined: not cp1252
    best = from_bytes(data).best()
    if best is None:
        raise EncodingProblem(Messages.ENCODING.format(encoding="UTF-8", detail=utf8_error))
    return Decoded(str(best), best.encoding)
