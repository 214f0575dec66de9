"""The Word template: Korean language and fonts everywhere, our styles, numbering, settings, parts."""

from __future__ import annotations

from typing import Any

from docx import Document as open_docx
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Pt, RGBColor
from docx.styles import BabelFish
from docx.styles.style import StyleFactory

from ... import korean, outline
from ...errors import UsageError
from ...palette import word_color
from .ooxml import PPR, RPR, STYLE, get_or_add, insert_ordered

LANG = "ko-KR"
STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"
# Code: Consolas for Latin (Windows since Vista, and Office for Mac installs it; fontconfig files it
# under monospace, so LibreOffice on Linux picks DejaVu Sans Mono or Liberation Mono) and 굴림체
# (GulimChe, the fixed-pitch Korean face of every Korean Windows). The font table names a second face
# for each (w:altName), which LibreOffice uses where the first is missing, and marks both fixed-pitch.
MONO = "Consolas"
MONO_EAST_ASIAN = "GulimChe"
ALT_FONTS = {MONO: "DejaVu Sans Mono", MONO_EAST_ASIAN: "D2Coding"}
# Checkboxes (☐ ☑): both glyphs from one face at one size, never one from the text font and one from
# a fallback. DejaVu Sans has both, is bundled with pledgeconv and ships with LibreOffice; where it is
# missing (Word on Windows) the substitute has neither glyph, so both come from the same linked face
# (Segoe UI Symbol, named as the alternative).
SYMBOL = "DejaVu Sans"
ACCENT = RGBColor.from_string(word_color("accent"))
INK = RGBColor.from_string(word_color("ink"))
MUTED = RGBColor.from_string(word_color("muted"))

# Breaking rules of KLREQ (the table every format shares): never before closing marks, never after
# opening ones.
NO_BREAK_BEFORE = korean.sorted_chars(korean.NO_LINE_START)
NO_BREAK_AFTER = korean.sorted_chars(korean.NO_LINE_END)


def _rpr_lang(rpr: Any) -> None:
    """Set ``w:lang`` East Asian (and Latin) language to Korean in a ``w:rPr``."""
    lang = get_or_add(rpr, "w:lang", RPR)
    lang.set(qn("w:val"), LANG)
    lang.set(qn("w:eastAsia"), LANG)


def _fonts(rpr: Any, east_asian: str, latin: str | None = None) -> None:
    fonts = get_or_add(rpr, "w:rFonts", RPR)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)
    fonts.set(qn("w:eastAsia"), east_asian)
    fonts.set(qn("w:ascii"), latin or east_asian)
    fonts.set(qn("w:hAnsi"), latin or east_asian)
    fonts.set(qn("w:cs"), latin or east_asian)


class Styles:
    """A document's styles by name. python-docx's ``styles[name]`` and ``add_style`` scan all of a
    template's ~160 styles on every call; this reads them once."""

    def __init__(self, doc: Any) -> None:
        self.doc = doc
        self.by_name: dict[str, Any] = {}
        for style in doc.styles:
            self.by_name.setdefault(style.name, style)  # the first one wins, as in python-docx

    def __getitem__(self, name: str) -> Any:
        return self.by_name[name]

    def get_or_add(self, name: str, kind: WD_STYLE_TYPE, base: str | None = None) -> Any:
        """The style called ``name``, created (based on ``base``) when the template lacks it."""
        style: Any = self.by_name.get(name)
        if style is None:
            element = self.doc.styles.element.add_style_of_type(BabelFish.ui2internal(name), kind, False)
            style = self.by_name[name] = StyleFactory(element)
            if base is not None and base in self.by_name:
                style.base_style = self.by_name[base]
        return style


def _shade(ppr: Any, fill: str) -> None:
    insert_ordered(
        ppr, parse_xml(f'<w:shd {nsdecls("w")} w:val="clear" w:color="auto" w:fill="{fill}"/>'), PPR
    )


BORDER_ORDER = tuple(qn(f"w:{t}") for t in ("top", "left", "bottom", "right", "between", "bar"))


def _border(ppr: Any, side: str, color: str, size: int = 24, space: int = 8) -> None:
    pbdr = get_or_add(ppr, "w:pBdr", PPR)
    insert_ordered(
        pbdr,
        parse_xml(
            f'<w:{side} {nsdecls("w")} w:val="single" w:sz="{size}" w:space="{space}" w:color="{color}"/>'
        ),
        BORDER_ORDER,
    )


