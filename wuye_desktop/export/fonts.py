"""The bundled CJK font, registered once for every PDF so each one embeds it (TESTING.md).

reportlab's CID fonts (STSong-Light) are not embedded and show boxes in some viewers; the
WenQuanYi Micro Hei TrueType face is embedded and subset instead.
"""

from __future__ import annotations

import threading
from typing import Any

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from wuye_desktop.locations import FONT_PATH

FONT_NAME = "WenQuanYiMicroHei"
_lock = threading.Lock()


def register_fonts() -> str:
    """Register the bundled font with reportlab (once) and return its name."""
    with _lock:
        if FONT_NAME not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(FONT_NAME, str(FONT_PATH), subfontIndex=0))
    return FONT_NAME


def make_canvas(*args: Any, **kwargs: Any) -> canvas.Canvas:
    """A canvas whose initial font is the embedded one, so no unembedded Helvetica is listed.

    Usable as ``canvasmaker`` of a ``DocTemplate.build`` call.
    """
    if not kwargs.get("initialFontName"):  # DocTemplate passes None explicitly
        kwargs["initialFontName"] = register_fonts()
    return canvas.Canvas(*args, **kwargs)


def escape(text: str) -> str:
    """User text for Paragraph markup: &, <, > escaped, line breaks kept, U+3000 kept as &nbsp;."""
    safe = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    safe = safe.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "<br/>")
    # Paragraph collapses runs of spaces and the ideographic space (TESTING.md).
    safe = safe.replace("\u3000", "&nbsp;&nbsp;").replace("\t", "&nbsp;&nbsp;&nbsp;&nbsp;")
    return safe
