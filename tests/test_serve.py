"""`pledgeconv serve`: the live preview over HTTP and in a real browser (selenium + Chromium)."""

from __future__ import annotations

import http.client
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import BOOK, SEED

from pledgeconv.serve import confined


def png() -> bytes:
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (4, 3), (200, 30, 40)).save(out, "PNG")
    return out.getvalue()


PNG = png()


class Server:
    """A `pledgeconv serve` process on a free port, and HTTP requests to it."""

    def __init__(self, target: Path, *extra: str) -> None:
        def default_sigint() -> None:  # a suite run in the background inherits an ignored SIGINT
            signal.signal(signal.SIGINT, signal.SIG_DFL)

        self.proc = subprocess.Popen(
            [sys.executable, "-m", "pledgeconv", "serve", str(target), "--port", "0", "--no-browser", *extra],
            stderr=subprocess.PIPE, text=True, preexec_fn=default_sigint,
        )  # fmt: skip
        assert self.proc.stderr is not None
        self.said = ""
        found = None
        while found is None:  # a warning may come first
            line = self.proc.stderr.readline()
            assert line, f"the server ended: {self.said}"
            self.said += line
            found = re.search(r"http://([\d.]+):(\d+)/", line)
        self.host, self.port = found.group(1), int(found.group(2))
        self.url = f"http://{self.host}:{self.port}/"

    def get(self, path: str) -> tuple[int, bytes]:
        conn = http.client.HTTPConnection(self.host, self.port, timeout=60)
        from urllib.parse import quote

        conn.request("GET", quote(path, safe="/%?=&:"))  # as written: no client-side normalisation of ../
        response = conn.getresponse()
        return response.status, response.read()

    def state(self) -> dict[str, object]:
        status, body = self.get("/_pc/state")
        assert status == 200
        data = json.loads(body)
        assert isinstance(data, dict)
        return data

    def wait_for(self, predicate: object, timeout: float = 60) -> dict[str, object]:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            state = self.state()
            if predicate(state):  # type: ignore[operator]
                return state
            time.sleep(0.1)
        self.proc.send_signal(signal.SIGTERM)
        _, err = self.proc.communicate(timeout=60)
        raise AssertionError(f"timed out; last state {state}; server said: {err[-2000:]}")

    def stop(self, sig: int = signal.SIGTERM) -> tuple[int, str]:
        self.proc.send_signal(sig)
        try:
            _, err = self.proc.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            self.proc.kill()  # never left running for the tests after this one
            self.proc.communicate()
            raise
        return self.proc.returncode, err


@pytest.fixture
def book(tmp_path: Path) -> Path:
    folder = tmp_path / "book"
    shutil.copytree(BOOK, folder)
    return folder


@pytest.fixture
def server(book: Path) -> Iterator[Server]:
    srv = Server(book)
    yield srv
    if srv.proc.poll() is None:
        srv.stop()


def test_confined_serves_only_pictures_inside_the_folder(tmp_path: Path) -> None:
    root = tmp_path / "doc"
    (root / "images").mkdir(parents=True)
    (root / "images" / "a.png").write_bytes(PNG)
    (root / "secret.png").symlink_to("/etc/passwd")
    (tmp_path / "outside.png").write_bytes(PNG)
    (root / "out.png").symlink_to(tmp_path / "outside.png")
    (root / ".hidden.png").write_bytes(PNG)
    (root / "a.md").write_text("# 가\n", encoding="utf-8")
    root = root.resolve()
    assert confined(root, "/images/a.png") == root / "images" / "a.png"
    for bad in ("/../outside.png", "/images/../../outside.png", "//etc/passwd", "/etc/passwd", "/secret.png",
                "/out.png", "/.hidden.png", "/a.md", "/images", "/", "/images/a.png\x00", "/..\\outside.png"):  # fmt: skip
        assert confined(root, bad) is None, bad


def test_serves_the_page_its_state_downloads_and_refuses_the_rest(server: Server, book: Path) -> None:
    status, page = server.get("/")
    assert status == 200 and b'<script src="/_pc/preview.js">' in page and b'id="pc-panel"' in page
    state = server.state()
    assert state["error"] == "" and [w["code"] for w in state["warnings"]] == ["image-missing"]  # type: ignore[union-attr,index]
    (warning,) = state["warnings"]  # type: ignore[misc]
    assert warning["source"] == "002_복지.md" and warning["line"] == 3
    assert server.get("/images/cover.png")[0] == 200
    for path in ("/../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/images/../../../etc/passwd", "/001_경제.md",
                 "/pledgeconv.toml", "/_pc/download/exe", f"/{book}/images/cover.png"):  # fmt: skip
        assert server.get(path)[0] == 404, path
    status, docx = server.get("/_pc/download/docx")
    assert status == 200 and docx[:2] == b"PK"
    status, pdf = server.get("/_pc/download/pdf")
    assert status == 200 and pdf.startswith(b"%PDF")