def _define_styles(doc: Any, east_asian: str, own_template: bool) -> None:
    P, C, T = WD_STYLE_TYPE.PARAGRAPH, WD_STYLE_TYPE.CHARACTER, WD_STYLE_TYPE.TABLE
    s = Styles(doc)
    _style = s.get_or_add
    names = {
        "Title": P, "Subtitle": P, "Heading 1": P, "Heading 2": P, "Heading 3": P, "Heading 4": P,
        "Body Text": P, "Caption": P, "Quote": P, "List Bullet": P, "List Number": P, "List Continue": P,
        "Header": P, "Footer": P, "TOC Heading": P,
    }  # fmt: skip
    for name, kind in names.items():
        _style(name, kind, "Normal")
    slogan = _style("Slogan", P, "Body Text")
    code = _style("Source Code", P, "Normal")
    _style("Verbatim Char", C)
    _style("Checkbox", C)
    _style("Hyperlink", C)
    _style("Footnote Text", P, "Normal")
    _style("Footnote Reference", C)
    _style("Figure", P, "Normal")
    table_text = _style("Table Text", P, "Normal")
    spacer = _style("Table Spacer", P, "Normal")
    _style("Image Placeholder", P, "Normal")
    _style("Cover Detail", P, "Normal")
    table = _style("Pledge Table", T)
    for level in range(1, 4):
        _style(f"TOC {level}", P, "Normal")
    if own_template:
        return  # a campaign's reference document keeps its own look
    normal = s["Normal"]
    normal.font.size = Pt(10.5)
    normal.paragraph_format.line_spacing = 1.5
    body = s["Body Text"]
    body.paragraph_format.space_after = Pt(6)
    body.paragraph_format.line_spacing = 1.6
    body.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY  # justified (양끝 정렬), as Korean print is
    for level, size in ((1, 20), (2, 16), (3, 13.5), (4, 12)):
        h = s[f"Heading {level}"]
        h.font.size = Pt(size)
        h.font.bold = True
        h.font.italic = False
        h.font.color.rgb = INK if level > 1 else ACCENT
        h.paragraph_format.space_before = Pt(18 if level <= 2 else 12)
        h.paragraph_format.space_after = Pt(6)
        h.paragraph_format.keep_with_next = True
        h.paragraph_format.line_spacing = 1.3
    s["Heading 1"].paragraph_format.page_break_before = True
    _border(s["Heading 1"].element.get_or_add_pPr(), "bottom", word_color("accent"), 18, 4)
    _border(s["Heading 3"].element.get_or_add_pPr(), "left", word_color("accent"), 24, 6)
    title = s["Title"]
    title.font.size = Pt(30)
    title.font.bold = True
    title.font.color.rgb = INK
    title.paragraph_format.space_before = Pt(36)
    title.paragraph_format.space_after = Pt(12)
    s["Subtitle"].font.size = Pt(16)
    s["Subtitle"].font.italic = False
    s["Subtitle"].font.color.rgb = MUTED
    s["Cover Detail"].font.size = Pt(13)
    s["Cover Detail"].paragraph_format.space_after = Pt(4)
    slogan.font.size = Pt(14)
    slogan.font.bold = True
    # The box (shading, left rule, padding) is the paragraph's own border and shading, set by the writer.
    slogan.paragraph_format.space_before = Pt(0)
    slogan.paragraph_format.space_after = Pt(0)
    slogan.paragraph_format.line_spacing = 1.4
    slogan.paragraph_format.keep_together = True
    slogan.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT  # its own line breaks: never stretched
    # Table cells: no space after the last paragraph, a line spacing for Hangul, never hyphenated.
    table_text.paragraph_format.space_before = Pt(0)
    table_text.paragraph_format.space_after = Pt(0)
    table_text.paragraph_format.line_spacing = 1.2
    spacer.font.size = Pt(6)
    spacer.paragraph_format.space_before = Pt(0)
    spacer.paragraph_format.space_after = Pt(6)
    spacer.paragraph_format.line_spacing = 1.0
    code.font.size = Pt(9.5)
    code.paragraph_format.line_spacing = 1.15
    code.paragraph_format.space_after = Pt(0)
    _shade(code.element.get_or_add_pPr(), word_color("code"))
    _fonts(code.element.get_or_add_rPr(), MONO_EAST_ASIAN, MONO)
    _fonts(s["Verbatim Char"].element.get_or_add_rPr(), MONO_EAST_ASIAN, MONO)
    _fonts(s["Checkbox"].element.get_or_add_rPr(), SYMBOL, SYMBOL)
    link = s["Hyperlink"]
    link.font.color.rgb = ACCENT
    link.font.underline = True
    s["Caption"].font.size = Pt(9.5)
    s["Caption"].font.italic = False
    s["Caption"].font.bold = False
    s["Caption"].font.color.rgb = MUTED
    s["Quote"].font.italic = False
    s["Quote"].font.color.rgb = MUTED
    _border(s["Quote"].element.get_or_add_pPr(), "left", word_color("rule"), 18, 8)
    s["Footnote Text"].font.size = Pt(9)
    s["Footnote Text"].paragraph_format.line_spacing = 1.2
    s["Footnote Reference"].font.superscript = True
    s["Image Placeholder"].font.color.rgb = MUTED
    _border(s["Image Placeholder"].element.get_or_add_pPr(), "top", word_color("grid"), 8, 12)
    _border(s["Image Placeholder"].element.get_or_add_pPr(), "bottom", word_color("grid"), 8, 12)
    for style in (s["Figure"], s["Image Placeholder"], s["Caption"], title, s["Subtitle"], s["Cover Detail"]):
        style.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    s["Figure"].paragraph_format.keep_with_next = True
    for level in range(1, 4):
        s[f"TOC {level}"].paragraph_format.left_indent = Pt(12 * (level - 1))
        s[f"TOC {level}"].paragraph_format.space_after = Pt(2)
    tbl = table.element
    insert_ordered(
        tbl,
        parse_xml(
            f"<w:tblPr {nsdecls('w')}><w:tblBorders>"
            + "".join(
                f'<w:{b} w:val="single" w:sz="4" w:space="0" w:color="{word_color("grid")}"/>'
                for b in ("top", "left", "bottom", "right", "insideH", "insideV")
            )
            + '</w:tblBorders><w:tblCellMar><w:top w:w="30" w:type="dxa"/><w:left w:w="100" w:type="dxa"/>'
            '<w:bottom w:w="30" w:type="dxa"/><w:right w:w="100" w:type="dxa"/></w:tblCellMar></w:tblPr>'
        ),
        STYLE,
    )
    insert_ordered(
        tbl,
        parse_xml(
            f'<w:tblStylePr {nsdecls("w")} w:type="firstRow"><w:rPr><w:b/><w:bCs/></w:rPr>'
            f'<w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="{word_color("box")}"/></w:tcPr></w:tblStylePr>'
        ),
        STYLE,
    )


