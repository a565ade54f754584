"""The registration forms on A4 paper, blank or filled, drawn from their FormSpec (篇3 §5).

Looks like the office's paper form: company and title centred, the number (QMS-PM-31301) in the top
corner, a bordered grid of grey label cells and white value cells, sections as full-width bands,
repeating rows as a small table, signature lines at the foot. One page; repeating rows that do not
fit continue on further pages under the same header, and so does text too long for its cell.

Speed: the canvas is driven directly. What does not depend on a record (header, grid, labels,
choice boxes, units, signature lines) is drawn once per batch as a PDF form XObject and reused on
every page whose cells keep their nominal size; only the values are drawn per record.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from dataclasses import field as _field
from pathlib import Path
from typing import Any, Callable, Iterable, Sequence

from reportlab import rl_config
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm as _mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas

from wuye_desktop.export.fonts import char_widths, font_runs, make_canvas, register_fonts, text_out
from wuye_desktop.formspecs.model import FieldSpec, FormSpec
from wuye_desktop.formspecs.values import chosen_options, format_value, is_blank

Progress = Callable[[int, int, str], Any]

mm: float = float(_mm)

PAGE_W, PAGE_H = A4
MARGIN_X = 15 * mm
MARGIN_TOP = 11 * mm
MARGIN_BOTTOM = 11 * mm
GRID_W = PAGE_W - 2 * MARGIN_X
GRID_LEFT = MARGIN_X
HEADER_H = 27 * mm  # company, title, project/page line
CONT_HEADER_H = 27 * mm

LABEL_SIZE = 9.0
VALUE_SIZES = (10.0, 9.0, 8.0)  # a one-line value shrinks (up to two steps) before it wraps
MIN_VALUE_SIZE = 7.0  # long text shrinks this far before it continues on another page
OPTION_SIZE = 9.0
PAD = 1.6 * mm
ROW_H = 8.5 * mm  # room to write by hand
ROW_H_MAX = 10.5 * mm  # rows grow to this when the page has room
RESERVE = 12 * mm  # page room kept free on a blank form for values that wrap
LINE_H = 7.0 * mm  # one writing line of a multi-line field on a blank form
BAND_H = 6.5 * mm
TABLE_HEAD_H = 7.0 * mm
TABLE_ROW_H = 7.5 * mm
TABLE_ROW_H_MAX = 10.0 * mm
SEQ_W = 9 * mm  # 序号 column of a repeating table
BOX = 3.0 * mm
LEADING = 1.28

LABEL_FILL = 0.92
BAND_FILL = 0.82
NOTE_GRAY = 0.25
GUIDE_GRAY = 0.45

CN_NUMERALS = "一二三四五六七八九十"
_NO_LINE_START = set("，。、；：！？）」』》”’,.;:!?)]%")


# --- measuring text -------------------------------------------------------------------------------

class _Metrics:
    """Fast width look-ups for the one embedded font."""

    def __init__(self, font_name: str) -> None:
        font = pdfmetrics.getFont(font_name)
        self.name = font_name
        self._font = font
        # Characters the font lacks are drawn with a fallback (export/fonts.py): measured in it too.
        self._widths: dict[int, float] = char_widths() if font_name == register_fonts() else font.face.charWidths
        self._default = float(font.face.defaultWidth)
        self.ascent = float(font.face.ascent) / 1000.0
        self.descent = -float(font.face.descent) / 1000.0

    def width(self, text: str, size: float) -> float:
        # reportlab's own stringWidth is pure Python without the optional rl_accel package.
        widths = self._widths
        default = self._default
        return sum([widths.get(o, default) for o in map(ord, text)]) * size / 1000.0

    def char(self, ch: str) -> float:
        return self._widths.get(ord(ch), self._default) / 1000.0

    def wrap(self, text: str, width: float, size: float) -> list[str]:
        """Break ``text`` into lines no wider than ``width``: CJK anywhere, Latin words kept whole."""
        lines: list[str] = []
        limit = width / size
        for paragraph in text.split("\n"):
            if not paragraph:
                lines.append("")
                continue
            start = 0
            used = 0.0
            i = 0
            n = len(paragraph)
            while i < n:
                w = self.char(paragraph[i])
                if used + w > limit and i > start:
                    cut = i
                    if paragraph[i] in _NO_LINE_START:
                        cut = i + 1  # a closing mark hangs into the padding rather than start a line
                    elif paragraph[i].isascii() and paragraph[i].isalnum():
                        j = i
                        while j > start and paragraph[j - 1].isascii() and paragraph[j - 1].isalnum():
                            j -= 1
                        if j > start:
                            cut = j
                    lines.append(paragraph[start:cut].rstrip(" "))
                    start = cut
                    while start < n and paragraph[start] == " ":
                        start += 1
                    i = start
                    used = 0.0
                    continue
                used += w
                i += 1
            if start < n:
                lines.append(paragraph[start:])
        return lines


# --- text runs: drawn together in one text object per page ----------------------------------------

@dataclass(slots=True)
class _Run:
    x: float
    y: float
    size: float
    text: str
    gray: float = 0.0
    space: float = 0.0  # extra character spacing


def _emit(c: Canvas, runs: Iterable[_Run], font: str) -> None:
    t = c.beginText()
    size = -1.0
    gray = 0.0
    space = 0.0
    for r in runs:
        if r.size != size:
            t.setFont(font, r.size)
            size = r.size
        if r.gray != gray:
            t.setFillGray(r.gray)
            gray = r.gray
        if r.space != space:
            t.setCharSpace(r.space)
            space = r.space
        t.setTextOrigin(r.x, r.y)
        pieces = font_runs(r.text, font)
        if len(pieces) == 1 and pieces[0][0] == font:
            # textLine, not textOut: textOut measures the string again only to advance a cursor that
            # the next setTextOrigin replaces anyway.
            t.textLine(r.text)
        else:  # an emoji or symbol the Chinese font lacks
            text_out(t, r.text, font, r.size)
    if space:
        t.setCharSpace(0)
    if gray:
        t.setFillGray(0)
    c.drawText(t)


# --- layout of a spec (computed once) -------------------------------------------------------------

@dataclass
class _Choice:
    """Positions of the ☐ boxes of a choice/bool cell, relative to the value cell's top-left."""

    options: list[tuple[str, float, int]]  # (option, x offset, line index)
    lines: int


