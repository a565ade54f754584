"""Read forms/*.toml into FormSpec objects and check every definition (issue «Client archives»).

A broken definition is reported at start with the file, the field and the problem — in Chinese,
since the office edits these files itself. ``load_all`` collects the problems of every file into
one FormDefinitionError instead of stopping at the first.
"""

from __future__ import annotations

import re
import tomllib
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from wuye_desktop.domain.errors import DomainError
from wuye_desktop.formspecs.model import (
    COMMON_KEYS,
    COMMON_TYPES,
    DATE_TYPES,
    FIELD_TYPES,
    NUMBER_TYPES,
    TEXT_TYPES,
    FieldSpec,
    FormSpec,
    RepeatSpec,
    Section,
)

NUMBER_RE = re.compile(r"^qms-pm-\d{5}$", re.IGNORECASE)
KEY_RE = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
MAX_LABEL_CHARS = 16
MAX_REPEAT_ROWS = 50

_FORM_ATTRS = {"number", "title", "sections", "signatures", "columns", "label_width", "note", "without_common"}
_SECTION_ATTRS = {"title", "fields"}
_FIELD_ATTRS = {
    "key", "label", "type", "required", "width", "choices", "multiple", "min", "max", "max_length",
    "decimals", "unit", "lines", "after", "not_future", "depends_on", "hint", "list",
    "fields", "max_rows", "min_rows", "blank_rows",
}
_BOOL_ATTRS = ("required", "multiple", "not_future", "list")
_INT_ATTRS = ("width", "max_length", "decimals", "lines", "max_rows", "min_rows", "blank_rows")
_STR_ATTRS = ("key", "label", "type", "unit", "after", "depends_on", "hint")
# Which types each optional attribute applies to.
_APPLIES: dict[str, frozenset[str]] = {
    "choices": frozenset({"choice"}),
    "multiple": frozenset({"choice"}),
    "min": NUMBER_TYPES,
    "max": NUMBER_TYPES,
    "decimals": frozenset({"decimal"}),
    "unit": NUMBER_TYPES,
    "max_length": TEXT_TYPES,
    "lines": TEXT_TYPES,
    "after": DATE_TYPES,
    "not_future": DATE_TYPES,
    "depends_on": frozenset({"id_number"}),
    "fields": frozenset({"repeat"}),
    "max_rows": frozenset({"repeat"}),
    "min_rows": frozenset({"repeat"}),
    "blank_rows": frozenset({"repeat"}),
}
_ATTR_NAMES_ZH = {"number": "表单编号", "title": "标题", "label": "名称", "key": "键名", "type": "类型"}

# tomllib's messages, put into Chinese for the office that edits the file.
_TOML_MESSAGES: tuple[tuple[str, str], ...] = (
    (r"Cannot overwrite a value|Cannot declare .* twice|Duplicate inline table key", "同一个键重复定义"),
    (r"Cannot mutate immutable namespace|Cannot redefine namespace", "表或键的定义互相冲突"),
    (r"Expected '=' after a key", "键名后缺少等号「=」"),
    (r"Expected '\]' at the end of a table", "表名后缺少「]」"),
    (r"Expected '\]\]' at the end of an array", "表数组名后缺少「]]」"),
    (r"Expected newline or end of document", "一行只能写一项，此处多出了内容"),
    (r"Invalid date or datetime", "日期或时间写法不正确"),
    (r"Invalid initial character for a key part", "键名以无效字符开头（中文名称要加引号）"),
    (r"Invalid statement", "无法识别的语句"),
    (r"Invalid value", "值的写法不正确（文字要加英文双引号）"),
    (r"Unclosed array", "方括号「[」没有闭合"),
    (r"Unclosed inline table", "花括号「{」没有闭合（花括号内的表须写在一行，且最后一项后不加逗号）"),
    (r"Unterminated string", "引号没有闭合"),
    (r"Unescaped '\\\\' in a string|Escaped character|Invalid hex value", "字符串中的反斜杠「\\」用法不正确"),
    (r"Illegal character|Found invalid character", "含有不允许的字符"),
)
_TOML_WHERE = re.compile(r"\(at line (\d+), column (\d+)\)|\(at end of document\)")