class Numbers:
    """Numbering instances (``w:num``) of the abstract definitions: each ordered list restarts."""

    def __init__(self, doc: Any) -> None:
        self.numbering = doc.part.numbering_part.element
        used = [int(n.get(qn("w:numId"))) for n in self.numbering.findall(qn("w:num"))]
        self.next_id = max([*used, 0]) + 1
        self.styles: dict[str, int] = {}

    def outline(self, kind: outline.MarkerStyle, strong: bool = False) -> int:
        """The abstract numbering of a marker style (outline.list_style: 1. 가. ① □ • …), made once,
        on first use. Every level writes the same marker, indented by level, hanging by the marker's
        width; ``strong``: the marker bold (a law's **①**)."""
        key = kind.key + ("*" if strong else "")
        found = self.styles.get(key)
        if found is not None:
            return found
        used = [int(a.get(qn("w:abstractNumId"))) for a in self.numbering.findall(qn("w:abstractNum"))]
        aid = self.styles[key] = max([*used, -1]) + 1
        hanging = outline_hanging(kind)
        fmt = kind.docx_format or "bullet"
        rpr = "<w:rPr><w:b/><w:bCs/></w:rPr>" if strong else ""
        levels = "".join(
            f'<w:lvl w:ilvl="{lvl}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
            f'<w:lvlText w:val="{kind.docx_level_text(lvl)}"/><w:lvlJc w:val="left"/>'
            f'<w:pPr><w:ind w:left="{420 * lvl + hanging}" w:hanging="{hanging}"/></w:pPr>{rpr}</w:lvl>'
            for lvl in range(9)
        )
        element = parse_xml(
            f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{aid}"><w:multiLevelType w:val="multilevel"/>'
            f"{levels}</w:abstractNum>"
        )
        first_num = self.numbering.find(qn("w:num"))
        if first_num is not None:
            first_num.addprevious(element)
        else:
            self.numbering.append(element)
        return aid

    def new(self, abstract_id: int, start: int | None = None, ilvl: int = 0) -> int:
        num_id, self.next_id = self.next_id, self.next_id + 1
        override = (
            f'<w:lvlOverride w:ilvl="{ilvl}"><w:startOverride w:val="{start}"/></w:lvlOverride>'
            if start is not None
            else ""
        )
        self.numbering.append(
            parse_xml(
                f'<w:num {nsdecls("w")} w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/>{override}</w:num>'
            )
        )
        return num_id


