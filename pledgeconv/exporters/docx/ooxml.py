"""WordprocessingML child order: Word rejects a file whose elements are out of schema order."""

from __future__ import annotations

from typing import Any

from docx.oxml.ns import qn

PPR = tuple(
    qn(f"w:{t}")
    for t in [
        "pStyle",
        "keepNext",
        "keepLines",
        "pageBreakBefore",
        "framePr",
        "widowControl",
        "numPr",
        "suppressLineNumbers",
        "pBdr",
        "shd",
        "tabs",
        "suppressAutoHyphens",
        "kinsoku",
        "wordWrap",
        "overflowPunct",
        "topLinePunct",
        "autoSpaceDE",
        "autoSpaceDN",
        "bidi",
        "adjustRightInd",
        "snapToGrid",
        "spacing",
        "ind",
        "contextualSpacing",
        "mirrorIndents",
        "suppressOverlap",
        "jc",
        "textDirection",
        "textAlignment",
        "textboxTightWrap",
        "outlineLvl",
        "divId",
        "cnfStyle",
        "rPr",
        "sectPr",
        "pPrChange",
    ]
)
RPR = tuple(
    qn(f"w:{t}")
    for t in [
        "rStyle",
        "rFonts",
        "b",
        "bCs",
        "i",
        "iCs",
        "caps",
        "smallCaps",
        "strike",
        "dstrike",
        "outline",
        "shadow",
        "emboss",
        "imprint",
        "noProof",
        "snapToGrid",
        "vanish",
        "webHidden",
        "color",
        "spacing",
        "w",
        "kern",
        "position",
        "sz",
        "szCs",
        "highlight",
        "u",
        "effect",
        "bdr",
        "shd",
        "fitText",
        "vertAlign",
        "rtl",
        "cs",
        "em",
        "lang",
        "eastAsianLayout",
        "specVanish",
        "oMath",
    ]
)
STYLE = tuple(
    qn(f"w:{t}")
    for t in [
        "name",
        "aliases",
        "basedOn",
        "next",
        "link",
        "autoRedefine",
        "hidden",
        "uiPriority",
        "semiHidden",
        "unhideWhenUsed",
        "qFormat",
        "locked",
        "personal",
        "personalCompose",
        "personalReply",
        "rsid",
        "pPr",
        "rPr",
        "tblPr",
        "trPr",
        "tcPr",
        "tblStylePr",
    ]
)


def insert_ordered(parent: Any, child: Any, order: tuple[str, ...]) -> Any:
    """Insert ``child`` into ``parent`` at its schema position (replacing one of the same tag)."""
    old = parent.find(child.tag)
    if old is not None:
        old.addprevious(child)
        parent.remove(old)
        return child
    rank = order.index(child.tag) if child.tag in order else len(order)
    for existing in parent:
        if existing.tag in order and order.index(existing.tag) > rank:
            existing.addprevious(child)
            return child
    parent.append(child)
    return child


def get_or_add(parent: Any, tag: str, order: tuple[str, ...]) -> Any:
    """The ``tag`` child of ``parent``, created at its schema position if missing."""
    found = parent.find(qn(tag))
    if found is not None:
        return found
    return insert_ordered(parent, parent.makeelement(qn(tag), {}), order)
