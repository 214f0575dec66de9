"""The named styles a 한글 user expects (바탕글, 본문, 개요 1–7, 각주, 캡션, …) and the page set-up."""

from __future__ import annotations

from dataclasses import dataclass, replace

from ...labels import LABELS
from ...model import CALLOUT_KINDS
from ...palette import hwp_color
from ...paper import size_mm
from .header import CODE_FONT, BorderFill, CharShape, ParaShape, Shapes, Style
from .xml import mm, pt

# Every colour from the one palette (pledgeconv.palette), as in the other formats.
ACCENT = hwp_color("accent")
INK = hwp_color("ink")
MUTED = hwp_color("muted")
LINK = ACCENT
# Slogan box: a rule above and below, a pale fill; quotations: a rule on the left.
SLOGAN_FILL = BorderFill("SOLID", "SOLID", "SOLID", "SOLID", "0.4 mm", ACCENT, hwp_color("box"))
QUOTE_FILL = BorderFill(left="SOLID", width="0.7 mm", color=hwp_color("rule"))
CODE_FILL = BorderFill("SOLID", "SOLID", "SOLID", "SOLID", "0.12 mm", hwp_color("grid"), hwp_color("code"))
TABLE_FILL = BorderFill("SOLID", "SOLID", "SOLID", "SOLID", "0.12 mm", hwp_color("grid"))
TABLE_HEAD_FILL = replace(TABLE_FILL, fill=hwp_color("box"))


def callout_colour(kind: str) -> str:
    """A callout kind's colour (the shared palette's), as OWPML writes colours."""
    return hwp_color(f"callout-{kind}")


def callout_fill(kind: str) -> BorderFill:
    """A callout's rule on the left, in its kind's colour, a little heavier than a quote's."""
    return BorderFill(left="SOLID", width="1.0 mm", color=callout_colour(kind))


BODY = CharShape(pt(10.5))
_BODY_PARA = ParaShape(next=pt(6), line_spacing=170)
_HEADING_SIZES = (20, 16, 13.5, 12, 11, 10.5, 10.5)


def _heading(level: int) -> Style:
    # 한글's own template sets 개요 1–7 in the body face (함초롬바탕), bold here; 함초롬돋움 is for
    # the running header and the contents title, as there.
    char = CharShape(pt(_HEADING_SIZES[level - 1]), bold=True, color=ACCENT if level == 1 else INK)
    para = ParaShape(
        align="LEFT",
        prev=pt(18 if level == 1 else 12),
        next=pt(8 if level == 1 else 6),
        line_spacing=150,
        heading="OUTLINE",
        heading_level=level - 1,
        keep_next=True,
        page_break_before=False,
    )
    return Style(f"개요 {level}", f"Outline {level}", para, char)


