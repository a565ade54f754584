"""The 18 registration forms on paper, read back as the clerk would: one page, number, title, values, ticks,
nothing spilling over a cell border, only embedded fonts; overflow continues on a second page."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pdfplumber
import pytest
from pypdf import PdfReader

from wuye_desktop.export.pdf_forms import render_batch, render_form
from wuye_desktop.formspecs import FormSpec, format_value, load_all
from wuye_desktop.formspecs.samples import sample_values
from wuye_desktop.locations import FORMS_DIR

COMPANY = "深圳市鹏城物业管理有限公司"
PROJECT = "华信商住大厦管理处"
NUMBERS = [f"qms-pm-313{n:02d}" for n in range(1, 19)]


@pytest.fixture(scope="module")
def specs() -> dict[str, FormSpec]:
    return load_all(FORMS_DIR)


def compact(text: str) -> str:
    return "".join(text.split())


def page_texts(path: Path) -> list[str]:
    with pdfplumber.open(path) as doc:
        return [p.extract_text() or "" for p in doc.pages]


def cells_of(path: Path, page_no: int = 0) -> list[str]:
    """The bordered grid's cells, each as one string (lines of a wrapped cell joined)."""
    with pdfplumber.open(path) as doc:
        return [compact(cell) for table in doc.pages[page_no].extract_tables() for row in table
                for cell in row if cell]


def fonts_of(path: Path) -> list[tuple[str, bool]]:
    """(font name, embedded?) for every font of every page, inside form XObjects too."""
    found: dict[str, bool] = {}

    def walk(resources: Any) -> None:
        if resources is None:
            return
        resources = resources.get_object()
        for font in (resources.get("/Font") or {}).values():
            font = font.get_object()
            descendants = font.get("/DescendantFonts")
            target = descendants[0].get_object() if descendants else font
            descriptor = target.get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor is not None else {}
            embedded = any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
            found[str(font.get("/BaseFont"))] = embedded
        for xobject in (resources.get("/XObject") or {}).values():
            walk(xobject.get_object().get("/Resources"))

    for page in PdfReader(path).pages:
        walk(page.get("/Resources"))
    return sorted(found.items())


def spilled_chars(path: Path, page_no: int = 0) -> list[str]:
    """Characters crossed by a vertical cell border, or outside the page's printable area."""
    bad: list[str] = []
    with pdfplumber.open(path) as doc:
        page = doc.pages[page_no]
        # cell borders only: the ☐ boxes (8.5 pt) are shorter than any row, and a tick overlaps its box
        verticals = [e for e in page.edges if e["orientation"] == "v" and e["bottom"] - e["top"] > 12]
        for ch in page.chars:
            if ch["x0"] < 20 or ch["x1"] > page.width - 20 or ch["top"] < 15 or ch["bottom"] > page.height - 15:
                bad.append(ch["text"])
                continue
            middle = (ch["top"] + ch["bottom"]) / 2
            for e in verticals:
                if ch["x0"] + 0.6 < e["x0"] < ch["x1"] - 0.6 and e["top"] <= middle <= e["bottom"]:
                    bad.append(ch["text"])
                    break
    return bad


@pytest.mark.parametrize("number", NUMBERS)
def test_each_blank_form_is_one_page_with_number_title_labels_and_boxes(
        specs: dict[str, FormSpec], number: str, tmp_path: Path) -> None:
    spec = specs[number]
    out = render_form(spec, None, tmp_path / "blank.pdf", company=COMPANY, project=PROJECT, blank=True)
    texts = page_texts(out)
    assert len(texts) == 1
    text = compact(texts[0])
    assert number.upper() in text and spec.title in text and COMPANY in text
    cells = cells_of(out)
    for f in spec.fields():
        if f.is_repeat:
            assert f.repeat is not None
            assert all(any(c.startswith(compact(sub.label)) for c in cells) for sub in f.repeat.fields)
        else:
            assert compact(f.label) in cells, f.label
        if f.options:  # printed as boxes to tick: the cell lists every option
            assert "".join(f.options) in cells, f.label
    for signature in spec.signatures:
        assert compact(signature) in text
    assert "✓" not in text  # nothing ticked on a blank form
    assert spilled_chars(out) == []
    assert fonts_of(out) and all(embedded for _, embedded in fonts_of(out))