@dataclass
class _Cell:
    field: FieldSpec
    x: float  # left edge of the label cell
    label_w: float
    value_w: float
    label_lines: list[str]
    label_size: float
    unit_w: float = 0.0
    choice: _Choice | None = None

    @property
    def value_x(self) -> float:
        return self.x + self.label_w


@dataclass
class _Column:
    field: FieldSpec
    x: float
    w: float
    head_lines: list[str]
    head_size: float


@dataclass
class _Block:
    kind: str  # band | grid | table | text (a continued long text) | marker
    height: float = 0.0  # nominal (blank form) height
    title: str = ""
    cells: list[_Cell] = _field(default_factory=list)
    field: FieldSpec | None = None
    columns: list[_Column] = _field(default_factory=list)
    section_title: str = ""
    head_h: float = 0.0  # table: height of the header row
    row_h: float = TABLE_ROW_H  # table: height of a row
    # Heights before the page's spare room was shared out; an overflowing record falls back to them.
    tight_height: float = 0.0
    tight_row_h: float = TABLE_ROW_H


class _SpecLayout:
    def __init__(self, spec: FormSpec, m: _Metrics) -> None:
        self.spec = spec
        self.m = m
        self.blocks: list[_Block] = []
        unit_w = GRID_W / spec.columns
        label_w = min(spec.label_width * mm, unit_w * 0.75)
        section_no = 0
        for section in spec.sections:
            if section.title:
                title = section.title
                if section_no < len(CN_NUMERALS):
                    title = f"{CN_NUMERALS[section_no]}、{section.title}"
                section_no += 1
                self.blocks.append(_Block("band", BAND_H, title=title))
            row: list[tuple[FieldSpec, int]] = []
            used = 0
            for f in section.fields:
                if f.is_repeat:
                    if row:
                        self.blocks.append(self._grid(row, unit_w, label_w))
                        row, used = [], 0
                    self.blocks.append(self._table(f, section.title))
                    continue
                span = min(f.width, spec.columns)
                if used + span > spec.columns and row:
                    self.blocks.append(self._grid(row, unit_w, label_w))
                    row, used = [], 0
                row.append((f, span))
                used += span
            if row:
                self.blocks.append(self._grid(row, unit_w, label_w))
        self.foot_h, self.foot_runs_rel, self.foot_lines = self._foot()
        self._stretch()

    def _stretch(self) -> None:
        """Give the page's spare room to the writing space, as a printed form would.

        Rows first grow to ROW_H_MAX, table rows to TABLE_ROW_H_MAX, then multi-line boxes (備注 …)
        take up to four more writing lines each. RESERVE stays free for filled values that wrap.
        """
        for b in self.blocks:
            b.tight_height, b.tight_row_h = b.height, b.row_h
        room = PAGE_H - MARGIN_TOP - HEADER_H - MARGIN_BOTTOM - self.foot_h - RESERVE
        slack = room - sum(b.height for b in self.blocks)
        if slack <= 0:
            return
        grids = [b for b in self.blocks if b.kind == "grid"]
        plain = [b for b in grids if b.height < ROW_H_MAX and not any(c.field.type == "multiline" for c in b.cells)]
        if plain:
            step = min(ROW_H_MAX - ROW_H, slack / len(plain))
            for b in plain:
                grow = max(0.0, min(step, ROW_H_MAX - b.height))
                b.height += grow
                slack -= grow
        for b in self.blocks:
            if b.kind == "table" and slack > 0 and b.field is not None and b.field.repeat is not None:
                rows = b.field.repeat.blank_rows
                grow = min(TABLE_ROW_H_MAX - b.row_h, slack / rows)
                b.row_h += grow
                b.height = b.head_h + rows * b.row_h
                slack -= grow * rows
        boxes = [b for b in grids if any(c.field.type == "multiline" for c in b.cells)]
        if boxes and slack > 0:
            step = min(8 * LINE_H, slack / len(boxes))
            for b in boxes:
                b.height += step

    # grid rows: the last cell of a row stretches to the right edge
    def _grid(self, row: list[tuple[FieldSpec, int]], unit_w: float, label_w: float) -> _Block:
        cells: list[_Cell] = []
        x = GRID_LEFT
        for i, (f, span) in enumerate(row):
            w = (GRID_LEFT + GRID_W - x) if i == len(row) - 1 else span * unit_w
            size, lines = self._fit_label(f.label, label_w - 2 * PAD)
            cell = _Cell(f, x, label_w, w - label_w, lines, size)
            if f.unit:
                cell.unit_w = self.m.width(f.unit, LABEL_SIZE) + PAD
            if f.options:
                cell.choice = self._choices(f.options, cell.value_w - 2 * PAD)
            cells.append(cell)
            x += w
        height = ROW_H
        for cell in cells:
            height = max(height, self._label_height(cell), self._nominal_value_height(cell))
        return _Block("grid", height, cells=cells)

    def _fit_label(self, label: str, width: float) -> tuple[float, list[str]]:
        """One line if it fits (a step smaller if need be), else balanced lines: 统一社会/信用代码."""
        for size in (LABEL_SIZE, LABEL_SIZE - 1):
            if self.m.width(label, size) <= width:
                return size, [label]
        size = LABEL_SIZE - 1
        for sep in ("/", "（", "、"):
            at = label.find(sep)
            if 0 < at < len(label) - 1:
                cut = at + 1 if sep != "（" else at
                head, tail = label[:cut], label[cut:]
                if self.m.width(head, size) <= width and self.m.width(tail, size) <= width:
                    return size, [head, tail]
        for count in (2, 3, 4):
            per = -(-len(label) // count)
            lines = [label[i:i + per] for i in range(0, len(label), per)]
            if all(self.m.width(line, size) <= width for line in lines):
                return size, lines
        return size, self.m.wrap(label, width, size)

    def _label_height(self, cell: _Cell) -> float:
        return len(cell.label_lines) * cell.label_size * LEADING + 2 * PAD

    def _choices(self, options: Sequence[str], width: float) -> _Choice:
        placed: list[tuple[str, float, int]] = []
        x = 0.0
        line = 0
        for option in options:
            need = BOX + 1.0 * mm + self.m.width(option, OPTION_SIZE)
            if x > 0 and x + need > width:
                line += 1
                x = 0.0
            placed.append((option, x, line))
            x += need + 3.0 * mm
        return _Choice(placed, line + 1)

    def _nominal_value_height(self, cell: _Cell) -> float:
        f = cell.field
        if cell.choice is not None:
            return cell.choice.lines * OPTION_SIZE * 1.75 + 2 * PAD
        if f.type == "multiline":
            return max(ROW_H, f.lines * LINE_H)
        return ROW_H

    def _table(self, f: FieldSpec, section_title: str) -> _Block:
        assert f.repeat is not None
        total = sum(sub.width for sub in f.repeat.fields)
        x = GRID_LEFT + SEQ_W
        avail = GRID_W - SEQ_W
        columns: list[_Column] = []
        head_h = TABLE_HEAD_H
        for i, sub in enumerate(f.repeat.fields):
            w = (GRID_LEFT + GRID_W - x) if i == len(f.repeat.fields) - 1 else avail * sub.width / total
            size, lines = self._fit_label(sub.label + (f"（{sub.unit}）" if sub.unit else ""), w - 2 * PAD)
            columns.append(_Column(sub, x, w, lines, size))
            head_h = max(head_h, len(lines) * size * LEADING + 2 * PAD)
            x += w
        block = _Block("table", 0.0, title=f.label, field=f, columns=columns, section_title=section_title,
                       head_h=head_h)
        block.height = head_h + f.repeat.blank_rows * block.row_h
        return block

    def _foot(self) -> tuple[float, list[_Run], list[tuple[float, float, float]]]:
        """Signature lines and the note, relative to the top of the foot.

        Each signature gets its label and a line; the lines share the width in proportion, each at
        least MIN_SIGN_LINE long (a date line room for 年 月 日), wrapping to a second row if needed.
        """
        spec = self.spec
        size = 10.0
        runs: list[_Run] = []
        lines: list[tuple[float, float, float]] = []  # (x1, x2, y offset below the foot top)
        items = [(label, self.m.width(f"{label}：", size), 34 * mm if "日期" in label else 26 * mm)
                 for label in spec.signatures]
        gap = 5 * mm
        # as many rows as a greedy fill needs, then the labels shared evenly between them
        count, used = 1, 0.0
        for _, tw, ln in items:
            need = tw + ln + (gap if used else 0)
            if used and used + need > GRID_W:
                count, used = count + 1, tw + ln
            else:
                used += need
        per_row = -(-len(items) // count) if items else 1
        rows = [items[i:i + per_row] for i in range(0, len(items), per_row)]
        y = 9 * mm
        for row in rows:
            spare = GRID_W - sum(t + ln for _, t, ln in row) - gap * (len(row) - 1)
            # spare room lengthens the signature lines; a date line keeps its size (年 月 日 stay together)
            signing = sum(ln for label, _, ln in row if "日期" not in label)
            x = GRID_LEFT
            for label, tw, ln in row:
                if signing:
                    length = ln + (0.0 if "日期" in label else spare * ln / signing)
                else:
                    length = ln + spare / len(row)
                runs.append(_Run(x, -y, size, f"{label}："))
                x1, x2 = x + tw, x + tw + length
                lines.append((x1, x2, y + 1.2))
                if "日期" in label:
                    step = min(length / 3, 14 * mm)
                    for k, part in enumerate(("日", "月", "年")):
                        runs.append(_Run(x2 - size - k * step, -y, size, part))
                x = x2 + gap
            y += 10 * mm
        if spec.note:
            y -= 3.5 * mm
            for line in self.m.wrap(f"说明：{spec.note}", GRID_W, 8.5):
                runs.append(_Run(GRID_LEFT, -y, 8.5, line, gray=NOTE_GRAY))
                y += 8.5 * LEADING
        return y, runs, lines


# --- values of one record: what each cell shows and how tall it must be ---------------------------

@dataclass
class _Content:
    lines: list[str]
    size: float
    height: float
    align: str = "left"  # left | right (numbers, before their unit)
    top: bool = False  # multiline text starts at the top of its cell
    ticks: frozenset[str] = frozenset()
    truncated: bool = False


_EMPTY = _Content([], VALUE_SIZES[0], 0.0)
_NUMERIC = frozenset({"integer", "decimal", "money"})


class _Filler:
    def __init__(self, m: _Metrics) -> None:
        self.m = m

    def cell(self, f: FieldSpec, value: Any, width: float, cap: float = VALUE_SIZES[0]) -> _Content:
        """Lines and font size of a value in a cell ``width`` wide (padding excluded).

        A one-line value tries the normal size, then smaller steps, and only then wraps (at the
        second size); multi-line text wraps at the normal size. ``cap`` lowers the size of wrapped
        and multi-line text when a page would overflow; values that fit on one line keep theirs.
        """
        if f.options:
            return _Content([], OPTION_SIZE, 0.0, ticks=chosen_options(f, value))
        if is_blank(value):
            return _EMPTY
        text = format_value(f, value, with_unit=False)
        if not text:
            return _EMPTY
        align = "right" if f.type in _NUMERIC else "left"
        if f.type == "multiline":
            size = min(VALUE_SIZES[0], cap)
            lines = self.m.wrap(text, width, size)
            return _Content(lines, size, len(lines) * size * LEADING + 2 * PAD, "left", top=True)
        text = " ".join(text.split())
        for size in VALUE_SIZES:
            if self.m.width(text, size) <= width:
                return _Content([text], size, size * LEADING + 2 * PAD, align)
        size = min(VALUE_SIZES[1], cap)
        lines = self.m.wrap(text, width, size)
        return _Content(lines, size, len(lines) * size * LEADING + 2 * PAD, "left")

    def fit_multiline(self, f: FieldSpec, value: Any, width: float, room: float, cap: float) -> _Content:
        """Multi-line text shrinks (down to the smallest normal size) to stay in its box before it grows."""
        size = min(VALUE_SIZES[0], cap)
        content = self.cell(f, value, width, size)
        while content.height > room and size > min(VALUE_SIZES[-1], cap):
            size -= 1.0
            content = self.cell(f, value, width, size)
        return content


# --- pages ---------------------------------------------------------------------------------------

@dataclass
class _Placed:
    block: _Block
    y: float  # top edge
    height: float
    contents: list[_Content] = _field(default_factory=list)  # grid: one per cell
    rows: list[tuple[int, float, list[_Content]]] = _field(default_factory=list)  # table: (row no., height, cells)
    continued: bool = False  # a table whose remaining rows are on the next page
    filled: int = 0  # table: rows holding data (the rest pad the table to its blank size)
    text_lines: list[str] = _field(default_factory=list)  # text block lines
    text_size: float = VALUE_SIZES[0]


@dataclass
class _Page:
    placed: list[_Placed]
    first: bool


class _Renderer:
    """Renders records of one spec onto one canvas (reusing the static layer when it can)."""

    def __init__(self, c: Canvas, spec: FormSpec, *, company: str, project: str, blank: bool) -> None:
        self.c = c
        self.font = register_fonts()
        self.m = _METRICS.get(self.font) or _METRICS.setdefault(self.font, _Metrics(self.font))
        self.layout = _layout_for(spec, self.m)
        self.spec = spec
        self.company = company
        self.project = project
        self.blank = blank
        self.filler = _Filler(self.m)
        self.top = PAGE_H - MARGIN_TOP - HEADER_H
        self.bottom = MARGIN_BOTTOM
        self._static_name: str | None = None

    # -- one record ----------------------------------------------------------------------------

    def render(self, values: dict[str, Any] | None) -> int:
        """Draw one record (or a blank form); returns the number of pages drawn."""
        values = {} if (self.blank or values is None) else values
        pages, nominal = self._paginate(values)
        total = len(pages)
        for number, page in enumerate(pages, start=1):
            runs: list[_Run] = []
            if nominal and total == 1:
                self.c.doForm(self._static_form(pages[0]))
            else:
                self._draw_static(page, number, total, runs)
            for placed in page.placed:
                self._value_runs(placed, runs)
            _emit(self.c, runs, self.font)
            self.c.showPage()
        return total

    # -- layout with values ------------------------------------------------------------------------

    def _measure(self, values: dict[str, Any], cap: float, *, tight: bool = False) -> tuple[list[_Placed], bool]:
        """Blocks with their heights for these values; ``nominal`` when no cell outgrew the blank form.

        ``tight``: rows at their least height, without the spare room a blank form shares out.
        """
        placed: list[_Placed] = []
        nominal = True
        for block in self.layout.blocks:
            if block.kind == "band":
                placed.append(_Placed(block, 0.0, block.height))
            elif block.kind == "grid":
                contents: list[_Content] = []
                least = block.tight_height if tight else block.height
                height = least
                for cell in block.cells:
                    value = values.get(cell.field.key)
                    width = cell.value_w - 2 * PAD - cell.unit_w
                    if cell.field.type == "multiline":
                        content = self.filler.fit_multiline(cell.field, value, width, least, cap)
                    else:
                        content = self.filler.cell(cell.field, value, width, cap)
                    contents.append(content)
                    height = max(height, content.height)
                if height > block.height + 0.01:
                    nominal = False
                placed.append(_Placed(block, 0.0, height, contents=contents))
            elif block.kind == "table":
                assert block.field is not None and block.field.repeat is not None
                raw = values.get(block.field.key) or []
                rows = [r for r in raw if isinstance(r, dict) and not all(is_blank(v) for v in r.values())]
                blank_rows = block.field.repeat.blank_rows
                table_rows: list[tuple[int, float, list[_Content]]] = []
                row_h = block.tight_row_h if tight else block.row_h
                for index in range(max(len(rows), blank_rows)):
                    row = rows[index] if index < len(rows) else {}
                    cells = [self.filler.cell(col.field, row.get(col.field.key), col.w - 2 * PAD, cap)
                             for col in block.columns]
                    h = max([row_h] + [cc.height for cc in cells])
                    if h > block.row_h + 0.01:
                        nominal = False
                    table_rows.append((index + 1, h, cells))
                if len(rows) > blank_rows:
                    nominal = False
                placed.append(_Placed(block, 0.0, block.head_h + sum(r[1] for r in table_rows), rows=table_rows,
                                      filled=len(rows)))
        return placed, nominal

    def _paginate(self, values: dict[str, Any]) -> tuple[list[_Page], bool]:
        """Page 1 holds the whole form; what cannot fit continues on further pages.

        In turn: empty rows that only pad a table go; long text shrinks (to MIN_VALUE_SIZE); table
        rows that still do not fit continue on the next page (small tables kept whole first); text
        still too long is cut with 「…（续见附页）」 and printed whole on the next page.
        """
        room = self.top - self.bottom - self.layout.foot_h

        def height(blocks: list[_Placed]) -> float:
            return sum(p.height for p in blocks)

        def trim_padding(blocks: list[_Placed]) -> None:
            for p in blocks:
                if p.block.kind == "table" and len(p.rows) > p.filled:
                    p.rows = p.rows[:max(p.filled, 1)]
                    p.height = p.block.head_h + sum(r[1] for r in p.rows)

        def least(blocks: list[_Placed]) -> float:
            """Height with every table cut to its header and first row."""
            return sum(p.height if p.block.kind != "table" else p.block.head_h + (p.rows[0][1] if p.rows else 0)
                       for p in blocks)

        cap = VALUE_SIZES[0]
        placed, nominal = self._measure(values, cap)
        if height(placed) <= room:
            return [self._stack(placed, first=True)], nominal
        nominal = False
        placed, _ = self._measure(values, cap, tight=True)
        if height(placed) <= room:
            return [self._stack(placed, first=True)], nominal
        trim_padding(placed)
        while least(placed) > room and cap > MIN_VALUE_SIZE:
            cap = max(MIN_VALUE_SIZE, cap - 1.0)
            placed, _ = self._measure(values, cap, tight=True)
            trim_padding(placed)
        if height(placed) <= room:
            return [self._stack(placed, first=True)], nominal

        extra: list[tuple[tuple[int, int], list[_Placed]]] = []  # (position on the form, blocks for the next pages)
        marker = 5 * mm
        tables = [p for p in placed if p.block.kind == "table"]
        left = room - sum(p.height for p in placed if p.block.kind != "table") - sum(p.block.head_h for p in tables)
        for p in sorted(tables, key=lambda t: sum(r[1] for r in t.rows)):
            keep: list[tuple[int, float, list[_Content]]] = []
            for i, row in enumerate(p.rows):
                last = i == len(p.rows) - 1
                if row[1] <= left - (0 if last else marker):
                    keep.append(row)
                    left -= row[1]
                else:
                    break
            moved = p.rows[len(keep):]
            if moved:
                p.rows = keep
                p.continued = True
                p.height = p.block.head_h + sum(r[1] for r in keep) + marker
                left -= marker
                extra.append(((placed.index(p), 0), [_Placed(p.block, 0.0, 0.0, rows=moved)]))
            else:
                p.height = p.block.head_h + sum(r[1] for r in keep)
        while height(placed) > room:
            grids = [p for p in placed if p.block.kind == "grid"]
            tallest = max(grids, key=lambda p: p.height)
            i = max(range(len(tallest.contents)), key=lambda k: tallest.contents[k].height)
            content = tallest.contents[i]
            cell = tallest.block.cells[i]
            over = height(placed) - room
            target = max(tallest.block.height, content.height - over)
            keep_lines = max(1, int((target - 2 * PAD) // (content.size * LEADING)))
            if keep_lines >= len(content.lines):
                break  # nothing left to cut (the definitions' length limits keep us from here)
            full_text = format_value(cell.field, values.get(cell.field.key), with_unit=False)
            cut = content.lines[:keep_lines]
            cut[-1] = self._ellipsis(cut[-1], cell.value_w - 2 * PAD - cell.unit_w, content.size)
            tallest.contents[i] = _Content(cut, content.size, keep_lines * content.size * LEADING + 2 * PAD,
                                           content.align, content.top, truncated=True)
            tallest.height = max([tallest.block.height] + [cc.height for cc in tallest.contents])
            band = _Block("band", BAND_H, title=f"{cell.field.label}（续）")
            text_block = _Block("text", 0.0, field=cell.field)
            lines = self.m.wrap(full_text, GRID_W - 2 * PAD, VALUE_SIZES[0])
            extra.append(((placed.index(tallest), i), [
                _Placed(band, 0.0, BAND_H),
                _Placed(text_block, 0.0, 0.0, text_lines=lines, text_size=VALUE_SIZES[0])]))
        pages = [self._stack(placed, first=True)]
        ordered = [p for _, group in sorted(extra, key=lambda e: e[0]) for p in group]
        pages.extend(self._continuation_pages(ordered))
        return pages, nominal

    def _ellipsis(self, line: str, width: float, size: float) -> str:
        suffix = "…（续见附页）"
        while line and self.m.width(line + suffix, size) > width:
            line = line[:-1]
        return line + suffix

    def _stack(self, placed: list[_Placed], *, first: bool) -> _Page:
        y = self.top
        for p in placed:
            p.y = y
            y -= p.height
        return _Page(placed, first)

    def _continuation_pages(self, extra: list[_Placed]) -> list[_Page]:
        pages: list[_Page] = []
        room_top = PAGE_H - MARGIN_TOP - CONT_HEADER_H
        current: list[_Placed] = []
        y = room_top

        def flush() -> None:
            nonlocal current, y
            if current:
                pages.append(_Page(current, first=False))
            current = []
            y = room_top

        for p in extra:
            if p.block.kind == "table":
                head = p.block.head_h
                rows = list(p.rows)
                while rows:
                    if y - self.bottom < head + rows[0][1] + BAND_H:
                        flush()
                    band = _Placed(_Block("band", BAND_H, title=f"{p.block.section_title or p.block.title}（续表）"),
                                   y, BAND_H)
                    current.append(band)
                    y -= BAND_H
                    take: list[tuple[int, float, list[_Content]]] = []
                    left = y - self.bottom - head
                    while rows and rows[0][1] <= left:
                        take.append(rows[0])
                        left -= rows[0][1]
                        rows.pop(0)
                    h = head + sum(r[1] for r in take)
                    current.append(_Placed(p.block, y, h, rows=take))
                    y -= h
                    if rows:
                        flush()
            elif p.block.kind == "band":
                if y - self.bottom < BAND_H + 2 * ROW_H:
                    flush()
                p.y = y
                current.append(p)
                y -= BAND_H
            else:  # continued text, split by lines over as many pages as needed
                lines = list(p.text_lines)
                step = p.text_size * LEADING
                while lines:
                    fit = max(1, int((y - self.bottom - 2 * PAD) // step))
                    chunk, lines = lines[:fit], lines[fit:]
                    h = len(chunk) * step + 2 * PAD
                    current.append(_Placed(p.block, y, h, text_lines=chunk, text_size=p.text_size))
                    y -= h
                    if lines:
                        flush()
        flush()
        return pages

    # -- the static layer ------------------------------------------------------------------------

    def _static_form(self, page: _Page) -> str:
        if self._static_name is None:
            name = f"form_{self.spec.number.replace('-', '_')}"
            self.c.beginForm(name)
            runs: list[_Run] = []
            self._draw_static(page, 1, 1, runs)
            _emit(self.c, runs, self.font)
            self.c.endForm()
            self._static_name = name
        return self._static_name

    def _draw_static(self, page: _Page, number: int, total: int, runs: list[_Run]) -> None:
        c = self.c
        self._header(runs, number, total, continued=not page.first)
        c.setLineWidth(0.5)
        c.setStrokeGray(0)
        grid_top = page.placed[0].y if page.placed else self.top
        grid_bottom = grid_top
        for p in page.placed:
            kind = p.block.kind
            if kind == "band":
                self._band(p, runs)
            elif kind == "grid":
                self._grid_static(p, runs)
            elif kind == "table":
                self._table_static(p, runs)
            elif kind == "text":
                c.rect(GRID_LEFT, p.y - p.height, GRID_W, p.height, stroke=1, fill=0)
            grid_bottom = p.y - p.height
        # a heavier outer border, as printed forms have
        c.setLineWidth(1.2)
        c.rect(GRID_LEFT, grid_bottom, GRID_W, grid_top - grid_bottom, stroke=1, fill=0)
        c.setLineWidth(0.5)
        if page.first:
            self._foot(grid_bottom, runs)

    def _header(self, runs: list[_Run], number: int, total: int, *, continued: bool) -> None:
        c = self.c
        top = PAGE_H - MARGIN_TOP
        code = self.spec.code
        runs.append(_Run(PAGE_W - MARGIN_X - self.m.width(code, 9.5), top - 9.5, 9.5, code))
        if self.company:
            size = 13.0
            runs.append(_Run((PAGE_W - self.m.width(self.company, size)) / 2, top - 13, size, self.company))
        title = self.spec.title + ("（续页）" if continued else "")
        size = 18.0
        space = 2.0 if len(title) <= 12 else 0.5
        width = self.m.width(title, size) + space * (len(title) - 1)
        t = c.beginText()
        t.setFont(self.font, size)
        t.setTextRenderMode(2)  # fill + thin stroke: the bundled font has no bold face
        t.setCharSpace(space)
        t.setTextOrigin((PAGE_W - width) / 2, top - 35)
        text_out(t, title, self.font, size)
        # Text state outlives BT/ET in PDF: reset it, or every later string is spaced and stroked.
        t.setCharSpace(0)
        t.setTextRenderMode(0)
        c.setLineWidth(0.35)
        c.drawText(t)
        line_y = top - HEADER_H + 2.2 * mm
        if self.project:
            runs.append(_Run(GRID_LEFT, line_y, 9.0, f"管理处：{self.project}"))
        page_text = f"第 {number} 页  共 {total} 页"
        runs.append(_Run(GRID_LEFT + GRID_W - self.m.width(page_text, 9.0), line_y, 9.0, page_text))

    def _band(self, p: _Placed, runs: list[_Run]) -> None:
        c = self.c
        c.setFillGray(BAND_FILL)
        c.rect(GRID_LEFT, p.y - p.height, GRID_W, p.height, stroke=1, fill=1)
        c.setFillGray(0)
        size = 10.0
        runs.append(_Run(GRID_LEFT + 2 * PAD, self._baseline(p.y, p.height, size), size, p.block.title))

    def _baseline(self, top: float, height: float, size: float, lines: int = 1) -> float:
        """Baseline of the first of ``lines`` lines centred vertically in a box."""
        block = lines * size * LEADING
        first_top = top - (height - block) / 2
        return first_top - (size * LEADING + size * (self.m.ascent - self.m.descent)) / 2

    def _grid_static(self, p: _Placed, runs: list[_Run]) -> None:
        c = self.c
        y0 = p.y - p.height
        c.setFillGray(LABEL_FILL)
        for cell in p.block.cells:
            c.rect(cell.x, y0, cell.label_w, p.height, stroke=1, fill=1)
        c.setFillGray(0)
        for cell in p.block.cells:
            c.rect(cell.value_x, y0, cell.value_w, p.height, stroke=1, fill=0)
            size = cell.label_size
            base = self._baseline(p.y, p.height, size, len(cell.label_lines))
            for line in cell.label_lines:
                lw = self.m.width(line, size)
                runs.append(_Run(cell.x + (cell.label_w - lw) / 2, base, size, line))
                base -= size * LEADING
            if cell.unit_w:
                runs.append(_Run(cell.value_x + cell.value_w - cell.unit_w, self._baseline(p.y, p.height, LABEL_SIZE),
                                 LABEL_SIZE, cell.field.unit))
            if cell.choice is not None:
                self._choice_static(cell, p, runs)

    def _choice_top(self, cell: _Cell, p: _Placed) -> float:
        assert cell.choice is not None
        line_h = OPTION_SIZE * 1.75
        return p.y - (p.height - cell.choice.lines * line_h) / 2

    def _choice_static(self, cell: _Cell, p: _Placed, runs: list[_Run]) -> None:
        assert cell.choice is not None
        c = self.c
        line_h = OPTION_SIZE * 1.75
        top = self._choice_top(cell, p)
        c.setLineWidth(0.6)
        for option, dx, line in cell.choice.options:
            x = cell.value_x + PAD + dx
            centre = top - line * line_h - line_h / 2
            c.rect(x, centre - BOX / 2, BOX, BOX, stroke=1, fill=0)
            runs.append(_Run(x + BOX + 1.0 * mm, centre - OPTION_SIZE * 0.36, OPTION_SIZE, option))
        c.setLineWidth(0.5)

    def _table_static(self, p: _Placed, runs: list[_Run]) -> None:
        c = self.c
        block = p.block
        head = block.head_h
        y_top = p.y
        y_bottom = p.y - p.height
        rows_bottom = y_top - head - sum(r[1] for r in p.rows)
        # header row
        c.setFillGray(LABEL_FILL)
        c.rect(GRID_LEFT, y_top - head, GRID_W, head, stroke=1, fill=1)
        c.setFillGray(0)
        seq = "序号"
        runs.append(_Run(GRID_LEFT + (SEQ_W - self.m.width(seq, LABEL_SIZE - 1)) / 2,
                         self._baseline(y_top, head, LABEL_SIZE - 1), LABEL_SIZE - 1, seq))
        for col in block.columns:
            base = self._baseline(y_top, head, col.head_size, len(col.head_lines))
            for line in col.head_lines:
                runs.append(_Run(col.x + (col.w - self.m.width(line, col.head_size)) / 2, base, col.head_size, line))
                base -= col.head_size * LEADING
        # column lines and row lines
        for x in [GRID_LEFT + SEQ_W] + [col.x for col in block.columns[1:]]:
            c.line(x, y_top, x, rows_bottom)
        y = y_top - head
        for number, h, _cells in p.rows:
            c.line(GRID_LEFT, y - h, GRID_LEFT + GRID_W, y - h)
            text = str(number)
            runs.append(_Run(GRID_LEFT + (SEQ_W - self.m.width(text, 9.0)) / 2, self._baseline(y, h, 9.0), 9.0, text))
            y -= h
        c.line(GRID_LEFT, y_top, GRID_LEFT, y_bottom)
        c.line(GRID_LEFT + GRID_W, y_top, GRID_LEFT + GRID_W, y_bottom)
        if p.continued:
            c.line(GRID_LEFT, y_bottom, GRID_LEFT + GRID_W, y_bottom)
            note = "（以下各行见续页）"
            runs.append(_Run(GRID_LEFT + GRID_W - PAD - self.m.width(note, 8.5),
                             self._baseline(rows_bottom, rows_bottom - y_bottom, 8.5), 8.5, note, gray=NOTE_GRAY))

    def _foot(self, grid_bottom: float, runs: list[_Run]) -> None:
        c = self.c
        top = grid_bottom - 3 * mm
        for r in self.layout.foot_runs_rel:
            runs.append(_Run(r.x, top + r.y, r.size, r.text, r.gray))
        c.setLineWidth(0.5)
        for x1, x2, dy in self.layout.foot_lines:
            c.line(x1, top - dy, x2, top - dy)

    # -- values ------------------------------------------------------------------------------------

    def _value_runs(self, p: _Placed, runs: list[_Run]) -> None:
        kind = p.block.kind
        if kind == "grid":
            for cell, content in zip(p.block.cells, p.contents, strict=True):
                self._cell_runs(cell, content, p, runs)
        elif kind == "table":
            y = p.y - p.block.head_h
            for _number, h, cells in p.rows:
                for col, content in zip(p.block.columns, cells, strict=True):
                    self._text_runs(content, col.x, col.w, 0.0, y, h, runs)
                y -= h
        elif kind == "text":
            base = p.y - PAD - p.text_size
            for line in p.text_lines:
                runs.append(_Run(GRID_LEFT + PAD, base, p.text_size, line))
                base -= p.text_size * LEADING

    def _cell_runs(self, cell: _Cell, content: _Content, p: _Placed, runs: list[_Run]) -> None:
        f = cell.field
        if cell.choice is not None:
            if content.ticks:
                line_h = OPTION_SIZE * 1.75
                top = self._choice_top(cell, p)
                for option, dx, line in cell.choice.options:
                    if option in content.ticks:
                        centre = top - line * line_h - line_h / 2
                        runs.append(_Run(cell.value_x + PAD + dx + 0.15 * mm, centre - BOX * 0.36, 10.0, "✓"))
            return
        if self.blank and f.type in ("date", "datetime"):
            self._date_guides(cell, p, runs)
            return
        self._text_runs(content, cell.value_x, cell.value_w, cell.unit_w, p.y, p.height, runs)

    def _text_runs(self, content: _Content, x: float, w: float, unit_w: float, top: float, height: float,
                   runs: list[_Run]) -> None:
        if not content.lines:
            return
        size = content.size
        if content.top:
            base = top - PAD - size * (self.m.ascent + 0.05)
        else:
            base = self._baseline(top, height, size, len(content.lines))
        for line in content.lines:
            if content.align == "right":
                lx = x + w - PAD - unit_w - self.m.width(line, size)
            else:
                lx = x + PAD
            runs.append(_Run(lx, base, size, line))
            base -= size * LEADING

    def _date_guides(self, cell: _Cell, p: _Placed, runs: list[_Run]) -> None:
        parts = ("年", "月", "日", "时", "分") if cell.field.type == "datetime" else ("年", "月", "日")
        size = 9.0
        step = 7 * mm if cell.value_w > 40 * mm else 5.2 * mm
        x = cell.value_x + cell.value_w - PAD - size
        base = self._baseline(p.y, p.height, size)
        for part in reversed(parts):
            runs.append(_Run(x, base, size, part, gray=GUIDE_GRAY))
            x -= step


_METRICS: dict[str, _Metrics] = {}
_LAYOUTS: dict[tuple[FormSpec, str], _SpecLayout] = {}


def _layout_for(spec: FormSpec, m: _Metrics) -> _SpecLayout:
    key = (spec, m.name)
    layout = _LAYOUTS.get(key)
    if layout is None:
        layout = _LAYOUTS[key] = _SpecLayout(spec, m)
    return layout


# --- public API -----------------------------------------------------------------------------------

def render_form(spec: FormSpec, values: dict[str, Any] | None, out: Path, *, company: str, project: str = "",
                blank: bool = False) -> Path:
    """One form, filled with ``values`` or blank (``blank=True`` or ``values=None``), as an A4 PDF."""
    out = Path(out)
    blank = blank or values is None

    def draw(c: Canvas) -> None:
        _Renderer(c, spec, company=company, project=project, blank=blank).render(values)

    title = f"{spec.code} {spec.title}" + ("（空白表）" if blank else "")
    _write(out, title, company, draw)
    return out


def render_batch(spec: FormSpec, records: Sequence[dict[str, Any]], out: Path, *, company: str,
                 project: str = "", progress: Progress | None = None) -> Path:
    """Many filled forms of one kind into one PDF, each starting on a new page.

    ``progress(done, total, text)`` is called as records are drawn; an exception it raises (the
    user cancelled) stops the work and leaves no file behind.
    """
    out = Path(out)
    total = len(records)

    def draw(c: Canvas) -> None:
        renderer = _Renderer(c, spec, company=company, project=project, blank=False)
        step = max(1, total // 100)
        if progress is not None:
            progress(0, total, f"正在生成{spec.title}…")
        for done, values in enumerate(records, start=1):
            renderer.render(values)
            if progress is not None and (done % step == 0 or done == total):
                progress(done, total, f"正在生成{spec.title}：第 {done} / {total} 份")
        if total == 0:
            renderer.render(None)

    _write(out, f"{spec.code} {spec.title}（{total}份）", company, draw)
    return out


def _write(out: Path, title: str, author: str, draw: Callable[[Canvas], None]) -> None:
    """Draw into a temporary file beside ``out`` and move it into place only when complete."""
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=".tmp-", suffix=".pdf", dir=out.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    # Binary compressed streams: ASCII85 on top makes files a quarter larger and, without the
    # optional rl_accel package, costs a quarter of the drawing time. Set per PDF, then restored.
    a85 = rl_config.useA85
    rl_config.useA85 = 0
    try:
        c = make_canvas(str(tmp), pagesize=A4, pageCompression=1)
        c.setTitle(title)
        c.setAuthor(author)
        c.setCreator("物业客户服务桌面系统")
        c.setSubject(title)
        draw(c)
        c.save()
        os.replace(tmp, out)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    finally:
        rl_config.useA85 = a85
