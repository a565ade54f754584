"""Emoji a resident or clerk typed print in every PDF with the bundled Noto Emoji (issue 7), on any
machine: no system emoji font needed, the font embedded, the text read back whole, each emoji drawn
from a font that has it (never the Chinese font's empty box)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from datetime import datetime
from pathlib import Path

import pdfplumber
import pytest

from tests.integration.test_desk_rules import draft
from tests.integration.test_pdf_forms import fonts_of, spilled_chars
from wuye_desktop.export.fonts import EMOJI_NAME, draw_string, font_runs, make_canvas, register_fonts, text_width
from wuye_desktop.export.pdf_forms import render_form
from wuye_desktop.export.pdf_repairs import WorkOrderSheet, work_order_pdf
from wuye_desktop.formspecs import load_all
from wuye_desktop.locations import EMOJI_FONT_PATH, FORMS_DIR
from wuye_desktop.services.container import Services

EMOJI = "😀🏠💧❤️👍🏻🚿✅"
COMPANY = "海悦物业🏠"


def emoji_chars(path: Path) -> list[tuple[str, str]]:
    """(character, font name) of every emoji-range character drawn in the PDF."""
    with pdfplumber.open(path) as doc:
        return [(c["text"], c["fontname"]) for page in doc.pages for c in page.chars
                if any(ord(ch) >= 0x1F000 or ch in "❤✅" for ch in c["text"])]


def text_of(path: Path) -> str:
    with pdfplumber.open(path) as doc:
        return "".join("".join((p.extract_text() or "").split()) for p in doc.pages)


def assert_emoji_printed(path: Path, *texts: str) -> None:
    text = text_of(path)
    for t in texts:
        assert t in text, f"{t!r} not read back from {path.name}"
    drawn = emoji_chars(path)
    assert drawn and all(EMOJI_NAME in font for _ch, font in drawn), drawn
    fonts = dict(fonts_of(path))
    assert any(EMOJI_NAME in name for name in fonts), fonts
    assert all(fonts.values()), f"every font embedded: {fonts}"


def test_the_emoji_font_is_bundled_with_its_licence() -> None:
    assert EMOJI_FONT_PATH.is_file() and EMOJI_FONT_PATH.stat().st_size < 1_200_000
    assert "SIL Open Font License" in (EMOJI_FONT_PATH.parent / "LICENSE-noto-emoji-OFL.txt").read_text("utf-8")


def test_text_is_cut_into_runs_only_where_the_chinese_font_lacks_a_character() -> None:
    font = register_fonts()
    assert font_runs("楼上漏水 A1203") == [(font, "楼上漏水 A1203")]
    assert font_runs("漏水😀💧了") == [(font, "漏水"), (EMOJI_NAME, "😀💧"), (font, "了")]
    # The skin tone and the variation selector go with their emoji and take no room of their own.
    assert font_runs("👍🏻❤️") == [(EMOJI_NAME, "👍🏻❤️")]
    assert text_width("👍🏻", font, 10) == text_width("👍", font, 10) > 0


def test_the_complaint_pdfs_print_emoji(services: Services) -> None:
    services.settings.set_company_name(COMPANY)
    case = services.complaints.register(draft(content=f"楼上漏水{EMOJI}墙面发霉", complainant="张三🏠",
                                              subject="楼上漏水💧"), services.settings.projects()[0].id, "张丽")
    for make in (services.printing.complaint_record, services.printing.handling_record):
        assert_emoji_printed(make(case.id), COMPANY, "张三🏠", "楼上漏水💧", f"楼上漏水{EMOJI}墙面发霉")


def test_a_registration_form_drawn_on_the_canvas_prints_emoji_inside_its_cells(tmp_path: Path) -> None:
    from wuye_desktop.formspecs.samples import sample_values

    spec = load_all(FORMS_DIR)["qms-pm-31301"]
    values = sample_values(spec, 2)
    values["client"] = "王五😀"
    values["mail_address"] = "华信大厦A座1203室🏠" + "💧" * 40 + "收"  # wraps: widths measured in the emoji font
    out = render_form(spec, values, tmp_path / "form.pdf", company=COMPANY)
    assert_emoji_printed(out, COMPANY, "王五😀", "华信大厦A座1203室🏠")
    assert spilled_chars(out) == []


def test_a_work_order_and_the_analysis_report_print_emoji(services: Services, tmp_path: Path) -> None:
    from wuye_desktop.domain.analysis import Period

    sheet = WorkOrderSheet(company=COMPANY, project="本管理处", number="WX-2026-00001",
                           received_at=datetime(2026, 9, 24, 9), received_by="张丽", source="电话", client="赵六🙂",
                           place="B座502", phone="13800138000", category="水电", urgency="一般",
                           subject="水管漏水🚿", description=f"厨房水管漏水{EMOJI}")
    assert_emoji_printed(work_order_pdf(sheet, tmp_path / "order.pdf"), "赵六🙂", "水管漏水🚿", f"厨房水管漏水{EMOJI}")
    services.settings.set_company_name(COMPANY)
    assert_emoji_printed(services.analysis.write_pdf(Period.month(2026, 9), None, tmp_path / "report.pdf"), COMPANY)


def test_canvas_strings_are_placed_by_their_real_width(tmp_path: Path) -> None:
    out = tmp_path / "canvas.pdf"
    c = make_canvas(str(out))
    c.setFont(register_fonts(), 12)
    draw_string(c, 300, 700, "右对齐🏠", align="right")
    draw_string(c, 300, 650, "居中😀", align="centre")
    c.drawString(300, 600, "后面的字")  # the canvas's own font is back after a fallback run
    c.save()
    with pdfplumber.open(out) as doc:
        chars = doc.pages[0].chars
    right = [ch for ch in chars if ch["text"] in "右对齐🏠"]
    assert abs(max(ch["x1"] for ch in right) - 300) < 0.5
    centred = [ch for ch in chars if ch["text"] in "居中😀"]
    assert abs((min(ch["x0"] for ch in centred) + max(ch["x1"] for ch in centred)) / 2 - 300) < 0.5
    assert {ch["fontname"].split("+")[-1] for ch in chars if ch["text"] in "后面的字"} == {"WenQuanYiMicroHei-0"}


NO_SYSTEM_FONTS = textwrap.dedent("""
    import sys
    from pathlib import Path
    from wuye_desktop.export import fonts
    fonts.FALLBACK_CANDIDATES = ()   # a machine with no emoji or symbol font of its own
    from wuye_desktop.export.pdf_forms import render_form
    from wuye_desktop.formspecs import load_all
    from wuye_desktop.formspecs.samples import sample_values
    from wuye_desktop.locations import FORMS_DIR

    spec = load_all(FORMS_DIR)["qms-pm-31301"]
    values = sample_values(spec, 2)
    values["client"] = "王五😀👍🏻🚿"
    render_form(spec, values, Path(sys.argv[1]), company="海悦物业🏠")
    print(",".join(fonts._fallbacks))
""")


def test_emoji_need_no_system_font(tmp_path: Path) -> None:
    out = tmp_path / "form.pdf"
    done = subprocess.run([sys.executable, "-c", NO_SYSTEM_FONTS, str(out)], capture_output=True, text=True,
                          timeout=120, env={**os.environ}, cwd=Path(__file__).resolve().parents[2])
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == EMOJI_NAME  # the bundled font only
    assert_emoji_printed(out, "海悦物业🏠", "王五😀👍🏻🚿")
    assert {name.split("+")[-1] for name, _emb in fonts_of(out)} == {"NotoEmoji-Regular", "WenQuanYiMicroHei-0"}
