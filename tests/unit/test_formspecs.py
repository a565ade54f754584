"""The 18 form definitions in forms/ load, and a broken definition names the file, the field and the problem."""

from __future__ import annotations

from pathlib import Path

import pytest

from wuye_desktop.formspecs import COMMON_KEYS, FIELD_TYPES, FormDefinitionError, FormSpec, load, load_all
from wuye_desktop.locations import FORMS_DIR

TITLES = {  # 篇3 §5 / FORMS.md
    "qms-pm-31301": "客户档案登记表", "qms-pm-31302": "客户紧急联络表", "qms-pm-31303": "非机动车车牌办理登记表",
    "qms-pm-31304": "特殊事件记录表", "qms-pm-31305": "停车位租售情况登记表", "qms-pm-31306": "停车证发放登记表",
    "qms-pm-31307": "电话报装申请表", "qms-pm-31308": "电话变更登记表", "qms-pm-31309": "备租/售电话号码登记表",
    "qms-pm-31310": "电话过户登记表", "qms-pm-31311": "境外雇员登记表", "qms-pm-31312": "涉外常驻单位登记表",
    "qms-pm-31313": "用户身份卡登记表", "qms-pm-31314": "移机电话统计表", "qms-pm-31315": "车位申请登记表",
    "qms-pm-31316": "辞职、辞退员工名单记录表", "qms-pm-31317": "代保管单元钥匙申请表", "qms-pm-31318": "水、电表底数确认单",
}


@pytest.fixture(scope="module")
def specs() -> dict[str, FormSpec]:
    return load_all(FORMS_DIR)


def test_all_eighteen_forms_load_with_their_titles(specs: dict[str, FormSpec]) -> None:
    assert {n: s.title for n, s in specs.items()} == TITLES
    assert list(specs) == sorted(TITLES)
    assert specs["qms-pm-31301"].code == "QMS-PM-31301"


@pytest.mark.parametrize("number", sorted(TITLES))
def test_each_form_carries_the_common_fields_and_sound_fields(specs: dict[str, FormSpec], number: str) -> None:
    spec = specs[number]
    keys = [f.key for f in spec.fields()]
    assert len(keys) == len(set(keys))
    for key in COMMON_KEYS:
        assert key in keys, f"{number} lacks {key}"
    assert spec.field("registered_on").type == "date" and spec.field("registered_on").required
    assert spec.signatures and all(isinstance(s, str) and s for s in spec.signatures)
    for f in spec.fields():
        assert f.type in FIELD_TYPES
        assert 1 <= f.width <= spec.columns
        if f.type == "choice":
            assert f.choices
        if f.is_repeat:
            assert f.repeat is not None and f.repeat.fields and f.repeat.max_rows >= 1
    assert spec.list_fields(), "every form shows some columns in its list"


def test_the_forms_use_the_special_types(specs: dict[str, FormSpec]) -> None:
    types = {f.type for s in specs.values() for f in s.fields()}
    sub_types = {sub.type for s in specs.values() for f in s.fields() if f.repeat for sub in f.repeat.fields}
    assert set(FIELD_TYPES) <= types | sub_types | {"repeat"}
    assert specs["qms-pm-31312"].field("uscc").type == "uscc"
    contacts = specs["qms-pm-31302"].field("contacts")
    assert contacts.repeat is not None and contacts.repeat.max_rows == 3
    assert [f.label for f in contacts.repeat.fields] == ["姓名", "与客户关系", "办公电话", "手机", "住址"]
    assert specs["qms-pm-31318"].field("water_reading").unit == "m³"
    assert specs["qms-pm-31318"].field("electricity_reading").unit == "kWh"
    assert specs["qms-pm-31301"].field("floor_area").unit == "㎡"


# --- broken definitions -------------------------------------------------------------------------

GOOD = '''
number = "qms-pm-31399"
title = "测试登记表"

[[sections]]
title = "基本信息"
fields = [
  { key = "unit", label = "房号/单元", type = "text", required = true, width = 2 },
  { key = "client", label = "客户名称", type = "text", width = 2 },
  { key = "phone", label = "联系电话", type = "phone", width = 2 },
  { key = "kind", label = "类别", type = "choice", choices = ["甲", "乙"], width = 2 },
  { key = "registered_on", label = "登记日期", type = "date", width = 2 },
  { key = "clerk", label = "经办人", type = "text", width = 2 },
  { key = "remarks", label = "备注", type = "multiline", width = 4 },
]
'''


def write(folder: Path, text: str, name: str = "qms-pm-31399.toml") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def problems_of(path: Path) -> list[str]:
    with pytest.raises(FormDefinitionError) as info:
        load(path)
    return info.value.problems


def test_a_good_definition_loads(tmp_path: Path) -> None:
    spec = load(write(tmp_path, GOOD))
    assert spec.number == "qms-pm-31399" and spec.title == "测试登记表"
    assert spec.field("kind").choices == ("甲", "乙")
    assert spec.signatures == ("客户签字", "经办人签字", "日期")