class FormDefinitionError(DomainError):
    """One or more form definition files are broken; ``problems`` lists each, file and field named."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = list(problems)
        head = f"表单定义文件有误（共{len(self.problems)}处）："
        super().__init__("\n".join([head, *self.problems]))


def load(path: Path | str) -> FormSpec:
    """One definition file → FormSpec; raises FormDefinitionError listing all its problems."""
    problems: list[str] = []
    spec = _load_file(Path(path), problems)
    if problems or spec is None:
        raise FormDefinitionError(problems)
    return spec


def load_all(folder: Path | str) -> dict[str, FormSpec]:
    """Every ``*.toml`` in ``folder`` → {number: FormSpec}, sorted by number.

    All problems of all files are collected into one FormDefinitionError.
    """
    root = Path(folder)
    if not root.is_dir():
        raise FormDefinitionError([f"找不到表单定义目录「{root}」"])
    files = sorted(root.glob("*.toml"))
    if not files:
        raise FormDefinitionError([f"表单定义目录「{root}」中没有表单定义文件（*.toml）"])
    problems: list[str] = []
    specs: dict[str, FormSpec] = {}
    for path in files:
        spec = _load_file(path, problems)
        if spec is None:
            continue
        if spec.number in specs:
            other = specs[spec.number].source
            problems.append(f"{path.name}：表单编号「{spec.number}」与 {other.name if other else ''} 重复")
            continue
        specs[spec.number] = spec
    if problems:
        raise FormDefinitionError(problems)
    return dict(sorted(specs.items()))


# --- one file ---------------------------------------------------------------------------------

def _load_file(path: Path, problems: list[str]) -> FormSpec | None:
    name = path.name
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        problems.append(f"{name}：文件不是 UTF-8 编码，请用 UTF-8 保存")
        return None
    except OSError as exc:
        problems.append(f"{name}：无法读取文件（{exc.strerror or exc}）")
        return None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        problems.append(f"{name}{_toml_where(str(exc))}：TOML 格式错误：{_toml_message(str(exc))}")
        return None
    before = len(problems)
    checker = _Checker(name, problems)
    spec = checker.form(data, path)
    return spec if len(problems) == before else None


def _toml_where(message: str) -> str:
    m = _TOML_WHERE.search(message)
    if not m:
        return ""
    if m.group(1):
        return f" 第{m.group(1)}行第{m.group(2)}列"
    return " 文件末尾"


def _toml_message(message: str) -> str:
    for pattern, chinese in _TOML_MESSAGES:
        if re.search(pattern, message):
            return chinese
    return "写法不正确"


class _Checker:
    """Turns parsed TOML into dataclasses, appending a Chinese message for every problem found."""

    def __init__(self, file_name: str, problems: list[str]) -> None:
        self.file = file_name
        self.problems = problems

    def problem(self, where: str, message: str) -> None:
        self.problems.append(f"{self.file}{(' ' + where) if where else ''}：{message}")

    # --- form ---

    def form(self, data: dict[str, Any], path: Path) -> FormSpec | None:
        for attr in data:
            if attr not in _FORM_ATTRS:
                self.problem("", f"未知的表单属性「{attr}」（可用：{'、'.join(sorted(_FORM_ATTRS))}）")
        number = self._str(data, "number", "", required=True)
        if number and not NUMBER_RE.match(number):
            self.problem("", f"表单编号「{number}」格式不正确，应为 qms-pm-五位数字（如 qms-pm-31301）")
        elif number and path.stem.lower() != number.lower():
            self.problem("", f"表单编号「{number}」与文件名「{path.name}」不一致")
        title = self._str(data, "title", "", required=True)
        columns = self._int(data, "columns", "", 4, low=1, high=6)
        label_width = self._number(data, "label_width", "", Decimal(22), low=Decimal(12), high=Decimal(60))
        note = self._str(data, "note", "")
        signatures = self._str_list(data, "signatures", "", ["客户签字", "经办人签字", "日期"])
        if len(signatures) > 8:
            self.problem("", f"签字栏最多8项（现有{len(signatures)}项）")
        without_common = self._str_list(data, "without_common", "", [])
        for key in without_common:
            if key not in COMMON_KEYS:
                self.problem("", f"without_common 中的「{key}」不是通用字段（通用字段：{'、'.join(COMMON_KEYS)}）")

        raw_sections = data.get("sections")
        sections: list[Section] = []
        if raw_sections is None:
            self.problem("", "缺少分节（[[sections]]）")
        elif not isinstance(raw_sections, list) or not all(isinstance(s, dict) for s in raw_sections):
            self.problem("", "sections 应为分节表数组（[[sections]]）")
        elif not raw_sections:
            self.problem("", "至少需要一个分节")
        else:
            seen: dict[str, str] = {}
            for index, raw in enumerate(raw_sections, start=1):
                section = self.section(raw, index, columns, seen)
                if section is not None:
                    sections.append(section)
            self._check_references(sections)
            present = {f.key: f for s in sections for f in s.fields}
            missing = [k for k in COMMON_KEYS if k not in without_common and k not in present]
            if missing:
                self.problem("", f"缺少通用字段{''.join(f'「{k}」' for k in missing)}（每张表都应有 unit 房号/单元、"
                                 f"client 客户名称、registered_on 登记日期、clerk 经办人、remarks 备注；"
                                 f"确实不需要时在 without_common 中列出）")
            for key in COMMON_KEYS:
                if key in without_common or key not in present:
                    continue
                if present[key].type not in COMMON_TYPES[key]:
                    self.problem(f"字段「{key}」", f"通用字段的类型应为 {' 或 '.join(COMMON_TYPES[key])}，"
                                                  f"而不是「{present[key].type}」")
        if not number or not title:
            return None
        return FormSpec(
            number=number.lower(), title=title, sections=tuple(sections), signatures=tuple(signatures),
            columns=columns, label_width=float(label_width if label_width is not None else 22), note=note,
            without_common=tuple(without_common), source=path,
        )

    # --- section ---

    def section(self, raw: dict[str, Any], index: int, columns: int, seen: dict[str, str]) -> Section | None:
        title = raw.get("title", "")
        where = f"第{index}节" + (f"「{title}」" if isinstance(title, str) and title else "")
        for attr in raw:
            if attr not in _SECTION_ATTRS:
                self.problem(where, f"未知的分节属性「{attr}」（可用：title、fields）")
        if not isinstance(title, str):
            self.problem(where, "分节标题 title 应为文字（加英文双引号）")
            title = ""
        raw_fields = raw.get("fields")
        if not isinstance(raw_fields, list) or not raw_fields:
            self.problem(where, "分节没有字段（fields = [ … ]）")
            return None
        fields: list[FieldSpec] = []
        for position, raw_field in enumerate(raw_fields, start=1):
            spec = self.field(raw_field, where, position, columns, seen, nested=False)
            if spec is not None:
                fields.append(spec)
        return Section(title=title, fields=tuple(fields))

    # --- field ---

    def field(self, raw: Any, section_where: str, position: int, columns: int,
              seen: dict[str, str], *, nested: bool) -> FieldSpec | None:
        if not isinstance(raw, dict):
            self.problem(f"{section_where}第{position}个字段", "字段应写成 { key = …, label = …, type = … }")
            return None
        key = raw.get("key")
        label = raw.get("label")
        if isinstance(key, str) and key:
            where = f"{section_where}字段「{key}」" + (f"（{label}）" if isinstance(label, str) and label else "")
        elif isinstance(label, str) and label:
            where = f"{section_where}字段「{label}」"
        else:
            where = f"{section_where}第{position}个字段"
        ok = True
        for attr in raw:
            if attr not in _FIELD_ATTRS:
                self.problem(where, f"未知的字段属性「{attr}」")
                ok = False
        for attr in _BOOL_ATTRS:
            if attr in raw and not isinstance(raw[attr], bool):
                self.problem(where, f"{attr} 应为 true 或 false")
                ok = False
        for attr in _INT_ATTRS:
            if attr in raw and (isinstance(raw[attr], bool) or not isinstance(raw[attr], int)):
                self.problem(where, f"{attr} 应为整数")
                ok = False
        for attr in _STR_ATTRS:
            if attr in raw and not isinstance(raw[attr], str):
                self.problem(where, f"{attr} 应为文字（加英文双引号）")
                ok = False
        if not ok:
            return None

        if not key:
            self.problem(where, "缺少键名 key")
            ok = False
        elif not KEY_RE.match(key):
            self.problem(where, f"键名「{key}」应为小写英文字母开头的 英文字母/数字/下划线（不超过40个字符）")
            ok = False
        elif key in seen:
            self.problem(where, f"键名「{key}」重复（{seen[key]}已使用）")
            ok = False
        else:
            seen[key] = section_where
        if not label:
            self.problem(where, "缺少名称 label")
            ok = False
        elif len(label) > MAX_LABEL_CHARS:
            self.problem(where, f"名称「{label}」过长（最多{MAX_LABEL_CHARS}个字）")
        type_ = raw.get("type")
        if not type_:
            self.problem(where, "缺少类型 type")
            return None
        if type_ not in FIELD_TYPES:
            self.problem(where, f"未知的字段类型「{type_}」（可用：{'、'.join(FIELD_TYPES)}）")
            return None
        if type_ == "repeat" and nested:
            self.problem(where, "重复行中不能再嵌套重复行")
            return None
        for attr, types in _APPLIES.items():
            if attr in raw and type_ not in types:
                self.problem(where, f"属性 {attr} 不适用于 {type_} 类型（只用于 {'、'.join(sorted(types))}）")
                ok = False

        width_high = 12 if nested else columns
        width = raw.get("width", 1)
        if not 1 <= width <= width_high:
            self.problem(where, f"宽度 width = {width} 超出范围（应为 1–{width_high}）")
            ok = False

        choices: tuple[str, ...] = ()
        if type_ == "choice":
            raw_choices = raw.get("choices")
            if raw_choices is None or raw_choices == []:
                self.problem(where, "选择字段没有选项（choices = [\"…\", \"…\"]）")
                ok = False
            elif not isinstance(raw_choices, list) or not all(isinstance(c, str) and c.strip() for c in raw_choices):
                self.problem(where, "choices 应为文字列表，且选项不能为空")
                ok = False
            else:
                choices = tuple(c.strip() for c in raw_choices)
                dupes = sorted({c for c in choices if choices.count(c) > 1})
                if dupes:
                    self.problem(where, f"选项「{'、'.join(dupes)}」重复")
                    ok = False

        low = self._number(raw, "min", where, None)
        high = self._number(raw, "max", where, None)
        if low is not None and high is not None and low > high:
            self.problem(where, f"最小值 min = {low} 大于最大值 max = {high}")
            ok = False
        max_length = raw.get("max_length")
        if max_length is not None and not 1 <= max_length <= 10000:
            self.problem(where, f"max_length = {max_length} 超出范围（应为 1–10000）")
            ok = False
        decimals = raw.get("decimals", 2)
        if not 0 <= decimals <= 6:
            self.problem(where, f"小数位数 decimals = {decimals} 超出范围（应为 0–6）")
            ok = False
        lines = raw.get("lines", 3 if type_ == "multiline" else 1)
        if not 1 <= lines <= 20:
            self.problem(where, f"行数 lines = {lines} 超出范围（应为 1–20）")
            ok = False
        if type_ == "id_number" and not raw.get("depends_on"):
            self.problem(where, "证件号码字段须用 depends_on 指明证件类型字段")
            ok = False

        repeat: RepeatSpec | None = None
        if type_ == "repeat":
            repeat = self._repeat(raw, where)
            if repeat is None:
                ok = False
        if not ok or not key or not label:
            return None
        return FieldSpec(
            key=key, label=label, type=type_, required=raw.get("required", False), width=width,
            choices=choices, multiple=raw.get("multiple", False), min=low, max=high,
            max_length=max_length, decimals=decimals if type_ == "decimal" else 2,
            unit=raw.get("unit", "元" if type_ == "money" else ""), lines=lines,
            after=raw.get("after", ""), not_future=raw.get("not_future", False),
            depends_on=raw.get("depends_on", ""), hint=raw.get("hint", ""), in_list=raw.get("list", False),
            repeat=repeat,
        )

    def _repeat(self, raw: dict[str, Any], where: str) -> RepeatSpec | None:
        max_rows = raw.get("max_rows")
        if max_rows is None:
            self.problem(where, "重复行须写明最多行数 max_rows")
            return None
        if not 1 <= max_rows <= MAX_REPEAT_ROWS:
            self.problem(where, f"最多行数 max_rows = {max_rows} 超出范围（应为 1–{MAX_REPEAT_ROWS}）")
            return None
        min_rows = raw.get("min_rows", 0)
        if not 0 <= min_rows <= max_rows:
            self.problem(where, f"最少行数 min_rows = {min_rows} 应在 0 与 max_rows = {max_rows} 之间")
            return None
        blank_rows = raw.get("blank_rows", min(max_rows, 5))
        if not 1 <= blank_rows <= max_rows:
            self.problem(where, f"空白表行数 blank_rows = {blank_rows} 应在 1 与 max_rows = {max_rows} 之间")
            return None
        raw_fields = raw.get("fields")
        if not isinstance(raw_fields, list) or not raw_fields:
            self.problem(where, "重复行没有列（fields = [ … ]）")
            return None
        seen: dict[str, str] = {}
        sub: list[FieldSpec] = []
        ok = True
        for position, raw_sub in enumerate(raw_fields, start=1):
            spec = self.field(raw_sub, where, position, 12, seen, nested=True)
            if spec is None:
                ok = False
            else:
                sub.append(spec)
        if not ok:
            return None
        self._check_field_references(sub, where)
        return RepeatSpec(fields=tuple(sub), max_rows=max_rows, min_rows=min_rows, blank_rows=blank_rows)

    # --- references between fields (after, depends_on) ---

    def _check_references(self, sections: list[Section]) -> None:
        self._check_field_references([f for s in sections for f in s.fields], "")

    def _check_field_references(self, fields: list[FieldSpec], where: str) -> None:
        by_key = {f.key: f for f in fields}
        for f in fields:
            field_where = f"{where}字段「{f.key}」"
            if f.after:
                other = by_key.get(f.after)
                if other is None:
                    self.problem(field_where, f"after 所指的字段「{f.after}」不存在")
                elif other.type not in DATE_TYPES:
                    self.problem(field_where, f"after 所指的字段「{f.after}」不是日期字段")
                elif other.key == f.key:
                    self.problem(field_where, "after 不能指向字段本身")
            if f.depends_on:
                other = by_key.get(f.depends_on)
                if other is None:
                    self.problem(field_where, f"depends_on 所指的字段「{f.depends_on}」不存在")
                elif other.type != "choice" or other.multiple:
                    self.problem(field_where, f"depends_on 所指的字段「{f.depends_on}」应为单选字段（证件类型）")

    # --- typed attribute readers ---

    def _str(self, data: dict[str, Any], attr: str, where: str, default: str = "", *, required: bool = False) -> str:
        value = data.get(attr)
        if value is None or value == "":
            if required:
                self.problem(where, f"缺少{_ATTR_NAMES_ZH.get(attr, attr)}（{attr}）")
            return default
        if not isinstance(value, str):
            self.problem(where, f"{attr} 应为文字（加英文双引号）")
            return default
        return value.strip()

    def _int(self, data: dict[str, Any], attr: str, where: str, default: int, *, low: int, high: int) -> int:
        value = data.get(attr, default)
        if isinstance(value, bool) or not isinstance(value, int):
            self.problem(where, f"{attr} 应为整数")
            return default
        if not low <= value <= high:
            self.problem(where, f"{attr} = {value} 超出范围（应为 {low}–{high}）")
            return default
        return value

    def _number(self, data: dict[str, Any], attr: str, where: str, default: Decimal | None, *,
                low: Decimal | None = None, high: Decimal | None = None) -> Decimal | None:
        value = data.get(attr)
        if value is None:
            return default
        if isinstance(value, bool) or not isinstance(value, (int, float, str)):
            self.problem(where, f"{attr} 应为数字")
            return default
        try:
            number = Decimal(str(value))
        except InvalidOperation:
            self.problem(where, f"{attr} = {value!r} 不是数字")
            return default
        if not number.is_finite():
            self.problem(where, f"{attr} 应为有限的数字")
            return default
        if (low is not None and number < low) or (high is not None and number > high):
            self.problem(where, f"{attr} = {value} 超出范围（应为 {low}–{high}）")
            return default
        return number

    def _str_list(self, data: dict[str, Any], attr: str, where: str, default: list[str]) -> list[str]:
        value = data.get(attr)
        if value is None:
            return list(default)
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            self.problem(where, f"{attr} 应为文字列表（如 [\"客户签字\", \"日期\"]）")
            return list(default)
        return [v.strip() for v in value]
