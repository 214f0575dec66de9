"""OWPML serialisation helpers: namespaces, escaping, units (HWPUNIT) shared by the HWPX modules."""

from __future__ import annotations

from ...sanitize import xml_text

# The namespace declarations 한글 writes on every part's root element.
NAMESPACES = (
    'xmlns:ha="http://www.hancom.co.kr/hwpml/2011/app" '
    'xmlns:hp="http://www.hancom.co.kr/hwpml/2011/paragraph" '
    'xmlns:hp10="http://www.hancom.co.kr/hwpml/2016/paragraph" '
    'xmlns:hs="http://www.hancom.co.kr/hwpml/2011/section" '
    'xmlns:hc="http://www.hancom.co.kr/hwpml/2011/core" '
    'xmlns:hh="http://www.hancom.co.kr/hwpml/2011/head" '
    'xmlns:hhs="http://www.hancom.co.kr/hwpml/2011/history" '
    'xmlns:hm="http://www.hancom.co.kr/hwpml/2011/master-page" '
    'xmlns:hpf="http://www.hancom.co.kr/schema/2011/hpf" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/" '
    'xmlns:opf="http://www.idpf.org/2007/opf/" '
    'xmlns:ooxmlchart="http://www.hancom.co.kr/hwpml/2016/ooxmlchart" '
    'xmlns:hwpunitchar="http://www.hancom.co.kr/hwpml/2016/HwpUnitChar" '
    'xmlns:epub="http://www.idpf.org/2007/ops" '
    'xmlns:config="urn:oasis:names:tc:opendocument:xmlns:config:1.0"'
)
DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes" ?>'

_TEXT = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})
_ATTR = str.maketrans(
    {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "\n": "&#10;", "\t": "&#9;", "\r": "&#13;"}
)


def text(value: str) -> str:
    """``value`` as XML character data (illegal characters dropped, markup escaped)."""
    return xml_text(value).translate(_TEXT)


def attr(value: object) -> str:
    """``value`` as the inside of a double-quoted XML attribute: every attribute goes through here."""
    return xml_text(str(value)).translate(_ATTR)


def attrs(**values: object) -> str:
    """`` name="value"`` pairs in the given order (a trailing underscore is dropped from a name)."""
    return "".join(f' {k.rstrip("_")}="{attr(v)}"' for k, v in values.items())


def mm(value: float) -> int:
    """Millimetres to HWPUNIT (1/7200 inch), as 한글 rounds them."""
    return round(value * 7200 / 25.4)


def pt(value: float) -> int:
    """Points to HWPUNIT (a character height of 10 pt is 1000)."""
    return round(value * 100)
