"""Contents/header.xml: fonts, character and paragraph shapes, border fills, numbering, bullets, styles."""

from __future__ import annotations

from dataclasses import dataclass

from .xml import DECLARATION, NAMESPACES, attrs

LANGS = ("HANGUL", "LATIN", "HANJA", "JAPANESE", "OTHER", "SYMBOL", "USER")
_LANG_ATTRS = ("hangul", "latin", "hanja", "japanese", "other", "symbol", "user")

# Font slots (the same in every language group): body, code; slot 1 is 함초롬돋움, declared beside
# the body face as 한글's own template does, and used by no style.
BODY_FONT, CODE_FONT = 0, 2
DEFAULT_BODY_FACE, DEFAULT_HEADING_FACE, CODE_FACE = "함초롬바탕", "함초롬돋움", "D2Coding"
# Each slot's substitute (hh:substFont), a face every 한글 user has, so a PC without the named face
# (D2Coding, Nanum, a --east-asian-font face) still shows every character: 함초롬바탕 and 함초롬돋움 ship
# with 한글 (2010 and later) and 한컴바탕/한컴돋움 beside them; 굴림체 (GulimChe), Windows' fixed-pitch
# Korean face, keeps code in columns (the DOCX names it for code too).
SUBSTITUTES = (("함초롬바탕", "한컴바탕"), ("함초롬돋움", "한컴돋움"), ("굴림체", "돋움체"))


def substitute(slot: int, face: str) -> str:
    """The face 한글 uses for ``face`` (in font slot ``slot``) when the PC does not have it."""
    first, second = SUBSTITUTES[slot]
    return second if face == first else first


@dataclass(frozen=True, slots=True)
class CharShape:
    """A 글자 모양 (charPr): what a run looks like."""

    height: int = 1000  # HWPUNIT: 1000 = 10 pt
    font: int = BODY_FONT
    bold: bool = False
    dots: bool = False  # 강조점 above the characters (emphasis on Hangul, never a slant)
    italic: bool = False  # only for emphasis in a non-Korean document
    strike: bool = False
    underline: bool = False
    color: str = "#000000"
    shade: str = "none"
    superscript: bool = False


@dataclass(frozen=True, slots=True)
class ParaShape:
    """A 문단 모양 (paraPr): alignment, margins, spacing, numbering, border."""

    align: str = "JUSTIFY"
    left: int = 0
    indent: int = 0  # negative: hanging
    prev: int = 0
    next: int = 0
    line_spacing: int = 160  # percent
    heading: str = "NONE"  # NONE, OUTLINE, NUMBER, BULLET
    heading_ref: int = 0
    heading_level: int = 0
    keep_next: bool = False
    border_fill: int = 1
    border_offset: int = 0
    keep_words: bool = True  # break Korean between words (어절), never inside one
    page_break_before: bool = False
    tab: int = 0  # a right tab with a dot leader this far from the left margin (HWPUNIT); 0: none


@dataclass(frozen=True, slots=True)
class BorderFill:
    """A 테두리/배경 (borderFill): four borders and an optional solid fill."""

    left: str = "NONE"
    right: str = "NONE"
    top: str = "NONE"
    bottom: str = "NONE"
    width: str = "0.12 mm"
    color: str = "#000000"
    fill: str = ""  # "#RRGGBB" or "" for none


NO_CHAR = 4294967295  # charPrIDRef of a paraHead that takes its paragraph's character shape


@dataclass(frozen=True, slots=True)
class Numbering:
    """A 문단 번호 definition: one paraHead per level, ``(format, text)`` with ``^n`` the number."""

    heads: tuple[tuple[str, str], ...]
    start: int = 1
    char: int = NO_CHAR  # the number's 글자 모양 (a bold one for a law's **①**); none: the text's


@dataclass(frozen=True, slots=True)
class Style:
    """A named paragraph (or character) style as 한글 lists it."""

    name: str
    eng: str
    para: ParaShape
    char: CharShape
    kind: str = "PARA"