@pytest.mark.parametrize("change, expected", [
    (('type = "phone"', 'type = "fone"'),
     "qms-pm-31399.toml 第1节「基本信息」字段「phone」（联系电话）：未知的字段类型「fone」"),
    (('key = "clerk"', 'key = "phone"'),
     "qms-pm-31399.toml 第1节「基本信息」字段「phone」（经办人）：键名「phone」重复"),
    (('choices = ["甲", "乙"], ', ''),
     "qms-pm-31399.toml 第1节「基本信息」字段「kind」（类别）：选择字段没有选项"),
    (('type = "multiline", width = 4', 'type = "multiline", width = 5'),
     "qms-pm-31399.toml 第1节「基本信息」字段「remarks」（备注）：宽度 width = 5 超出范围（应为 1–4）"),
    (('title = "测试登记表"\n', ''), "qms-pm-31399.toml：缺少标题（title）"),
    (('label = "联系电话", ', ''), "qms-pm-31399.toml 第1节「基本信息」字段「phone」：缺少名称 label"),
    (('required = true', 'requird = true'),
     "qms-pm-31399.toml 第1节「基本信息」字段「unit」（房号/单元）：未知的字段属性「requird」"),
    (('{ key = "clerk", label = "经办人", type = "text", width = 2 },\n', ''),
     "qms-pm-31399.toml：缺少通用字段「clerk」"),
    (('number = "qms-pm-31399"', 'number = "qms-pm-31398"'),
     "qms-pm-31399.toml：表单编号「qms-pm-31398」与文件名「qms-pm-31399.toml」不一致"),
    (('type = "date", width = 2', 'type = "date", unit = "㎡", width = 2'),
     "字段「registered_on」（登记日期）：属性 unit 不适用于 date 类型"),
])
def test_each_broken_definition_names_file_field_and_problem(tmp_path: Path, change: tuple[str, str],
                                                             expected: str) -> None:
    old, new = change
    assert old in GOOD
    problems = problems_of(write(tmp_path, GOOD.replace(old, new, 1)))
    assert any(expected in p for p in problems), problems


def test_a_toml_syntax_error_gives_the_line(tmp_path: Path) -> None:
    broken = GOOD.replace('label = "类别"', 'label = 类别')
    line = broken.splitlines().index(next(ln for ln in broken.splitlines() if "label = 类别" in ln)) + 1
    problems = problems_of(write(tmp_path, broken))
    assert len(problems) == 1
    assert problems[0].startswith(f"qms-pm-31399.toml 第{line}行")
    assert "TOML 格式错误：值的写法不正确" in problems[0]


def test_references_between_fields_are_checked(tmp_path: Path) -> None:
    text = GOOD.replace('{ key = "registered_on", label = "登记日期", type = "date", width = 2 }',
                        '{ key = "registered_on", label = "登记日期", type = "date", after = "nowhere", width = 2 },\n'
                        '  { key = "id_no", label = "证件号码", type = "id_number", depends_on = "clerk" }')
    problems = problems_of(write(tmp_path, text))
    assert any("after 所指的字段「nowhere」不存在" in p for p in problems)
    assert any("depends_on 所指的字段「clerk」应为单选字段" in p for p in problems)


def test_repeating_rows_need_columns_and_a_row_limit(tmp_path: Path) -> None:
    text = GOOD.replace('{ key = "remarks", label = "备注", type = "multiline", width = 4 },',
                        '{ key = "remarks", label = "备注", type = "multiline", width = 4 },\n'
                        '  { key = "keys", label = "钥匙", type = "repeat", fields = [ { key = "no", label = "编号", type = "text" } ] },\n'
                        '  { key = "rows", label = "行", type = "repeat", max_rows = 3 },')
    problems = problems_of(write(tmp_path, text))
    assert any("字段「keys」（钥匙）：重复行须写明最多行数 max_rows" in p for p in problems)
    assert any("字段「rows」（行）：重复行没有列" in p for p in problems)


def test_load_all_collects_every_problem_of_every_file(tmp_path: Path) -> None:
    write(tmp_path, GOOD.replace('type = "phone"', 'type = "fone"'), "qms-pm-31399.toml")
    write(tmp_path, GOOD.replace("31399", "31398").replace('label = "类别"', 'label = 类别'), "qms-pm-31398.toml")
    write(tmp_path, GOOD.replace("31399", "31397"), "qms-pm-31397.toml")
    with pytest.raises(FormDefinitionError) as info:
        load_all(tmp_path)
    problems = info.value.problems
    assert len(problems) == 2
    assert problems[0].startswith("qms-pm-31398.toml 第") and "TOML 格式错误" in problems[0]
    assert problems[1].startswith("qms-pm-31399.toml") and "未知的字段类型「fone」" in problems[1]
    assert str(info.value).startswith("表单定义文件有误（共2处）：\n")


def test_an_empty_or_missing_folder_is_reported(tmp_path: Path) -> None:
    with pytest.raises(FormDefinitionError, match="没有表单定义文件"):
        load_all(tmp_path)
    with pytest.raises(FormDefinitionError, match="找不到表单定义目录"):
        load_all(tmp_path / "nowhere")


def test_the_same_number_twice_is_reported(tmp_path: Path) -> None:
    write(tmp_path, GOOD)
    write(tmp_path, GOOD, "QMS-PM-31399.toml")
    names = {p.name for p in tmp_path.iterdir()}
    if len(names) < 2:  # a case-insensitive file system keeps one file
        pytest.skip("the file system does not tell QMS-PM-31399.toml from qms-pm-31399.toml")
    with pytest.raises(FormDefinitionError, match="表单编号「qms-pm-31399」与 .* 重复"):
        load_all(tmp_path)
