"""Where the bundled files are: resources/ (font, icons, stylesheet, translations) and forms/.

Works from a source checkout (editable install), from an installed package with the folders
beside it, and from a PyInstaller bundle (``sys._MEIPASS``). Standard library only: every layer
may import it.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path


def _base() -> Path:
    override = os.environ.get("WUYE_RESOURCE_ROOT")
    if override:
        return Path(override)
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle)
    return Path(__file__).resolve().parent.parent


BASE_DIR = _base()
RESOURCES_DIR = BASE_DIR / "resources"
FORMS_DIR = BASE_DIR / "forms"
FONT_PATH = RESOURCES_DIR / "fonts" / "wqy-microhei.ttc"
FONT_FAMILY = "WenQuanYi Micro Hei"
EMOJI_FONT_PATH = RESOURCES_DIR / "fonts" / "NotoEmoji-Regular.ttf"  # PDFs only (export/fonts.py)
ICONS_DIR = RESOURCES_DIR / "icons"
STYLESHEET = RESOURCES_DIR / "style.qss"
TRANSLATIONS_DIR = RESOURCES_DIR / "translations"


def icon_path(name: str) -> Path:
    return ICONS_DIR / f"{name}.svg"