@pytest.mark.parametrize("number", NUMBERS)
def test_each_filled_form_is_one_page_holding_its_values(specs: dict[str, FormSpec], number: str,
                                                         tmp_path: Path) -> None:
    spec = specs[number]
    values = sample_values(spec, 7)
    out = render_form(spec, values, tmp_path / "filled.pdf", company=COMPANY, project=PROJECT)
    texts = page_texts(out)
    assert len(texts) == 1
    text = compact(texts[0])
    assert number.upper() in text and spec.title in text
    cells = cells_of(out)
    printed = 0
    for f in spec.fields():
        value = values.get(f.key)
        if f.is_repeat or f.options or value in (None, ""):
            continue
        assert compact(format_value(f, value, with_unit=False)) in "|".join(cells), f.label
        printed += 1
    assert printed >= 5
    assert compact(values["unit"]) in cells
    for f in spec.fields():
        if f.options and values.get(f.key) not in (None, "", ()):
            chosen = values[f.key]
            picked = ["是" if chosen else "否"] if f.type == "bool" else (
                list(chosen) if isinstance(chosen, tuple) else [chosen])
            cell = cells[cells.index(compact(f.label)) + 1]  # the value cell follows its label
            assert cell.replace("✓", "") == "".join(f.options)
            assert all(f"✓{option}" in cell for option in picked), (f.label, cell)
            assert cell.count("✓") == len(picked)
    assert spilled_chars(out) == []
    assert all(embedded for _, embedded in fonts_of(out))


def test_the_tick_sits_in_the_box_of_the_chosen_option(specs: dict[str, FormSpec], tmp_path: Path) -> None:
    spec = specs["qms-pm-31318"]
    values = sample_values(spec, 1)
    values["occasion"] = "迁出"
    out = render_form(spec, values, tmp_path / "f.pdf", company=COMPANY)
    with pdfplumber.open(out) as doc:
        chars = doc.pages[0].chars
    tick = next(c for c in chars if c["text"] == "✓")
    labels = {c["text"]: c for c in chars if abs(c["top"] - tick["top"]) < 6 and c["text"] in "入迁交"}
    chosen = labels["迁"]
    assert 0 < chosen["x0"] - tick["x0"] < 20  # the tick is just left of 迁出
    assert all(not (0 < other["x0"] - tick["x0"] < 20) for k, other in labels.items() if k != "迁")


def test_values_too_long_for_their_cell_wrap_inside_it(specs: dict[str, FormSpec], tmp_path: Path) -> None:
    spec = specs["qms-pm-31301"]
    values = sample_values(spec, 2)
    values["mail_address"] = "深圳市福田区深南大道1001号华信商住大厦A座十二层1203室收发室转交客户服务部李明先生收"
    values["client"] = "中创国际咨询（深圳）有限公司华南区客户服务中心及档案管理分部"
    out = render_form(spec, values, tmp_path / "long.pdf", company=COMPANY)
    assert len(page_texts(out)) == 1
    cells = cells_of(out)
    assert compact(values["mail_address"]) in cells and compact(values["client"]) in cells
    assert spilled_chars(out) == []


def test_many_keys_continue_on_a_second_page_with_the_header(specs: dict[str, FormSpec], tmp_path: Path) -> None:
    spec = specs["qms-pm-31317"]
    values = sample_values(spec, 3, rows=20)
    values["keys"] = [{"key_no": f"K{i:03d}", "opens": "房门", "quantity": 1} for i in range(1, 21)]
    out = render_form(spec, values, tmp_path / "keys.pdf", company=COMPANY, project=PROJECT)
    first, second = (compact(t) for t in page_texts(out))
    assert "第1页共2页" in first and "以下各行见续页" in first and "K001" in first and "K020" not in first
    assert "QMS-PM-31317" in second and "代保管单元钥匙申请表（续页）" in second and "第2页共2页" in second
    assert "钥匙清单（续表）" in second and "K020" in second and "钥匙编号" in second
    assert sum(f"K{i:03d}" in first + second for i in range(1, 21)) == 20
    assert "K001" not in second  # each key printed once
    # the signatures stay on the first page, under the whole form
    assert "申请人签字" in first and "申请人签字" not in second
    assert spilled_chars(out, 0) == [] and spilled_chars(out, 1) == []


