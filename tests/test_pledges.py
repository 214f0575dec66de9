"""Pledges as data (issue 19): the five items recognised in every writing style, checked, exported as
JSON (validated against the shipped schema), compared between versions, and shown as a table."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import jsonschema
import pytest
from conftest import CASES, SEED

from pledgeconv import parse
from pledgeconv.model import Div, Table
from pledgeconv.pledges import ITEMS, find_pledges
from pledgeconv.pledges.data import schema_text, to_data
from pledgeconv.pledges.diff import compare, to_json, word_diff
from pledgeconv.pledges.labels import LABELS, item_for, match_label
from pledgeconv.pledges.table import TITLE, add_pledge_table

PLEDGES = CASES / "pledges"
BOOK = PLEDGES / "book"


def cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "pledgeconv", *args], capture_output=True, text=True,
                          cwd=cwd, env={**os.environ, "NO_COLOR": "1"}, timeout=300)  # fmt: skip


def pledges_of(name: str) -> dict[str, dict[str, tuple[str, str] | None]]:
    """title -> item -> (author's label, text), or None where missing."""
    out: dict[str, dict[str, tuple[str, str] | None]] = {}
    for p in find_pledges(parse(PLEDGES / name)):
        out[p.title] = {k: ((i.label, i.text) if (i := p.item(k)) else None) for k in ITEMS}
    return out


# ---------------------------------------------------------------------------
# The label table


@pytest.mark.parametrize(
    ("label", "item"),
    [("목 표", "목표"), ("이행방법", "이행절차"), ("이행 방법", "이행절차"), ("추진방법", "이행절차"),
     ("이행기간", "이행기한"), ("추진일정", "이행기한"), ("재원조달방안 등", "재원조달방안"),
     ("재원조달 방안", "재원조달방안"), ("재원 조달", "재원조달방안"), ("재원대책", "재원조달방안"),
     ("공약순위", "우선순위"), ("3순위", "우선순위")],
)  # fmt: skip
def test_every_spelling_maps_to_its_item(label: str, item: str) -> None:
    assert item_for(label) == item


@pytest.mark.parametrize("sentence", ["목표는 청년 누구나 문화를 누리는 것입니다.", "재원 조달이 관건입니다.",
                                      "목표 달성을 위해 힘쓰겠습니다.", "이행기간 동안 점검하겠습니다."])  # fmt: skip
def test_a_sentence_starting_with_a_label_word_is_not_a_label(sentence: str) -> None:
    assert match_label(sentence) is None


def test_marker_or_colon_makes_a_label() -> None:
    found = match_label("▲목표 청년 문화패스")
    assert found is not None and found.item == "목표" and found.rest("▲목표 청년 문화패스") == "청년 문화패스"
    assert match_label("이행 방법: 조례 개정") is not None


@pytest.mark.parametrize("label", sorted(LABELS))
def test_every_spelling_is_found_with_its_letters_spaced(label: str) -> None:
    for spaced in (label, " ".join(label), "\u3000".join(label), label[0] + "\t" + label[1:]):
        found = match_label(f"□ {spaced} 내용")
        assert found is not None and found.item == LABELS[label] and found.label == spaced, spaced
    assert match_label("□ 1 순위") is not None and match_label("□ 이번 목표") is None


# ---------------------------------------------------------------------------
# Recognition in every writing style


def test_triangle_lines() -> None:
    first = pledges_of("styles.md")["첫째, 청년 주거를 책임지겠습니다"]
    assert first["목표"] == ("목표", "청년 공공임대주택 10만 호 공급")
    assert first["우선순위"] == ("우선순위", "1순위")
    assert first["재원조달방안"] == ("재원조달방안", "주택도시기금 3조 원, 지방비 5,000억 원")


def test_bold_labels_keep_the_authors_spelling() -> None:
    second = pledges_of("styles.md")["둘째, 청년 일자리를 늘리겠습니다"]
    assert second["이행절차"] == ("이행 방법", "지역 기업 채용 장려금을 늘리겠습니다.")
    assert second["이행기한"] == ("추진일정", "2027년까지")
    assert second["재원조달방안"] == ("재원 조달", "일반회계 세출 구조조정")


def test_sub_headings() -> None:
    third = pledges_of("styles.md")["셋째, 청년 교통비를 지원하겠습니다"]
    assert third["목표"] == ("목 표", "청년 교통비 부담을 절반으로 줄이겠습니다.")
    assert third["이행절차"] == ("이행절차", "조례 개정\n교통카드 연계")
    assert third["이행기한"] == ("이행기간", "2026년 하반기부터")
    assert third["재원조달방안"] == ("재원대책", "시 예산 연 200억 원")
    assert third["우선순위"] is None


def test_two_column_table() -> None:
    fourth = pledges_of("styles.md")["넷째, 청년 창업을 돕겠습니다"]
    assert all(fourth[k] is not None for k in ITEMS)
    assert fourth["목표"] == ("목표", "창업 기업 1,000곳 지원")


def test_a_sentence_is_not_an_item() -> None:
    fifth = pledges_of("styles.md")["다섯째, 청년 문화를 넓히겠습니다"]
    assert fifth["목표"] == ("목표", "청년 문화패스 연 20만 원")  # not "…는 청년 누구나 …"
    assert [k for k in ITEMS if fifth[k] is None] == ["우선순위", "이행절차", "이행기한", "재원조달방안"]


def test_nec_layout() -> None:
    """□/○ lines: as the structure pass makes them (nested lists, the author's marks kept) and as
    paragraphs in strict-ish input alike."""
    found = find_pledges(parse(PLEDGES / "nec.md"))
    assert [(p.order, p.title) for p in found] == [(1, "청년 주거 안정"), (2, "돌봄 국가책임제")]
    first = found[0]
    goal = first.item("목표")
    assert goal is not None and goal.label == "목 표"
    assert goal.text == "청년 주택 10만 호 공급\n주거비 부담 완화"  # markers dropped in the text …
    assert goal.markdown == "○ 청년 주택 10만 호 공급\n○ 주거비 부담 완화"  # … and kept in the Markdown
    assert first.item("재원조달방안") is not None and first.item("재원조달방안").label == "재원조달방안 등"  # type: ignore[union-attr]
    assert first.item("우선순위") is not None and first.item("우선순위").text == "1"  # type: ignore[union-attr]
    assert found[1].missing() == ("이행기한",)


def test_nec_layout_as_nested_lists() -> None:
    """The structure pass (issue 16) turns □/○ lines into nested lists: the same pledges come out."""
    text = "# 5대 공약\n\n공약순위: 1\n\n제목 : 청년 주거 안정\n\n- 목 표\n  - 청년 주택 10만 호 공급\n" \
           "- 이행방법\n  - 공공택지 우선 배정\n- 이행기간\n  - 2026년 ~ 2030년\n- 재원조달방안 등\n  - 국비\n"  # fmt: skip
    (pledge,) = find_pledges(parse(text))
    assert pledge.title == "청년 주거 안정" and pledge.missing() == ()
    assert pledge.item("이행절차") is not None and pledge.item("이행절차").text == "공공택지 우선 배정"  # type: ignore[union-attr]


def test_rank_headings_are_pledges_that_state_their_priority() -> None:
    text = "# 장\n\n## 공약순위 1 청년 주거\n\n▲목표: 가\n\n## 2순위: 돌봄\n\n▲목표: 나\n\n## 맺음말\n\n감사합니다.\n"
    found = find_pledges(parse(text))
    assert [(p.title, p.item("우선순위").text) for p in found] == [
        ("공약순위 1 청년 주거", "1"),
        ("2순위: 돌봄", "2순위"),
    ]  # type: ignore[union-attr]
    assert all(p.item("목표") is not None for p in found)  # "맺음말" has no items: no pledge


def test_seed_pledges_are_found_with_their_lines() -> None:
    found = find_pledges(parse(SEED))
    assert len(found) >= 2 and found[0].title.startswith("첫째, ")
    assert found[0].chapter == "외교안보 정책" and found[0].line > 1
    assert [p.order for p in found] == list(range(1, len(found) + 1))


def test_statutory_line_is_not_part_of_the_last_item() -> None:
    (pledge,) = find_pledges(parse(PLEDGES / "closing.md"))
    assert pledge.item("재원조달방안") is not None and pledge.item("재원조달방안").text == "시비"  # type: ignore[union-attr]


def test_labels_in_running_text_are_bold_on_their_own_lines() -> None:
    html = subprocess.run([sys.executable, "-m", "pledgeconv", "convert", str(PLEDGES / "styles.md"), "-o", "-",
                           "--fragment"], capture_output=True, text=True, timeout=120).stdout  # fmt: skip
    assert "<strong>▲우선순위:</strong> 1순위" in html
    assert "<br" in html.split("▲우선순위")[0].rsplit("▲목표", 1)[1]


# ---------------------------------------------------------------------------
# check --require-pledge-items, build, the election-book profile


def test_check_names_each_missing_item_at_the_pledge_line() -> None:
    proc = cli("check", "--require-pledge-items", str(PLEDGES / "styles.md"))
    assert proc.returncode == 6
    lines = [ln for ln in proc.stderr.splitlines() if "pledge-item-missing" in ln]
    assert len(lines) == 5
    assert lines[0].startswith(f"{PLEDGES / 'styles.md'}:33: warning[pledge-item-missing]: ")
    assert "우선순위" in lines[0] and "셋째, 청년 교통비를 지원하겠습니다" in lines[0]


def test_check_passes_a_complete_document() -> None:
    proc = cli("check", "--require-pledge-items", str(PLEDGES / "closing.md"))
    assert proc.returncode == 0, proc.stderr
    assert "pledge-item-missing" not in proc.stderr


def test_check_without_the_option_says_nothing_of_items() -> None:
    proc = cli("check", str(PLEDGES / "styles.md"))
    assert proc.returncode == 0 and "pledge-item-missing" not in proc.stderr


def test_check_a_book_names_the_chapter_file() -> None:
    proc = cli("check", "--require-pledge-items", str(BOOK))
    assert proc.returncode == 6
    lines = [ln for ln in proc.stderr.splitlines() if "pledge-item-missing" in ln]
    assert len(lines) == 2  # the first 돌봄 pledge lacks 우선순위 and 재원조달방안
    assert all(os.path.join("book", "02_돌봄.md") + ":3:" in ln for ln in lines)


def test_election_book_profile_requires_the_statutory_line() -> None:
    assert cli("check", "--profile", "election-book", str(PLEDGES / "closing.md")).returncode == 0
    proc = cli("check", "--profile", "election-book", str(PLEDGES / "nec.md"))
    assert proc.returncode == 6 and "statutory-line-missing" in proc.stderr


def test_build_require_pledge_items_exits_6(tmp_path: Path) -> None:
    proc = cli("build", str(BOOK), "-o", str(tmp_path), "-t", "html", "--require-pledge-items")
    assert proc.returncode == 6 and "pledge-item-missing" in proc.stderr
    manifest = json.loads((tmp_path / "manifest.json").read_text(encoding="utf-8"))
    assert {w["code"] for w in manifest["warnings"]} >= {"pledge-item-missing"}


# ---------------------------------------------------------------------------
# The pledges format and its schema


def schema() -> dict[str, object]:
    return json.loads(schema_text("pledges"))  # type: ignore[no-any-return]


def test_schema_command_prints_the_shipped_schema() -> None:
    proc = cli("schema", "pledges")
    assert proc.returncode == 0 and json.loads(proc.stdout) == schema()
    jsonschema.Draft202012Validator.check_schema(json.loads(proc.stdout))


def test_convert_to_pledges_json(tmp_path: Path) -> None:
    proc = cli("convert", str(PLEDGES / "styles.md"), "-t", "pledges", "-o", f"{tmp_path}/")
    assert proc.returncode == 0, proc.stderr
    data = json.loads((tmp_path / "styles.pledges.json").read_text(encoding="utf-8"))
    jsonschema.validate(data, schema())
    assert data["meta"] == {"title": "2026 청년 공약", "candidate": "김하늘", "party": "미래시민당",
                            "election": "제9회 전국동시지방선거", "date": "2026-05-20"}  # fmt: skip
    assert [p["order"] for p in data["pledges"]] == [1, 2, 3, 4, 5]
    third = data["pledges"][2]
    assert third["items"]["우선순위"] is None and third["chapter"] == "청년과 일자리"
    assert third["source"] == {"file": str(PLEDGES / "styles.md"), "line": 33}


def test_a_schema_violation_is_caught() -> None:
    data = to_data(parse(PLEDGES / "nec.md").meta, find_pledges(parse(PLEDGES / "nec.md")))
    jsonschema.validate(data, schema())
    del data["pledges"][0]["items"]["목표"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, schema())


def test_build_pledges_for_a_book(tmp_path: Path) -> None:
    proc = cli("build", str(BOOK), "-o", str(tmp_path), "-t", "pledges")
    assert proc.returncode == 0, proc.stderr
    data = json.loads((tmp_path / "pledges.json").read_text(encoding="utf-8"))
    jsonschema.validate(data, schema())
    assert [(p["order"], p["chapter"], p["source"]["file"]) for p in data["pledges"]] == [
        (1, "주거", "01_주거.md"), (2, "돌봄", "02_돌봄.md"), (3, "돌봄", "02_돌봄.md")]  # fmt: skip
    assert len({p["id"] for p in data["pledges"]}) == 3  # two "첫째"s, unique ids
    assert data["meta"]["candidate"] == "이바다"


def test_nec_shape(tmp_path: Path) -> None:
    out = tmp_path / "nec.json"
    proc = cli("convert", str(PLEDGES / "nec.md"), "-t", "pledges", "--pledges-shape", "nec", "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    data = json.loads(out.read_text(encoding="utf-8"))
    jsonschema.validate(data, json.loads(schema_text("pledges-nec")))
    first = data["items"][0]
    assert (first["prmsOrd"], first["prmsRealmName"], first["prmsTitle"]) == (1, "5대 공약", "청년 주거 안정")
    assert first["prmsCont"].splitlines()[:3] == [
        "□ 목 표",
        " ○ 청년 주택 10만 호 공급",
        " ○ 주거비 부담 완화",
    ]
    assert "□ 이행기간" not in data["items"][1]["prmsCont"]


def test_all_means_the_document_formats_not_data(tmp_path: Path) -> None:
    from pledgeconv.api import parse_formats

    assert "pledges" not in parse_formats("all") and parse_formats("pledges") == ["pledges"]


# ---------------------------------------------------------------------------
# diff


def _edited(tmp_path: Path) -> Path:
    text = (PLEDGES / "styles.md").read_text(encoding="utf-8")
    text = text.replace("10만 호 공급", "20만 호를 공급").replace("2027년까지", "2028년까지")
    text = text.replace("## 둘째, 청년 일자리를 늘리겠습니다", "## 둘째, 청년 일자리를 크게 늘리겠습니다")
    start, end = text.index("## 넷째"), text.index("## 다섯째")
    text = text[:start] + text[end:] + "\n## 여섯째, 청년 마음건강을 챙기겠습니다\n\n▲목표: 상담 바우처\n"
    new = tmp_path / "new.md"
    new.write_text(text, encoding="utf-8")
    return new


def test_diff_json_added_removed_renamed_changed(tmp_path: Path) -> None:
    proc = cli("diff", str(PLEDGES / "styles.md"), str(_edited(tmp_path)), "--format", "json", "--exit-code")
    assert proc.returncode == 1, proc.stderr
    data = json.loads(proc.stdout)
    assert [p["title"] for p in data["added"]] == ["여섯째, 청년 마음건강을 챙기겠습니다"]
    assert [p["title"] for p in data["removed"]] == ["넷째, 청년 창업을 돕겠습니다"]
    assert data["renamed"] == [{"id": "청년-일자리를-크게-늘리겠습니다", "old": "둘째, 청년 일자리를 늘리겠습니다",
                                "new": "둘째, 청년 일자리를 크게 늘리겠습니다"}]  # fmt: skip
    changed = {c["title"]: c["items"] for c in data["changed"]}
    assert changed["첫째, 청년 주거를 책임지겠습니다"] == {
        "목표": {"old": "청년 공공임대주택 10만 호 공급", "new": "청년 공공임대주택 20만 호를 공급"}}  # fmt: skip
    assert list(changed["둘째, 청년 일자리를 크게 늘리겠습니다"]) == ["이행기한"]  # only changed items


def test_diff_no_change_exits_0(tmp_path: Path) -> None:
    proc = cli(
        "diff", str(PLEDGES / "styles.md"), str(PLEDGES / "styles.md"), "--exit-code", "--format", "json"
    )
    assert proc.returncode == 0
    assert json.loads(proc.stdout) == {"added": [], "removed": [], "renamed": [], "changed": []}


def test_diff_matches_moved_pledges_by_id() -> None:
    old = find_pledges(parse("# 가\n\n## 첫째, 하나\n\n▲목표: 가\n\n## 둘째, 둘\n\n▲목표: 나\n"))
    new = find_pledges(parse("# 가\n\n## 첫째, 둘\n\n▲목표: 나\n\n## 둘째, 하나\n\n▲목표: 가\n"))
    result = compare(old, new)
    assert not result.added and not result.removed and not result.changed


def test_diff_text_and_html(tmp_path: Path) -> None:
    new = _edited(tmp_path)
    text = cli("diff", str(PLEDGES / "styles.md"), str(new)).stdout
    assert "[-10만 호-]{+20만 호를+}" in text and "\033[" not in text
    page = tmp_path / "diff.html"
    assert (
        cli("diff", str(PLEDGES / "styles.md"), str(new), "--format", "html", "-o", str(page)).returncode == 0
    )
    html = page.read_text(encoding="utf-8")
    assert '<html lang="ko">' in html and "<del>10만 호</del><ins>20만 호를</ins>" in html
    assert "<script" not in html and "http" not in html.split("<body>")[1]  # self-contained


def test_diff_of_books_and_json(tmp_path: Path) -> None:
    out = tmp_path / "old.pledges.json"
    assert cli("convert", str(PLEDGES / "styles.md"), "-t", "pledges", "-o", str(out)).returncode == 0
    proc = cli("diff", str(out), str(PLEDGES / "styles.md"), "--exit-code")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert cli("diff", str(BOOK), str(BOOK / "pledgeconv.toml"), "--exit-code").returncode == 0


def test_word_diff_keeps_korean_words_whole() -> None:
    assert word_diff("연 200억 원 지원", "연 300억 원 지원") == [("=", "연 "), ("-", "200억"), ("+", "300억"),
                                                            ("=", " 원 지원")]  # fmt: skip
    assert word_diff("가 나 다 라", "가 마 바 라") == [
        ("=", "가 "),
        ("-", "나 다"),
        ("+", "마 바"),
        ("=", " 라"),
    ]


def test_diff_json_shape_is_stable() -> None:
    old = find_pledges(parse(PLEDGES / "nec.md"))
    assert to_json(compare(old, old[:1]))["removed"][0]["title"] == "돌봄 국가책임제"


# ---------------------------------------------------------------------------
# --pledge-table


def test_pledge_table_is_a_table_block() -> None:
    doc = add_pledge_table(parse(PLEDGES / "styles.md"))
    heading, wrap = doc.blocks[-2:]
    assert getattr(heading, "id", None) and TITLE in str(heading)
    assert isinstance(wrap, Div) and wrap.classes == ("pledge-table",)
    (table,) = wrap.blocks
    assert isinstance(table, Table)
    assert len(table.rows) == 5 and len(table.head) == 6
    third = table.rows[2]
    assert "—" in str(third[2])  # 우선순위 missing
    assert find_pledges(doc) == find_pledges(parse(PLEDGES / "styles.md"))  # the table is no pledge


def test_pledge_table_per_chapter_and_for_the_book() -> None:
    from pledgeconv.book import assemble, load_config

    book = assemble(load_config(BOOK))
    per_chapter = add_pledge_table(book)
    titles = [
        i for i, b in enumerate(per_chapter.blocks) if TITLE in str(b) and "Heading" in type(b).__name__
    ]
    assert len(titles) == 2
    once = add_pledge_table(book, "book")
    assert sum(1 for b in once.blocks if TITLE in str(b) and type(b).__name__ == "Heading") == 1


def test_pledge_table_in_every_format(tmp_path: Path) -> None:
    proc = cli(
        "convert", str(PLEDGES / "styles.md"), "-t", "all", "--pledge-table", "-o", f"{tmp_path}/", "-q"
    )
    assert proc.returncode == 0, proc.stderr
    html = (tmp_path / "styles.html").read_text(encoding="utf-8")
    assert TITLE in html and html.count("<table") == 2
    with zipfile.ZipFile(tmp_path / "styles.docx") as z:
        assert TITLE in z.read("word/document.xml").decode("utf-8")
    with zipfile.ZipFile(tmp_path / "styles.epub") as z:
        assert any(TITLE in z.read(n).decode("utf-8") for n in z.namelist() if n.endswith(".xhtml"))
    text = subprocess.run(["pdftotext", str(tmp_path / "styles.pdf"), "-"], capture_output=True, text=True,
                          check=True).stdout  # fmt: skip
    assert "공약 이행계획표" in text and "재원조달방안" in text


# ---------------------------------------------------------------------------
# Any input


PIECES = ["# 장\n", "## 첫째, 공약\n", "### 목 표\n", "▲목표: 가", "**이행 방법**: 나", "□ 이행기간\n ○ 2026년",
          "공약순위: 1\n제목 : 가", "| 목표 | 다 |\n| --- | --- |\n| 재원 | 라 |", "- 목표\n  - 마", "목표는 문장",
          "1. 재원대책:", "> ▲우선순위: 2", "```\n목표: 코드\n```", "**목표**", "▲", ":", "\n", "\n\n"]  # fmt: skip


def test_any_mix_of_pledge_pieces_is_read_without_error() -> None:
    from hypothesis import given, settings
    from hypothesis import strategies as st

    @settings(max_examples=150, deadline=None, derandomize=True)
    @given(st.lists(st.sampled_from(PIECES), max_size=14))
    def run(parts: list[str]) -> None:
        doc = add_pledge_table(parse("".join(parts)))
        found = find_pledges(doc)
        data = to_data(doc.meta, found)
        jsonschema.validate(data, schema())
        assert [p.order for p in found] == list(range(1, len(found) + 1))
        assert not compare(found, found).differ

    run()


def test_nec_shape_from_the_manifest(tmp_path: Path) -> None:
    import shutil

    book = tmp_path / "book"
    shutil.copytree(BOOK, book)
    toml = book / "pledgeconv.toml"
    toml.write_text(toml.read_text(encoding="utf-8") + 'pledges_shape = "nec"\n', encoding="utf-8")
    proc = cli("build", str(book), "-o", str(tmp_path / "dist"), "-t", "pledges")
    assert proc.returncode == 0, proc.stderr
    data = json.loads((tmp_path / "dist" / "pledges.json").read_text(encoding="utf-8"))
    jsonschema.validate(data, json.loads(schema_text("pledges-nec")))
    assert [i["prmsOrd"] for i in data["items"]] == [1, 2, 3] and data["krName"] == "이바다"
