"""The statutory cap on a braille bulletin's pages (공직선거법 §65: up to twice the booklet's), by
kind of election, and the kind read from the front matter's election name."""

from __future__ import annotations

#: Braille pages a 점자형 선거공보 may have, by the kind of election (twice the booklet's 16/12/8).
CAPS: dict[str, int] = {
    "presidential": 32,
    "national-assembly": 24,
    "local-head": 24,
    "local-council": 16,
    "education": 24,
}
ELECTIONS = tuple(CAPS)

# Words in an election's name, most specific first: "제9회 전국동시지방선거" alone names no kind
# (its candidates run for heads, councils and superintendents alike).
_WORDS: tuple[tuple[str, str], ...] = (
    ("대통령", "presidential"),
    ("교육감", "education"),
    ("의회", "local-council"),
    ("시의원", "local-council"),
    ("도의원", "local-council"),
    ("구의원", "local-council"),
    ("군의원", "local-council"),
    ("지방의원", "local-council"),
    ("국회", "national-assembly"),
    ("총선", "national-assembly"),
    ("시장", "local-head"),
    ("도지사", "local-head"),
    ("지사", "local-head"),
    ("군수", "local-head"),
    ("구청장", "local-head"),
    ("단체장", "local-head"),
)


def election_kind(name: str) -> str | None:
    """The kind of election a front matter's ``election``/``선거`` names, or None when it does not say
    (an English kind written as such is taken as is)."""
    text = name.strip()
    if text.lower() in CAPS:
        return text.lower()
    compact = text.replace(" ", "")
    for word, kind in _WORDS:
        if word in compact:
            return kind
    return None
