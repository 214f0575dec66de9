"""Unicode braille cells and Braille ASCII (the BRF code embossers take): one fixed table of the
64 six-dot patterns (North American Braille ASCII), not a braille rule."""

from __future__ import annotations

#: The ASCII character of each six-dot pattern U+2800 … U+283F, in order.
BRAILLE_ASCII = " A1B'K2L@CIF/MSP\"E3H9O6R^DJG>NTQ,*5<-U8V.%[$+X!&;:4\\0Z7(_?W]#Y)="
BLANK = "\u2800"

_TO_ASCII = {chr(0x2800 + i): ch for i, ch in enumerate(BRAILLE_ASCII)}


def six_dot(cell: str) -> str:
    """``cell`` without dots 7 and 8 (BRF has six dots); a non-braille character becomes blank."""
    code = ord(cell)
    if 0x2800 <= code <= 0x28FF:
        return chr(0x2800 + ((code - 0x2800) & 0x3F))
    return BLANK


def to_ascii(cells: str) -> str:
    """Unicode braille as Braille ASCII."""
    return "".join(_TO_ASCII[six_dot(c)] for c in cells)
