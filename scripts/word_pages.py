"""Page images of the Word reports for the README, from the example PDFs (LibreOffice's conversion).

    reportgen build agencies/ --all-years --format html,docx,pdf --out examples/
    python scripts/word_pages.py

Writes docs/images/word-<edition>-page-<n>.png at 60 dpi with pdftoppm (Debian's poppler-utils):
the first pages of a 2019-edition report (title, prose, 表二) and the table pages of a 2021-edition one.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
IMAGES = ROOT / "docs" / "images"
RESOLUTION = 60
#: (example, edition, pages)
PAGES = (
    ("erqi-2020", 2019, (1, 2, 3)),
    ("jinshui-zhengwu-2021", 2021, (3, 4, 5)),
)


def main() -> int:
    if shutil.which("pdftoppm") is None:
        print("pdftoppm is missing: apt-get install poppler-utils", file=sys.stderr)
        return 1
    IMAGES.mkdir(parents=True, exist_ok=True)
    for stem, edition, pages in PAGES:
        pdf = EXAMPLES / f"{stem}.pdf"
        if not pdf.is_file():
            print(f"{pdf} is missing: build the examples first (see this script's docstring)", file=sys.stderr)
            return 1
        for page in pages:
            with tempfile.TemporaryDirectory() as folder:
                prefix = Path(folder) / "page"
                subprocess.run(["pdftoppm", "-r", str(RESOLUTION), "-png", "-singlefile", "-f", str(page),
                                "-l", str(page), str(pdf), str(prefix)], check=True)
                target = IMAGES / f"word-{edition}-page-{page}.png"
                shutil.move(str(prefix.with_suffix(".png")), target)
                print(target.relative_to(ROOT))
    return 0


if __name__ == "__main__":
    sys.exit(main())
