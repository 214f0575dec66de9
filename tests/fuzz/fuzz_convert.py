"""atheris harness: any bytes → parse and every exporter give output or a PledgeconvError.

Run it (not part of CI; atheris needs clang's libFuzzer runtime):
    pip install atheris && python tests/fuzz/fuzz_convert.py -max_total_time=600 tests/fuzz/corpus
"""

from __future__ import annotations

import sys

import atheris  # type: ignore[import-not-found]

with atheris.instrument_imports():
    import pledgeconv
    from pledgeconv import PledgeconvError

FORMATS = ("html", "epub", "docx", "pdf")


def one_input(data: bytes) -> None:
    fdp = atheris.FuzzedDataProvider(data)
    fmt = FORMATS[fdp.ConsumeIntInRange(0, len(FORMATS) - 1)]
    strict = fdp.ConsumeBool()
    raw = fdp.ConsumeBytes(fdp.remaining_bytes())
    try:
        doc = pledgeconv.parse(raw, strict=strict)
        pledgeconv.export(doc, fmt)
    except PledgeconvError:
        pass  # our own one-line error is a fine answer; anything else is a bug


if __name__ == "__main__":
    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()
