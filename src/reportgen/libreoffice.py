"""Where LibreOffice is: the one finder of `soffice`, for PDF output and for importing .doc files."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

#: Names the soffice to use; set to a missing file, it means "no LibreOffice".
SOFFICE_VARIABLE = "REPORTGEN_SOFFICE"
#: Where LibreOffice installs itself when it is not on PATH.
_KNOWN_PLACES = (
    "/usr/bin/soffice",
    "/usr/lib/libreoffice/program/soffice",
    "/opt/libreoffice/program/soffice",
    "/Applications/LibreOffice.app/Contents/MacOS/soffice",
    r"C:\Program Files\LibreOffice\program\soffice.exe",
)


def find_soffice() -> str | None:
    """LibreOffice's soffice: $REPORTGEN_SOFFICE, else on PATH, else where installers put it."""
    configured = os.environ.get(SOFFICE_VARIABLE)
    if configured:
        return configured if Path(configured).is_file() else None
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    return next((place for place in _KNOWN_PLACES if Path(place).is_file()), None)