def test_an_edit_updates_the_page_and_a_broken_one_keeps_it(server: Server, book: Path) -> None:
    first = server.state()
    chapter = book / "001_경제.md"
    chapter.write_text(chapter.read_text(encoding="utf-8") + "\n\n새로 쓴 문장입니다.\n", encoding="utf-8")
    server.wait_for(lambda s: s["page"] != first["page"])
    assert "새로 쓴 문장입니다." in server.get("/_pc/page")[1].decode()
    chapter.write_bytes(b"\x00\x01 binary \xff")  # a broken save: the page stays, the error shows
    broken = server.wait_for(lambda s: s["error"])
    assert "001_경제.md" in str(broken["error"]) and broken["page"] != broken["version"]
    assert "새로 쓴 문장입니다." in server.get("/_pc/page")[1].decode()
    chapter.write_text("# 경제\n\n고쳤습니다.\n", encoding="utf-8")
    server.wait_for(lambda s: not s["error"] and s["page"] == s["version"])
    assert "고쳤습니다." in server.get("/_pc/page")[1].decode()


def test_a_picture_added_clears_its_warning(server: Server, book: Path) -> None:
    assert server.state()["warnings"]
    (book / "images" / "care-map.png").write_bytes(PNG)
    server.wait_for(lambda s: s["warnings"] == [])


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_stops_cleanly(book: Path, sig: int) -> None:
    code, err = Server(book).stop(sig)
    assert code == 0 and "Traceback" not in err and "preview stopped" in err


def test_a_single_file_and_a_warning_for_an_open_host(tmp_path: Path) -> None:
    doc = tmp_path / "공약.md"
    doc.write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    srv = Server(doc, "--host", "0.0.0.0")
    try:
        assert "외교안보" in srv.get("/")[1].decode()
    finally:
        code, _ = srv.stop()
    assert code == 0 and "warning: serving on 0.0.0.0" in srv.said


def test_without_watchfiles_says_which_extra(tmp_path: Path) -> None:
    (tmp_path / "watchfiles").mkdir()
    (tmp_path / "watchfiles" / "__init__.py").write_text("raise ImportError('no')\n", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(tmp_path)}
    proc = subprocess.run([sys.executable, "-m", "pledgeconv", "serve", str(SEED), "--no-browser"],
                          capture_output=True, text=True, env=env, timeout=60)  # fmt: skip
    assert (
        proc.returncode == 2
        and "pip install 'pledgeconv[serve]'" in proc.stderr
        and "Traceback" not in proc.stderr
    )


@pytest.mark.browser
def test_in_a_browser_edits_appear_in_place_and_warnings_lead_to_their_place(
    server: Server, book: Path
) -> None:
    from browser import Browser
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    browser = Browser()
    driver = browser.driver
    try:
        driver.set_window_size(1280, 900)
        driver.get(server.url)
        wait = WebDriverWait(driver, 60)
        wait.until(lambda d: "image-missing" in d.find_element(By.ID, "pc-panel").text)
        driver.execute_script("window.scrollTo(0, 2000)")
        chapter = book / "003_기후.md"
        chapter.write_text(
            chapter.read_text(encoding="utf-8") + "\n\n브라우저에 나타날 문장.\n", encoding="utf-8"
        )
        wait.until(lambda d: "브라우저에 나타날 문장." in d.find_element(By.TAG_NAME, "body").text)
        assert driver.execute_script("return window.scrollY") == 2000  # the place is kept
        (book / "001_경제.md").write_text("# 경제\n\n![지도](images/없는-그림.png)\n", encoding="utf-8")
        server.wait_for(lambda s: "없는-그림" in json.dumps(s, ensure_ascii=False))
        wait.until(
            lambda d: "없는-그림.png" in d.find_element(By.ID, "pc-panel").get_attribute("textContent")
        )
        link = next(
            a for a in driver.find_elements(By.CSS_SELECTOR, "#pc-panel li a") if "없는-그림" in a.text
        )
        driver.execute_script("window.scrollTo(0, document.body.scrollHeight)")
        link.click()
        flashed = driver.find_element(By.CSS_SELECTOR, ".pc-flash")
        assert (
            flashed.tag_name == "figure" and "이미지 없음: images/없는-그림.png" in flashed.text
        )  # its placeholder
        top = driver.execute_script("return arguments[0].getBoundingClientRect().top", flashed)
        assert 0 <= top < 900
        driver.get(server.url + "../../etc/passwd")
        assert "root:" not in driver.page_source
    finally:
        browser.close()
