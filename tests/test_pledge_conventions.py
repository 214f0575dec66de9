"""The pledge conventions on the reference chapter and on small cases, and their absence in strict mode."""

from __future__ import annotations

import pytest
from conftest import SEED

import pledgeconv
from pledgeconv import model
from pledgeconv.transforms import plain_text


@pytest.fixture(scope="module")
def seed() -> model.Document:
    return pledgeconv.parse(SEED)


def test_title_comes_from_the_first_h1(seed: model.Document) -> None:
    assert seed.meta.title == "외교안보 정책"
    assert seed.meta.lang == "ko"


def test_key_visual_and_slogan(seed: model.Document) -> None:
    heading, figure, slogan = seed.blocks[:3]
    assert isinstance(heading, model.Heading) and heading.level == 1
    assert isinstance(figure, model.Figure) and figure.key_visual
    assert figure.image.src == "032.jpeg" and figure.image.resolved is None
    assert plain_text(figure.caption) == "공약 이미지"
    assert isinstance(slogan, model.Slogan)
    assert slogan.lines == ("대전환의 시대, 진취적 실용외교와 첨단국방으로", "외교안보 강국을 만들겠습니다")


def test_ordinals(seed: model.Document) -> None:
    pledges = [b for b in seed.blocks if isinstance(b, model.Heading) and b.level == 3]
    assert [h.ordinal for h in pledges] == ["첫째", "둘째", "셋째", "넷째"]


def test_wrapped_heading_is_joined_with_a_warning(seed: model.Document) -> None:
    second = next(b for b in seed.blocks if isinstance(b, model.Heading) and b.ordinal == "둘째")
    assert plain_text(second.children).endswith("G7+ 대한민국을 이루겠습니다.")
    joined = [w for w in seed.warnings if w.code == "joined-heading"]
    assert [(w.line, w.source) for w in joined] == [(67, str(SEED))]
    # the joined line is not left behind as a paragraph
    assert not any(
        isinstance(b, model.Paragraph) and plain_text(b.children) == "이루겠습니다." for b in seed.blocks
    )


def test_missing_image_is_a_warning(seed: model.Document) -> None:
    missing = [w for w in seed.warnings if w.code == "image-missing"]
    assert len(missing) == 1 and missing[0].line == 3 and "032.jpeg" in missing[0].message


def test_heading_ids_are_unique_and_korean(seed: model.Document) -> None:
    ids = [b.id for b in seed.blocks if isinstance(b, model.Heading)]
    assert len(ids) == len(set(ids)) and all(ids)
    assert ids[0] == "외교안보-정책"


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("**마크다운(Markdown)**을 씁니다", model.Strong),
        ("*공약*은 지킵니다", model.Emph),
        ("공약**(초안)**을 고칩니다", model.Strong),
        ("__“따옴표”__는 강조", model.Strong),
    ],
)
def test_emphasis_before_korean_particles(text: str, kind: type) -> None:
    para = pledgeconv.parse(text).blocks[0]
    assert isinstance(para, model.Paragraph)
    assert any(isinstance(c, kind) for c in para.children)


def test_strict_mode_follows_commonmark_flanking_rules() -> None:
    para = pledgeconv.parse("**마크다운(Markdown)**을", strict=True).blocks[0]
    assert isinstance(para, model.Paragraph)
    assert para.children == (model.Text("**마크다운(Markdown)**을", 1),)


def test_strict_mode_has_no_conventions() -> None:
    doc = pledgeconv.parse(SEED.read_text(encoding="utf-8"), strict=True)
    kinds = {type(b).__name__ for b in doc.blocks}
    assert "Slogan" not in kinds and "Figure" not in kinds and "CodeBlock" in kinds
    assert doc.meta.title == ""
    assert all(b.id is None and b.ordinal is None for b in doc.blocks if isinstance(b, model.Heading))
    assert not any(w.code == "joined-heading" for w in doc.warnings)


def test_english_emphasis_is_unchanged() -> None:
    para = pledgeconv.parse('a**"b"**c and snake_case_name').blocks[0]
    assert isinstance(para, model.Paragraph)
    assert para.children == (model.Text('a**"b"**c and snake_case_name', 1),)
