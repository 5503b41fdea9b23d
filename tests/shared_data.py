"""The real exports in shared/ (never copied into the project): on developers' machines at
/work/shared, in CI beside the clone (../shared). A fresh clone elsewhere has none: tests that
need them skip with the reason there, and fail under CI (CI=true), where they must run."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

CANDIDATES = [Path("/work/shared/data/vcard"), Path(__file__).resolve().parents[1].parent / "shared" / "data" / "vcard"]
VCARDS = next((path for path in CANDIDATES if path.is_dir()), CANDIDATES[-1])


def require_vcards() -> Path:
    """The folder of real vCard exports, or skip (fail under CI) naming where it was looked for."""
    if VCARDS.is_dir():
        return VCARDS
    where = " or ".join(map(str, CANDIDATES))
    if os.environ.get("CI"):
        pytest.fail(f"the real vCards of shared/ are missing under CI: looked in {where}")
    pytest.skip(f"the real vCards of shared/ are not beside this clone (looked in {where})")


CARD_RE = re.compile(r"^BEGIN:VCARD\s*$.*?^END:VCARD\s*$\n?", re.IGNORECASE | re.MULTILINE | re.DOTALL)


def shared_vdir(folder: Path) -> list[Path]:
    """Every card of the real exports as its own UTF-8 file in folder, as khard keeps them."""
    from rmlog.io.vcard import decode_bytes

    require_vcards()
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for source in sorted(VCARDS.glob("*.vcf")):
        text = decode_bytes(source.read_bytes()).replace("\r\n", "\n")
        for index, card in enumerate(CARD_RE.findall(text), start=1):
            path = folder / f"{source.stem}-{index}.vcf"
            path.write_bytes(card.encode("utf-8"))
            paths.append(path)
    return paths