class Shapes:
    """Interns shapes and hands out their ids; renders them all into header.xml at the end."""

    def __init__(self) -> None:
        self.chars: dict[CharShape, int] = {}
        self._char_list: list[CharShape] = []
        self.paras: dict[ParaShape, int] = {}
        # id 1: no border (pages, plain paragraphs); 2: the default for characters.
        self.fills: dict[BorderFill, int] = {BorderFill(): 1}
        self._char_fill = BorderFill(width="0.1 mm")
        self.numberings: list[Numbering] = []
        self.tabs: dict[int, int] = {}  # right-tab position -> tabPr id (from 2)
        self.bullets: list[tuple[str, int, int]] = []  # (character, level, character shape)
        self._bullet_ids: dict[tuple[str, int, int], int] = {}

    def char(self, shape: CharShape) -> int:
        found = self.chars.get(shape)
        if found is None:
            found = self.chars[shape] = len(self.chars)
            self._char_list.append(shape)
        return found

    def char_shape(self, char_id: int) -> CharShape:
        """The shape behind a charPr id."""
        return self._char_list[char_id]

    def tab(self, pos: int) -> int:
        """The tabPr id of a right tab at ``pos`` with a dot leader (a contents line's page number)."""
        return self.tabs.setdefault(pos, len(self.tabs) + 2)

    def para(self, shape: ParaShape) -> int:
        found = self.paras.get(shape)
        if found is None:
            found = self.paras[shape] = len(self.paras)
            if shape.tab:
                self.tab(shape.tab)
        return found

    def fill(self, shape: BorderFill) -> int:
        found = self.fills.get(shape)
        if found is None:
            found = self.fills[shape] = len(self.fills) + 2  # id 2 is the character fill
        return found

    def numbering(self, numbering: Numbering) -> int:
        """A new numbering definition (each list restarts its count): its 1-based id."""
        self.numberings.append(numbering)
        return len(self.numberings)

    def bullet(self, char: str, level: int, char_id: int = NO_CHAR) -> int:
        key = (char, level, char_id)
        found = self._bullet_ids.get(key)
        if found is None:
            self.bullets.append(key)
            found = self._bullet_ids[key] = len(self.bullets)
        return found

    # -- rendering -----------------------------------------------------------

    def render(
        self, faces: tuple[str, str, str], styles: list[Style], style_ids: list[tuple[int, int]]
    ) -> str:
        out = [DECLARATION, f'<hh:head {NAMESPACES} version="1.5" secCnt="1">']
        out.append('<hh:beginNum page="1" footnote="1" endnote="1" pic="1" tbl="1" equation="1"/>')
        out.append("<hh:refList>")
        out.append(f'<hh:fontfaces itemCnt="{len(LANGS)}">')
        for lang in LANGS:
            out.append(f'<hh:fontface lang="{lang}" fontCnt="{len(faces)}">')
            for i, face in enumerate(faces):
                family = "FCAT_MYUNGJO" if i == BODY_FONT else "FCAT_GOTHIC"
                out.append(
                    f"<hh:font{attrs(id=i, face=face, type='TTF', isEmbedded=0)}>"
                    + f'<hh:substFont{attrs(face=substitute(i, face))} type="TTF" isEmbedded="0"/>'
                    + f'<hh:typeInfo familyType="{family}" weight="6" proportion="4" contrast="0" '
                    'strokeVariation="1" armStyle="1" letterform="1" midline="1" xHeight="1"/></hh:font>'
                )
            out.append("</hh:fontface>")
        out.append("</hh:fontfaces>")
        fills = sorted(((i, f) for f, i in self.fills.items()), key=lambda x: x[0])
        fills.insert(1, (2, self._char_fill))
        out.append(f'<hh:borderFills itemCnt="{len(fills)}">')
        out += [_border_fill(i, f) for i, f in fills]
        out.append("</hh:borderFills>")
        out.append(f'<hh:charProperties itemCnt="{len(self.chars)}">')
        out += [_char_pr(i, c) for c, i in self.chars.items()]
        out.append("</hh:charProperties>")
        out.append(
            f'<hh:tabProperties itemCnt="{2 + len(self.tabs)}"><hh:tabPr id="0" autoTabLeft="0" autoTabRight="0"/>'
            '<hh:tabPr id="1" autoTabLeft="1" autoTabRight="0"/>'
        )
        for pos, i in self.tabs.items():  # the contents' right tabs, filled with dots
            out.append(
                f'<hh:tabPr{attrs(id=i)} autoTabLeft="0" autoTabRight="0"><hh:tabItem{attrs(pos=pos)} '
                'type="RIGHT" leader="DOT"/></hh:tabPr>'
            )
        out.append("</hh:tabProperties>")
        out.append(f'<hh:numberings itemCnt="{len(self.numberings)}">')
        for i, numbering in enumerate(self.numberings, 1):
            out.append(f'<hh:numbering id="{i}" start="{numbering.start}">')
            for level, (fmt, head) in enumerate(numbering.heads, 1):
                out.append(
                    f'<hh:paraHead{attrs(start=numbering.start if level == 1 else 1, level=level)} align="LEFT" '
                    'useInstWidth="1" autoIndent="1" widthAdjust="0" textOffsetType="PERCENT" '
                    f'textOffset="50"{attrs(numFormat=fmt, charPrIDRef=numbering.char)} checkable="0">'
                    f"{_text(head)}</hh:paraHead>"
                )
            out.append("</hh:numbering>")
        out.append("</hh:numberings>")
        if self.bullets:
            out.append(f'<hh:bullets itemCnt="{len(self.bullets)}">')
            for i, (char, _level, char_id) in enumerate(self.bullets, 1):
                out.append(
                    f'<hh:bullet{attrs(id=i, char=char)} useImage="0"><hh:paraHead level="1" align="LEFT" '
                    'useInstWidth="1" autoIndent="1" widthAdjust="0" textOffsetType="PERCENT" '
                    f'textOffset="50" numFormat="DIGIT"{attrs(charPrIDRef=char_id)} checkable="0"/></hh:bullet>'
                )
            out.append("</hh:bullets>")
        out.append(f'<hh:paraProperties itemCnt="{len(self.paras)}">')
        out += [_para_pr(i, p, self.tabs) for p, i in self.paras.items()]
        out.append("</hh:paraProperties>")
        out.append(f'<hh:styles itemCnt="{len(styles)}">')
        for i, (style, (para_id, char_id)) in enumerate(zip(styles, style_ids, strict=True)):
            out.append(
                f"<hh:style{attrs(id=i, type=style.kind, name=style.name, engName=style.eng)}"
                f"{attrs(paraPrIDRef=para_id, charPrIDRef=char_id, nextStyleIDRef=i if style.kind == 'PARA' else 0)}"
                ' langID="1042" lockForm="0"/>'
            )
        out.append("</hh:styles>")
        out.append("</hh:refList>")
        out.append(
            '<hh:compatibleDocument targetProgram="HWP201X"><hh:layoutCompatibility/></hh:compatibleDocument>'
            '<hh:docOption><hh:linkinfo path="" pageInherit="0" footnoteInherit="0"/></hh:docOption>'
            '<hh:trackchageConfig flags="56"/></hh:head>'
        )
        return "".join(out)