def outline_hanging(kind: outline.MarkerStyle) -> int:
    """The hanging indent, in twips, of a list in marker style ``kind`` (10.5 pt body text)."""
    extra = 0.25 if kind.counter == "decimal" else 0.0  # room for a second digit without a gap
    return int((outline.marker_width([kind.marker(1)]) + extra) * 210)


def _settings(doc: Any) -> None:
    settings = doc.settings.element
    for tag in ("w:themeFontLang",):
        el = settings.find(qn(tag))
        if el is not None:
            el.set(qn("w:val"), LANG)
            el.set(qn("w:eastAsia"), LANG)
    for tag in ("w:rsids", "w:proofState"):
        el = settings.find(qn(tag))
        if el is not None:
            settings.remove(el)

    def insert(xml: str, before: tuple[str, ...]) -> None:
        el = parse_xml(xml)
        old = settings.find(el.tag)
        if old is not None:
            settings.remove(old)
        for tag in before:
            anchor = settings.find(qn(tag))
            if anchor is not None:
                anchor.addprevious(el)
                return
        settings.append(el)

    # The order of w:settings children is fixed by the schema; insert before a later sibling.
    late = ("w:hdrShapeDefaults", "w:footnotePr", "w:endnotePr", "w:compat", "w:docVars", "w:rsids", "m:mathPr",
            "w:attachedSchema", "w:themeFontLang", "w:clrSchemeMapping", "w:doNotIncludeSubdocsInStats",
            "w:doNotAutoCompressPictures", "w:forceUpgrade", "w:captions", "w:readModeInkLockDown", "w:smartTagType",
            "sl:schemaLibrary", "w:shapeDefaults", "w:doNotEmbedSmartTags", "w:decimalSymbol", "w:listSeparator")  # fmt: skip
    insert(
        f'<w:noLineBreaksAfter {nsdecls("w")} w:lang="{LANG}" w:val="{NO_BREAK_AFTER}"/>',
        ("w:noLineBreaksBefore", *late[late.index("w:hdrShapeDefaults") :]),
    )
    insert(
        f'<w:noLineBreaksBefore {nsdecls("w")} w:lang="{LANG}" w:val="{NO_BREAK_BEFORE}"/>',
        late[late.index("w:hdrShapeDefaults") :],
    )
    _compat_no_stretch(settings)
    insert(
        f'<w:footnotePr {nsdecls("w")}><w:footnote w:id="-1"/><w:footnote w:id="0"/></w:footnotePr>',
        late[late.index("w:endnotePr") :],
    )


# w:compat children that the schema puts before w:doNotExpandShiftReturn
_COMPAT_BEFORE = {qn(f"w:{t}") for t in (
    "useSingleBorderforContiguousCells", "wpJustification", "noTabHangInd", "noLeading", "spaceForUL",
    "noColumnBalance", "balanceSingleByteDoubleByteWidth", "noExtraLineSpacing", "doNotLeaveBackslashAlone",
    "ulTrailSpace", "doNotExpandShiftReturn")}  # fmt: skip


def _compat_no_stretch(settings: Any) -> None:
    """A justified line that ends in a manual line break is not stretched (Word; LibreOffice too)."""
    compat = settings.find(qn("w:compat"))
    if compat is None or compat.find(qn("w:doNotExpandShiftReturn")) is not None:
        return
    element = parse_xml(f"<w:doNotExpandShiftReturn {nsdecls('w')}/>")
    after = next((child for child in compat if child.tag not in _COMPAT_BEFORE), None)
    if after is not None:
        after.addprevious(element)
    else:
        compat.append(element)


