"""Names vulture cannot see used, each because an interface outside this package requires it (a
signature, a protocol, an attribute another library reads); `vulture pledgeconv tests/vulture_whitelist.py`
(tests/test_hygiene.py) finds nothing else. Anything new here needs the same reason."""

# ruff: noqa: B018, F821

# Public API read by callers, not by the package: module __getattr__ (PEP 562), BuildResult's
# Artifact.skipped, pledgeconv.native.dump (the README documents it).
__getattr__
skipped
dump

# Exporters are found by name through the exporter registry (exporters/__init__.py) and entry points.
BrfExporter
DocxExporter
EpubExporter
HtmlExporter
HwpxExporter
PdfExporter
PledgesExporter

# Signatures fixed by the caller: copy.deepcopy's memo; reportlab's TTFontFace(filename, validate=,
# subfontIndex=) (fontcache.restore stands in for it).
memo
validate
subfontIndex

# Methods and class attributes other libraries call or read: reportlab (canvas, doc templates, crop
# marks), http.server, html.parser, urllib's redirect handler.
_.wrap  # reportlab Flowable.wrap, called by the frame
_hyGenFragsPair  # reportlab.platypus.paragraph's word-splitting hook (pdf/breaks.py replaces it)
hyphenator  # the hooks' first argument, which pdf/breaks.py's replacements do not use
_.beginText
_.filterFlowables
markLength
markWidth
markColor
markLast
bleedWidth
_.server_version
_.protocol_version
_.log_message
_.do_HEAD
_.close_connection
_.daemon_threads
_.handle_starttag
_.handle_startendtag
_.handle_endtag
_.handle_data
_.redirect_request

# Attributes set on other libraries' objects, which they read: python-docx properties, fontTools'
# subsetter options, reportlab flowables and PDF objects, zipfile entries, tqdm, sys, dataclass params.
_.footer_distance
_.header_distance
_.different_first_page_header_footer
_.subject
_.last_modified_by
_.comments
_.revision
_.created
_.modified
_.last_printed
_.base_style
_.space_after
_.space_before
_.rgb
_.keep_with_next
_.keep_together
_.left_indent
_._blob
_.name_IDs
_.name_languages
_.notdef_outline
_.recalc_timestamp
_.layout_features
_.drop_tables
_.hAlign
_.__Comment__
_.__accum__
_.Tabs
_.StructParents
_.StructTreeRoot
_.MarkInfo
_.ViewerPreferences
_.Lang
_.Metadata
_._pos
_.eq
_.external_attr
_.create_system
_.compress_type
_.file_size
_._compresslevel
_.monitor_interval
_.unraisablehook