# (key, style). The order is the style ids; 바탕글 is 0, as in every 한글 document.
STYLES: tuple[tuple[str, Style], ...] = (
    ("normal", Style("바탕글", "Normal", ParaShape(line_spacing=160), BODY)),
    ("body", Style("본문", "Body", _BODY_PARA, BODY)),
    *((f"h{n}", _heading(n)) for n in range(1, 8)),
    ("page-number", Style("쪽 번호", "Page Number", ParaShape(), CharShape(pt(9)), "CHAR")),
    (
        "header",
        Style(
            "머리말",
            "Header",
            ParaShape(align="RIGHT", line_spacing=150),
            CharShape(pt(8.5), color=MUTED),
        ),
    ),
    ("footnote", Style("각주", "Footnote", ParaShape(align="JUSTIFY", line_spacing=160), CharShape(pt(9)))),
    (
        "toc-heading",
        Style(
            "차례 제목",
            "TOC Heading",
            ParaShape(align="LEFT", next=pt(12)),
            CharShape(pt(16), bold=True, color=ACCENT),
        ),
    ),
    ("toc1", Style("차례 1", "TOC 1", ParaShape(align="LEFT", prev=pt(4)), CharShape(pt(11), bold=True))),
    ("toc2", Style("차례 2", "TOC 2", ParaShape(align="LEFT", left=pt(14)), CharShape(pt(10.5)))),
    ("toc3", Style("차례 3", "TOC 3", ParaShape(align="LEFT", left=pt(28)), CharShape(pt(10)))),
    (
        "caption",
        Style("캡션", "Caption", ParaShape(align="CENTER", next=pt(10)), CharShape(pt(9.5), color=MUTED)),
    ),
    (
        "figure",
        Style("그림", "Figure", ParaShape(align="CENTER", prev=pt(6), next=pt(4), keep_next=True), BODY),
    ),
    (
        "placeholder",
        Style(
            "그림 자리",
            "Image Placeholder",
            ParaShape(
                align="CENTER", prev=pt(14), next=pt(12), border_fill=0, border_offset=pt(8), keep_next=True
            ),
            CharShape(pt(10), color=MUTED),
        ),
    ),
    (
        "slogan",
        Style(
            "슬로건",
            "Slogan",
            ParaShape(
                align="CENTER", prev=pt(18), next=pt(22), line_spacing=150, border_fill=0, border_offset=pt(8)
            ),
            CharShape(pt(13), bold=True, color=ACCENT),
        ),
    ),
    (
        "quote",
        Style(
            "인용",
            "Quote",
            ParaShape(left=pt(14), next=pt(6), line_spacing=160, border_fill=0, border_offset=pt(6)),
            CharShape(pt(10.5), color=MUTED),
        ),
    ),
    (
        "code",
        Style(
            "코드",
            "Source Code",
            ParaShape(
                align="LEFT",
                prev=pt(10),
                next=pt(14),
                line_spacing=130,
                border_fill=0,
                border_offset=pt(5),
                keep_words=False,
            ),
            CharShape(pt(9), CODE_FONT),
        ),
    ),
    ("list", Style("목록", "List Paragraph", ParaShape(next=pt(3), line_spacing=160), BODY)),
    ("table", Style("표 내용", "Table Text", ParaShape(align="LEFT", line_spacing=140), CharShape(pt(9.5)))),
    (
        "cover-title",
        Style(
            "표지 제목",
            "Title",
            ParaShape(align="CENTER", prev=pt(120), next=pt(12), line_spacing=140),
            CharShape(pt(28), bold=True, color=ACCENT),
        ),
    ),
    (
        "cover-subtitle",
        Style(
            "표지 부제",
            "Subtitle",
            ParaShape(align="CENTER", next=pt(24)),
            CharShape(pt(15), color=MUTED),
        ),
    ),
    (
        "cover-detail",
        Style("표지 정보", "Cover Detail", ParaShape(align="CENTER", next=pt(6)), CharShape(pt(12))),
    ),
    ("break", Style("구분선", "Thematic Break", ParaShape(align="CENTER", prev=pt(6), next=pt(6)), BODY)),
    # Callouts (GitHub's alerts), one style each: the body text beside a rule in the kind's colour.
    *(
        (
            f"callout-{kind}",
            Style(
                f"알림 {LABELS['ko'][f'callout_{kind}']}",
                f"Callout {LABELS['en'][f'callout_{kind}']}",
                ParaShape(left=pt(14), next=pt(6), line_spacing=160, border_fill=0, border_offset=pt(6)),
                BODY,
            ),
        )
        for kind in CALLOUT_KINDS
    ),
)
_FILLS = {
    "slogan": SLOGAN_FILL,
    "quote": QUOTE_FILL,
    "code": CODE_FILL,
    "placeholder": CODE_FILL,
    **{f"callout-{kind}": callout_fill(kind) for kind in CALLOUT_KINDS},
}
STYLE_ID = {key: i for i, (key, _) in enumerate(STYLES)}


def register(shapes: Shapes) -> dict[str, tuple[int, int, int]]:
    """Intern every style's shapes: key -> (style id, paraPr id, charPr id). Boxes get their fills."""
    found: dict[str, tuple[int, int, int]] = {}
    for i, (key, style) in enumerate(STYLES):
        para = style.para
        if key in _FILLS:
            para = replace(para, border_fill=shapes.fill(_FILLS[key]))
        found[key] = (i, shapes.para(para), shapes.char(style.char))
    return found


def style_para(key: str, shapes: Shapes) -> ParaShape:
    """The paragraph shape of style ``key`` (with its fill), to derive variants from."""
    para = STYLES[STYLE_ID[key]][1].para
    if key in _FILLS:
        para = replace(para, border_fill=shapes.fill(_FILLS[key]))
    return para


@dataclass(frozen=True, slots=True)
class Page:
    """Page size and margins in HWPUNIT."""

    width: int
    height: int
    left: int
    right: int
    top: int
    bottom: int
    header: int
    footer: int

    @property
    def text_width(self) -> int:
        return self.width - self.left - self.right


def page(paper: str) -> Page:
    """The page for ``--paper``; small papers get smaller margins."""
    w, h = size_mm(paper)
    side = 22 if w >= 200 else 18 if w >= 170 else 15
    return Page(mm(w), mm(h), mm(side), mm(side), mm(15), mm(12), mm(10), mm(10))
