"""The bundled fonts, registered once for every PDF so each one embeds them (TESTING.md).

reportlab's CID fonts (STSong-Light) are not embedded and show boxes in some viewers; the
WenQuanYi Micro Hei TrueType face is embedded and subset instead, and the bundled Noto Emoji
takes the characters it lacks (``font_runs``: every PDF writer's text goes through it).
"""

from __future__ import annotations

import threading
from typing import Any

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase import ttfonts
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas
from reportlab.pdfgen.textobject import PDFTextObject

from wuye_desktop.locations import EMOJI_FONT_PATH, FONT_PATH

FONT_NAME = "WenQuanYiMicroHei"
_lock = threading.Lock()

# Characters the bundled Chinese font lacks are drawn with a fallback, so they survive into the PDF
# instead of vanishing (issue 7): first the bundled monochrome Noto Emoji (resources/fonts, SIL OFL:
# emoji print the same on every machine, with no system font), then, for other symbols, a system
# font when there is one (Windows 10+ Segoe UI Symbol; Debian Symbola or DejaVu) — never shipped,
# their licences differ. Characters no font has stay in the Chinese font (its empty box).
EMOJI_NAME = "NotoEmoji"
FALLBACK_NAME = "WuyeFallbackSymbols"
FALLBACK_CANDIDATES = (
    "C:/Windows/Fonts/seguisym.ttf", "C:/Windows/Fonts/seguiemj.ttf",
    "/usr/share/fonts/truetype/ancient-scripts/Symbola_hint.ttf",
    "/usr/share/fonts/truetype/ancient-scripts/Symbola.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
)
_covered: dict[str, frozenset[int]] = {}
_fallbacks: list[str] = []          # names, in the order they are tried
_widths: dict[int, float] = {}      # every drawable character's advance, 1/1000 em, in the font it is drawn with
_route: dict[int, str] = {}         # character -> fallback font name, for characters the Chinese font lacks


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


def _add_fallback(name: str, path: str) -> bool:
    try:
        font = TTFont(name, path)
    except Exception:  # noqa: BLE001 — missing or unreadable: try the next one
        return False
    pdfmetrics.registerFont(font)
    _covered[name] = frozenset(font.face.charToGlyph)
    _fallbacks.append(name)
    main = _covered[FONT_NAME]
    widths = font.face.charWidths
    default = float(font.face.defaultWidth)
    for code in _covered[name]:
        if code not in main and code not in _route and not chr(code).isspace():
            _route[code] = name
            _widths[code] = float(widths.get(code, default))
    return True


def register_fonts() -> str:
    """Register the bundled fonts (and a system symbol font, when there is one) with reportlab once;
    return the bundled Chinese font's name."""
    with _lock:
        ttfonts.makeToUnicodeCMap = _to_unicode_cmap  # looked up at call time by TTFont.addObjects
        if FONT_NAME not in pdfmetrics.getRegisteredFontNames():
            font = TTFont(FONT_NAME, str(FONT_PATH), subfontIndex=0)
            pdfmetrics.registerFont(font)
            _covered[FONT_NAME] = frozenset(font.face.charToGlyph)
            _widths.update({k: float(v) for k, v in font.face.charWidths.items()})
            _add_fallback(EMOJI_NAME, str(EMOJI_FONT_PATH))
            for candidate in FALLBACK_CANDIDATES:
                if _add_fallback(FALLBACK_NAME, candidate):
                    break
    return FONT_NAME


def char_widths() -> dict[int, float]:
    """Advance widths (1/1000 em) of every character as ``font_runs`` draws it: the Chinese font's,
    and the fallback's for the characters it takes over. For layout code that measures itself."""
    register_fonts()
    return _widths


def font_runs(text: str, font: str = FONT_NAME) -> list[tuple[str, str]]:
    """``text`` cut into (font name, run) pieces: ``font`` wherever the Chinese font has the
    character, else the first fallback that has it. The one place that decides; Paragraph markup
    (``escape``) and canvas drawing (``text_out``, ``draw_string``) both use it."""
    register_fonts()
    route = _route
    if not any(ord(ch) in route for ch in text):
        return [(font, text)] if text else []
    runs: list[tuple[str, str]] = []
    current, start = "", 0
    for i, ch in enumerate(text):
        name = route.get(ord(ch), font)
        if name != current:
            if i > start:
                runs.append((current, text[start:i]))
            current, start = name, i
    runs.append((current, text[start:]))
    return runs


def _markup(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _with_fallback(text: str) -> str:
    """Paragraph markup: runs of characters the Chinese font lacks wrapped in a font tag."""
    return "".join(_markup(run) if name == FONT_NAME else f'<font name="{name}">{_markup(run)}</font>'
                   for name, run in font_runs(text))


def text_width(text: str, font: str, size: float) -> float:
    """Width of ``text`` drawn through ``font_runs``."""
    return sum(pdfmetrics.stringWidth(run, name, size) for name, run in font_runs(text, font))


def text_out(t: PDFTextObject, text: str, font: str, size: float) -> None:
    """``textOut`` on a text object whose current font is ``font`` at ``size``, switching to a
    fallback for the characters that need one and back to ``font`` after."""
    runs = font_runs(text, font)
    if len(runs) <= 1 and (not runs or runs[0][0] == font):
        t.textOut(text)
        return
    leading = t._leading
    for name, run in runs:
        t.setFont(name, size, leading)
        t.textOut(run)
    t.setFont(font, size, leading)


def draw_string(c: canvas.Canvas, x: float, y: float, text: str, *, align: str = "left") -> None:
    """``drawString`` / ``drawCentredString`` / ``drawRightString`` (``align`` left, centre, right)
    in the canvas's current font, with the fallbacks."""
    font, size = c._fontname, c._fontsize
    runs = font_runs(text, font)
    if len(runs) <= 1 and (not runs or runs[0][0] == font):
        {"left": c.drawString, "centre": c.drawCentredString, "right": c.drawRightString}[align](x, y, text)
        return
    if align != "left":
        width = text_width(text, font, size)
        x -= width / 2 if align == "centre" else width
    c.saveState()  # the fonts switched inside the text object stay inside it
    t = c.beginText(x, y)
    text_out(t, text, font, size)
    c.drawText(t)
    c.restoreState()


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
