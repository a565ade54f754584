"""The bundled CJK font, registered once for every PDF so each one embeds it (TESTING.md).

reportlab's CID fonts (STSong-Light) are not embedded and show boxes in some viewers; the
WenQuanYi Micro Hei TrueType face is embedded and subset instead.
"""

from __future__ import annotations

import threading
from typing import Any

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase import ttfonts
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from wuye_desktop.locations import FONT_PATH

FONT_NAME = "WenQuanYiMicroHei"
_lock = threading.Lock()

# Characters the bundled font lacks (emoji a resident typed, some symbols) are drawn with a system
# font that has them, so they survive into the PDF instead of vanishing (issue 7). Windows 10+ has
# Segoe UI Emoji/Symbol; on Linux the Debian package fonts-symbola or DejaVu. None found: such
# characters are left out as before. Never shipped with the program (their licences differ).
FALLBACK_NAME = "WuyeFallbackSymbols"
FALLBACK_CANDIDATES = (
    "C:/Windows/Fonts/seguiemj.ttf", "C:/Windows/Fonts/seguisym.ttf",
    "/usr/share/fonts/truetype/ancient-scripts/Symbola_hint.ttf",
    "/usr/share/fonts/truetype/ancient-scripts/Symbola.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
)
_covered: dict[str, frozenset[int]] = {}


def _to_unicode_cmap(fontname: str, subset: list[int]) -> str:
    """reportlab 4–5 writes each character of the ToUnicode map as ``%04X`` of its code point, so an
    emoji (U+1F600) comes out as five hex digits and copy/paste or search of the PDF loses it. The
    map must hold UTF-16BE (PDF 1.7 §9.10.3): the same CMap with surrogate pairs."""
    def utf16(code: int) -> str:
        data = chr(code).encode("utf-16-be", "surrogatepass")
        return data.hex().upper()

    return "\n".join([
        "/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap", "/CIDSystemInfo",
        f"<< /Registry ({fontname})", f"/Ordering ({fontname})", "/Supplement 0", ">> def",
        f"/CMapName /{fontname} def", "/CMapType 2 def", "1 begincodespacerange",
        "<00> <%02X>" % (len(subset) - 1), "endcodespacerange", "%d beginbfchar" % len(subset),
        *["<%02X> <%s>" % (i, utf16(v)) for i, v in enumerate(subset)],
        "endbfchar", "endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"])


def register_fonts() -> str:
    """Register the bundled font (and a fallback for emoji, when the system has one) with reportlab
    once; return the bundled font's name."""
    with _lock:
        ttfonts.makeToUnicodeCMap = _to_unicode_cmap  # looked up at call time by TTFont.addObjects
        if FONT_NAME not in pdfmetrics.getRegisteredFontNames():
            font = TTFont(FONT_NAME, str(FONT_PATH), subfontIndex=0)
            pdfmetrics.registerFont(font)
            _covered[FONT_NAME] = frozenset(font.face.charToGlyph)
            for candidate in FALLBACK_CANDIDATES:
                try:
                    fallback = TTFont(FALLBACK_NAME, candidate)
                except Exception:  # noqa: BLE001 — missing or unreadable: try the next one
                    continue
                pdfmetrics.registerFont(fallback)
                _covered[FALLBACK_NAME] = frozenset(fallback.face.charToGlyph)
                break
    return FONT_NAME


def has_fallback() -> bool:
    register_fonts()
    return FALLBACK_NAME in _covered


def _markup(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _with_fallback(text: str) -> str:
    """Runs of characters the bundled font lacks, but the fallback has, wrapped in a font tag."""
    register_fonts()
    extra = _covered.get(FALLBACK_NAME)
    if not extra:
        return _markup(text)
    main = _covered[FONT_NAME]
    parts: list[str] = []
    run: list[str] = []
    in_fallback = False
    for ch in text:
        use = not ch.isspace() and ord(ch) not in main and ord(ch) in extra
        if use != in_fallback and run:
            chunk = _markup("".join(run))
            parts.append(f'<font name="{FALLBACK_NAME}">{chunk}</font>' if in_fallback else chunk)
            run = []
        in_fallback = use
        run.append(ch)
    if run:
        chunk = _markup("".join(run))
        parts.append(f'<font name="{FALLBACK_NAME}">{chunk}</font>' if in_fallback else chunk)
    return "".join(parts)


def make_canvas(*args: Any, **kwargs: Any) -> canvas.Canvas:
    """A canvas whose initial font is the embedded one, so no unembedded Helvetica is listed.

    Usable as ``canvasmaker`` of a ``DocTemplate.build`` call.
    """
    if not kwargs.get("initialFontName"):  # DocTemplate passes None explicitly
        kwargs["initialFontName"] = register_fonts()
    return canvas.Canvas(*args, **kwargs)


def escape(text: str) -> str:
    """User text for Paragraph markup: &, <, > escaped, line breaks kept, U+3000 kept as &nbsp;."""
    safe = _with_fallback(text)
    safe = safe.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "<br/>")
    # Paragraph collapses runs of spaces and the ideographic space (TESTING.md).
    safe = safe.replace("\u3000", "&nbsp;&nbsp;").replace("\t", "&nbsp;&nbsp;&nbsp;&nbsp;")
    return safe