def _text(value: str) -> str:
    from .xml import text

    return text(value)


def _per_lang(tag: str, value: object) -> str:
    return f"<hh:{tag}" + "".join(f' {a}="{value}"' for a in _LANG_ATTRS) + "/>"


def _char_pr(i: int, c: CharShape) -> str:
    parts = [
        f"<hh:charPr{attrs(id=i, height=c.height, textColor=c.color, shadeColor=c.shade)}"
        f' useFontSpace="0" useKerning="0"{attrs(symMark="DOT_ABOVE" if c.dots else "NONE")} borderFillIDRef="2">',
        _per_lang("fontRef", c.font),
        _per_lang("ratio", 100),
        _per_lang("spacing", 0),
        _per_lang("relSz", 100),
        _per_lang("offset", 0),
    ]
    if c.italic:
        parts.append("<hh:italic/>")
    if c.bold:
        parts.append("<hh:bold/>")
    underline = "BOTTOM" if c.underline else "NONE"
    parts.append(f'<hh:underline type="{underline}" shape="SOLID"{attrs(color=c.color)}/>')
    parts.append(f'<hh:strikeout shape="{"CONTINUOUS" if c.strike else "NONE"}"{attrs(color=c.color)}/>')
    parts.append(
        '<hh:outline type="NONE"/><hh:shadow type="NONE" color="#C0C0C0" offsetX="10" offsetY="10"/>'
    )
    if c.superscript:
        parts.append("<hh:supscript/>")
    parts.append("</hh:charPr>")
    return "".join(parts)


