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
# The browser tests (tests/test_browser.py) drive Debian's Chromium through its chromedriver.
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v chromedriver >/dev/null 2>&1 || need+=(chromium-driver)
# LibreOffice renders the DOCX tests' Korean text with a system font: Nanum Gothic, as we bundle.
# (not "fc-list | grep -q": with pipefail, grep's early exit fails the pipeline and reinstalls each run)
{ command -v fc-list >/dev/null 2>&1 && [ -n "$(fc-list :lang=ko 2>/dev/null)" ]; } || need+=(fonts-nanum fontconfig)
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

PYTHON=${PYTHON:-python3}
"$PYTHON" -m pip install --quiet --disable-pip-version-check --root-user-action=ignore -e ".[test]"
"$PYTHON" -m ruff check pledgeconv tests $( [ -d benchmarks ] && echo benchmarks )
exec "$PYTHON" -m pytest "$@"
