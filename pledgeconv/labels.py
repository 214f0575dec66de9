"""Words the exporters write themselves (contents, notes, placeholders), per document language."""

from __future__ import annotations

from collections.abc import Mapping

LABELS: dict[str, dict[str, str]] = {
    "ko": {
        "contents": "차례",
        "notes": "각주",
        "back_to_text": "본문으로",
        "missing_image": "이미지 없음",
        "untitled": "제목 없음",
        "cover": "표지",
        "page": "쪽",
        "task": "할 일",
        "code": "코드",
        "table": "표",
        "picture": "그림",
        "note": "각주",
        "done": "완료",
        "todo": "미완료",
        # callouts (GitHub's alerts), by kind: model.CALLOUT_KINDS
        "callout_note": "참고",
        "callout_tip": "도움말",
        "callout_important": "중요",
        "callout_warning": "경고",
        "callout_caution": "주의",
    },
    "en": {
        "contents": "Contents",
        "notes": "Notes",
        "back_to_text": "Back to text",
        "missing_image": "Image missing",
        "untitled": "Untitled",
        "cover": "Cover",
        "page": "Page",
        "task": "Task",
        "code": "Code",
        "table": "Table",
        "picture": "Picture",
        "note": "Note",
        "done": "Done",
        "todo": "To do",
        "callout_note": "Note",
        "callout_tip": "Tip",
        "callout_important": "Important",
        "callout_warning": "Warning",
        "callout_caution": "Caution",
    },
}


def callout_label(labels: Mapping[str, str], kind: str) -> str:
    """The printed label of a callout of ``kind`` ("note" -> "참고" or "Note")."""
    return labels[f"callout_{kind}"]


def labels_for(lang: str) -> dict[str, str]:
    """The labels for a BCP 47 tag ("ko", "ko-KR", "en-US"): Korean for Korean (and for no tag),
    English for any language that has no labels of its own."""
    primary = (lang or "ko").split("-")[0].lower()
    return LABELS.get(primary, LABELS["en"])


def placeholder_text(label: str, src: str) -> str:
    """The words that stand for a picture that cannot be shown, in every format: ``이미지 없음: 032.jpeg``
    (``label``: the language's ``missing_image``)."""
    return f"{label}: {src}"