def _margin(p: ParaShape, scale: int) -> str:
    return (
        f'<hh:margin><hc:intent value="{p.indent * scale}" unit="HWPUNIT"/>'
        f'<hc:left value="{p.left * scale}" unit="HWPUNIT"/><hc:right value="0" unit="HWPUNIT"/>'
        f'<hc:prev value="{p.prev * scale}" unit="HWPUNIT"/><hc:next value="{p.next * scale}" unit="HWPUNIT"/>'
        f'</hh:margin><hh:lineSpacing type="PERCENT" value="{p.line_spacing}" unit="HWPUNIT"/>'
    )


def _para_pr(i: int, p: ParaShape, tabs: dict[int, int]) -> str:
    words = "KEEP_WORD" if p.keep_words else "BREAK_WORD"
    tab = tabs.get(p.tab, 0)
    offset = p.border_offset
    return (
        f'<hh:paraPr id="{i}" tabPrIDRef="{tab}" condense="0" fontLineHeight="0" snapToGrid="0" '
        'suppressLineNumbers="0" checked="0">'
        f'<hh:align horizontal="{p.align}" vertical="BASELINE"/>'
        f"<hh:heading{attrs(type=p.heading, idRef=p.heading_ref, level=p.heading_level)}/>"
        f'<hh:breakSetting breakLatinWord="KEEP_WORD" breakNonLatinWord="{words}" widowOrphan="1" '
        f'keepWithNext="{int(p.keep_next)}" keepLines="0" pageBreakBefore="{int(p.page_break_before)}" '
        'lineWrap="BREAK"/>'
        '<hh:autoSpacing eAsianEng="0" eAsianNum="0"/>'
        '<hp:switch><hp:case hp:required-namespace="http://www.hancom.co.kr/hwpml/2016/HwpUnitChar">'
        f"{_margin(p, 1)}</hp:case><hp:default>{_margin(p, 2)}</hp:default></hp:switch>"
        f'<hh:border borderFillIDRef="{p.border_fill}" offsetLeft="{offset}" offsetRight="{offset}" '
        f'offsetTop="{offset}" offsetBottom="{offset}" connect="0" ignoreMargin="0"/></hh:paraPr>'
    )


def _border_fill(i: int, f: BorderFill) -> str:
    def line(tag: str, kind: str) -> str:
        return f"<hh:{tag}{attrs(type=kind, width=f.width, color=f.color)}/>"

    fill = (
        f'<hc:fillBrush><hc:winBrush{attrs(faceColor=f.fill)} hatchColor="#999999" alpha="0"/></hc:fillBrush>'
        if f.fill
        else ""
    )
    return (
        f'<hh:borderFill id="{i}" threeD="0" shadow="0" centerLine="NONE" breakCellSeparateLine="0">'
        '<hh:slash type="NONE" Crooked="0" isCounter="0"/><hh:backSlash type="NONE" Crooked="0" isCounter="0"/>'
        f"{line('leftBorder', f.left)}{line('rightBorder', f.right)}{line('topBorder', f.top)}"
        f'{line("bottomBorder", f.bottom)}<hh:diagonal type="NONE" width="0.1 mm" color="#000000"/>'
        f"{fill}</hh:borderFill>"
    )