def _defaults(doc: Any, east_asian: str) -> None:
    styles = doc.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = parse_xml(f"<w:docDefaults {nsdecls('w')}/>")
        styles.insert(0, defaults)
    rpr_default = defaults.find(qn("w:rPrDefault"))
    if rpr_default is None:
        rpr_default = parse_xml(f"<w:rPrDefault {nsdecls('w')}><w:rPr/></w:rPrDefault>")
        defaults.insert(0, rpr_default)
    rpr = rpr_default.find(qn("w:rPr"))
    _fonts(rpr, east_asian)
    _rpr_lang(rpr)
    ppr_default = defaults.find(qn("w:pPrDefault"))
    if ppr_default is None:
        ppr_default = parse_xml(f"<w:pPrDefault {nsdecls('w')}><w:pPr/></w:pPrDefault>")
        defaults.append(ppr_default)
    ppr = ppr_default.find(qn("w:pPr"))
    # East Asian line-breaking rules on; no automatic space between Hangul and Latin or digits
    # (that is a Chinese/Japanese convention, and it shows as "60 주년" in Korean text).
    normal = doc.styles["Normal"].element.get_or_add_pPr()
    for xml in (
        f'<w:kinsoku {nsdecls("w")} w:val="1"/>',
        f'<w:overflowPunct {nsdecls("w")} w:val="1"/>',
        f'<w:autoSpaceDE {nsdecls("w")} w:val="0"/>',
        f'<w:autoSpaceDN {nsdecls("w")} w:val="0"/>',
    ):
        insert_ordered(ppr, parse_xml(xml), PPR)
        insert_ordered(normal, parse_xml(xml), PPR)  # LibreOffice reads these from styles only
    # Every style speaks Korean: no zh-CN / ja-JP / en-US East Asian tag is left anywhere.
    for style in styles.findall(qn("w:style")):
        rpr = get_or_add(style, "w:rPr", STYLE)
        _rpr_lang(rpr)
        fonts = rpr.find(qn("w:rFonts"))
        if fonts is not None and fonts.get(qn("w:eastAsiaTheme")) is not None:
            fonts.attrib.pop(qn("w:eastAsiaTheme"))
            fonts.set(qn("w:eastAsia"), east_asian)


def _font_table(doc: Any, east_asian: str) -> None:
    """Describe the faces we name (family, pitch, Korean charset, a second face) in the font table."""
    from lxml import etree

    part = next((r.target_part for r in doc.part.rels.values() if r.reltype == RT.FONT_TABLE), None)
    if part is None:
        return
    root = etree.fromstring(part.blob)
    faces = {
        east_asian: ("81", "swiss", "variable", None),
        MONO: ("00", "modern", "fixed", ALT_FONTS[MONO]),
        MONO_EAST_ASIAN: ("81", "modern", "fixed", ALT_FONTS[MONO_EAST_ASIAN]),
        SYMBOL: ("00", "swiss", "variable", "Segoe UI Symbol"),
    }
    for font in root.findall(qn("w:font")):
        name = font.get(qn("w:name"), "")
        if name in faces or any("\u3040" <= c <= "\u9fff" or "\uff00" <= c <= "\uffef" for c in name):
            root.remove(font)  # ours, or the default template's Japanese and Chinese faces
    for name, (charset, family, pitch, alt) in faces.items():
        font = etree.SubElement(root, qn("w:font"), {qn("w:name"): name})
        if alt:
            etree.SubElement(font, qn("w:altName"), {qn("w:val"): alt})
        etree.SubElement(font, qn("w:charset"), {qn("w:val"): charset})
        etree.SubElement(font, qn("w:family"), {qn("w:val"): family})
        etree.SubElement(font, qn("w:pitch"), {qn("w:val"): pitch})
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _drop_parts(doc: Any) -> None:
    """Drop the default template's leftovers: the blank-page thumbnail and stylesWithEffects."""
    for rel_id, rel in list(doc.part.package.rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            doc.part.package.rels.pop(rel_id)
    for rel_id, rel in list(doc.part.rels.items()):
        if rel.reltype in (STYLES_WITH_EFFECTS, RT.CUSTOM_XML):
            doc.part.drop_rel(rel_id)


def prepare(reference: str | None, east_asian: str) -> Any:
    """Open the template (python-docx's, or a campaign's ``--reference-docx``) ready for writing."""
    if reference:
        try:
            doc = open_docx(reference)
        except Exception as exc:
            raise UsageError(
                f"{reference}: not a usable reference .docx ({type(exc).__name__}: {exc})"
            ) from None
        body = doc.element.body
        for child in list(body):
            if child.tag != qn("w:sectPr"):  # keep page setup, headers and footers; drop content
                body.remove(child)
    else:
        doc = open_docx()
        _drop_parts(doc)
    _define_styles(doc, east_asian, own_template=bool(reference))
    _defaults(doc, east_asian)
    _settings(doc)
    _font_table(doc, east_asian)
    return doc


_READY: dict[tuple[str | None, str], Any] = {}


def warm(reference: str | None, east_asian: str) -> None:
    """Prepare the next template ahead of time (a worker does it while the document is parsed)."""
    _READY[(reference, east_asian)] = prepare(reference, east_asian)


def take(reference: str | None, east_asian: str) -> Any:
    """A template to write one document into: the one :func:`warm` made, else a new one."""
    ready = _READY.pop((reference, east_asian), None)
    return ready if ready is not None else prepare(reference, east_asian)
