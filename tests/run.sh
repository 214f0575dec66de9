#!/usr/bin/env bash
# Install everything the tests need (system validators and Python extras), then run them.
# Used as-is by .ci/run. With CI=true a missing validator fails the run instead of being skipped.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v java >/dev/null 2>&1 || need+=(default-jre-headless)
command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils)
command -v qpdf >/dev/null 2>&1 || need+=(qpdf)
command -v soffice >/dev/null 2>&1 || need+=(libreoffice-writer-nogui)
# Debian splits venv's pip bootstrap out of python3: needed when the system Python is used (PEP 668).
[ -n "${PYTHON:-}" ] || python3 -c "import ensurepip" >/dev/null 2>&1 || need+=(python3-venv)
# The browser tests (tests/test_browser.py) drive Debian's Chromium through its chromedriver.
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v chromedriver >/dev/null 2>&1 || need+=(chromium-driver)
# Accessibility checkers from npm, run in that Chromium: axe-core (tests/test_browser.py) and DAISY Ace
# (tests/test_accessibility.py; its puppeteer runner, told to use the system Chromium).
NPM_TOOLS=("axe:axe-core@4.14.1" "ace:@daisy/ace@1.4.6")
command -v npm >/dev/null 2>&1 || need+=(npm)
# The system fonts the tests may use, and no others: LibreOffice renders the DOCX's Korean text with
# Nanum Gothic (as we bundle); rhwp draws 한글's default faces with Noto Serif CJK KR and the HWPX's
# code face with D2Coding; DejaVu is LibreOffice's and Chromium's fallback. The suite runs with
# fontconfig limited to these packages' folders (below), so a font installed by hand on a developer's
# machine cannot make a test pass that fails on a fresh one.
FONT_PACKAGES=(fonts-nanum fonts-noto-cjk fonts-naver-d2coding fonts-dejavu-core)
command -v fc-list >/dev/null 2>&1 || need+=(fontconfig)
for pkg in "${FONT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed" || need+=("$pkg")
done
ls /usr/lib/*-linux-gnu/libfreetype.so.6 >/dev/null 2>&1 || need+=(libfreetype6)
# A CMYK ICC profile for the colour-managed picture test (Ghostscript's default_cmyk.icc).
[ -f /usr/share/color/icc/ghostscript/default_cmyk.icc ] || need+=(libgs-common)
# The braille exporter (-t brf) translates with liblouis and its Korean tables (ko-g1/ko-g2.ctb).
ls /usr/lib/*-linux-gnu/liblouis.so.20 >/dev/null 2>&1 || need+=(liblouis20)
ls /usr/share/liblouis/tables/ko-g2.ctb >/dev/null 2>&1 || need+=(liblouis-data)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "tests/run.sh: installing ${need[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  elif command -v sudo >/dev/null 2>&1; then
    sudo apt-get update -qq
    sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  else
    echo "tests/run.sh: missing ${need[*]} and no root to install them; those checks will be skipped (fail in CI)" >&2
  fi
fi

# Each into .cache/<name> (kept between runs, reinstalled when its pinned version changes). No install
# scripts: they would download browsers (Chrome for puppeteer, Electron for Ace's other runner).
for tool in "${NPM_TOOLS[@]}"; do
  folder=.cache/${tool%%:*} spec=${tool#*:}
  package=${spec%@*} version=${spec##*@}
  if ! grep -qs "\"version\": \"$version\"" "$folder/node_modules/$package/package.json"; then
    if command -v npm >/dev/null 2>&1; then
      echo "tests/run.sh: installing $spec into $folder"
      npm install --prefix "$folder" --no-audit --no-fund --no-save --ignore-scripts --silent "$spec" >/dev/null \
        || echo "tests/run.sh: npm could not install $spec; its checks will be skipped (fail in CI)" >&2
    else
      echo "tests/run.sh: npm is missing; the $package checks will be skipped (fail in CI)" >&2
    fi
  fi
done

# The interpreter: $PYTHON if given; else python3 when it is a virtual environment's or pip may install
# into it; else (a system Python marked externally managed, PEP 668: Debian 12, Ubuntu 24.04) the
# project's own .venv, made on first use.
if [ -z "${PYTHON:-}" ]; then
  PYTHON=python3
  if "$PYTHON" - <<'PY'
import os, sys, sysconfig
in_venv = sys.prefix != sys.base_prefix
managed = os.path.exists(os.path.join(sysconfig.get_path("stdlib"), "EXTERNALLY-MANAGED"))
sys.exit(0 if managed and not in_venv else 1)
PY
  then
    [ -x .venv/bin/python ] || python3 -m venv .venv
    PYTHON=.venv/bin/python
    echo "tests/run.sh: python3 is externally managed (PEP 668): using the virtual environment .venv"
  fi
fi
# fontconfig limited to FONT_PACKAGES' folders (and the system's rules that add no folder).
fontconf=.cache/fontconfig/fonts.conf
mkdir -p "$(dirname "$fontconf")"
{
  echo '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd"><fontconfig>'
  for pkg in "${FONT_PACKAGES[@]}"; do
    { dpkg-query -L "$pkg" 2>/dev/null || true; } | grep -E '\.(ttf|ttc|otf)$' | xargs -r -n1 dirname
  done | sort -u | sed 's|.*|<dir>&</dir>|'
  for rule in /etc/fonts/conf.d/*.conf; do
    if [ -f "$rule" ] && ! grep -q '<dir' "$rule"; then echo "<include ignore_missing=\"yes\">$rule</include>"; fi
  done
  echo "<cachedir>$PWD/.cache/fontconfig</cachedir></fontconfig>"
} > "$fontconf"
export FONTCONFIG_FILE="$PWD/$fontconf"

"$PYTHON" -m pip install --quiet --disable-pip-version-check --root-user-action=ignore -e ".[test]"
# Lint, formatting, types and dead code before the tests (each fails the run).
lint_paths=(pledgeconv tests $( [ -d benchmarks ] && echo benchmarks ))
"$PYTHON" -m ruff check "${lint_paths[@]}"
"$PYTHON" -m ruff format --check "${lint_paths[@]}"
"$PYTHON" -m mypy --strict
"$PYTHON" -m vulture pledgeconv tests/vulture_whitelist.py
exec "$PYTHON" -m pytest "$@"