def test_text_longer_than_a_page_continues_in_an_appendix(specs: dict[str, FormSpec], tmp_path: Path) -> None:
    spec = specs["qms-pm-31304"]
    values = sample_values(spec, 3)
    values["description"] = "".join(f"第{i}句：积水漫延至电梯厅并渗入天花。" for i in range(1, 121))
    out = render_form(spec, values, tmp_path / "event.pdf", company=COMPANY)
    texts = [compact(t) for t in page_texts(out)]
    assert len(texts) >= 2
    assert "续见附页" in texts[0] and "第1句" in texts[0]
    assert "事件经过（续）" in texts[1]
    assert "第120句：积水漫延至电梯厅并渗入天花。" in "".join(texts[1:])


def test_a_normally_filled_event_with_long_text_still_fits_one_page(specs: dict[str, FormSpec],
                                                                     tmp_path: Path) -> None:
    spec = specs["qms-pm-31304"]
    values = sample_values(spec, 3)
    values["description"] = "当日下午B座12层公共卫生间水管接头爆裂，积水漫延至电梯厅并渗入11层天花。" * 6
    values["measures"] = "关闭楼层供水总阀，设置警示标志，更换爆裂接头，通知受影响客户。" * 5
    out = render_form(spec, values, tmp_path / "event.pdf", company=COMPANY)
    assert len(page_texts(out)) == 1
    assert spilled_chars(out) == []


def test_batch_prints_each_record_on_its_own_page_and_reports_progress(
        specs: dict[str, FormSpec], tmp_path: Path) -> None:
    spec = specs["qms-pm-31306"]
    records = [sample_values(spec, seed) for seed in range(12)]
    records[5]["car_model"] = "一辆名字特别长的进口豪华七座商务车（长轴距版）"  # one record that does not use the shared layout
    calls: list[tuple[int, int, str]] = []
    out = render_batch(spec, records, tmp_path / "batch.pdf", company=COMPANY,
                       progress=lambda done, total, text: calls.append((done, total, text)))
    texts = [compact(t) for t in page_texts(out)]
    assert len(texts) == 12
    for record, text in zip(records, texts, strict=True):
        assert record["permit_no"] in text and "QMS-PM-31306" in text and "停车证发放登记表" in text
    assert calls[0][0] == 0 and calls[-1][:2] == (12, 12)
    assert [c[0] for c in calls] == sorted(c[0] for c in calls)
    assert "停车证发放登记表" in calls[-1][2]
    assert all(embedded for _, embedded in fonts_of(out))


def test_cancelling_a_batch_leaves_no_file(specs: dict[str, FormSpec], tmp_path: Path) -> None:
    spec = specs["qms-pm-31313"]
    records = [sample_values(spec, seed) for seed in range(30)]

    class Cancelled(Exception):
        pass

    def progress(done: int, total: int, text: str) -> None:
        if done >= 10:
            raise Cancelled

    with pytest.raises(Cancelled):
        render_batch(spec, records, tmp_path / "cancelled.pdf", company=COMPANY, progress=progress)
    assert list(tmp_path.iterdir()) == []


def test_values_none_prints_a_blank_form_with_date_guides(specs: dict[str, FormSpec], tmp_path: Path) -> None:
    spec = specs["qms-pm-31303"]
    out = render_form(spec, None, tmp_path / "b.pdf", company=COMPANY)
    text = compact(page_texts(out)[0])
    assert "年月日" in text  # the date cells show 年 月 日 to write in
    metadata = PdfReader(out).metadata
    assert metadata is not None and "（空白表）" in (metadata.title or "")
