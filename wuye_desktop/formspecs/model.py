"""The registration forms as data: FormSpec → Section → FieldSpec (→ RepeatSpec for repeating rows).

One FormSpec drives the entry dialog (ui), the validation (formspecs.values), the PDF
(export.pdf_forms) and the ledger; see forms/README.md for the file format.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Iterator

# Field types a definition may use. "id_number" is an identity document number whose rule
# (居民身份证 / 统一社会信用代码 / 护照) follows the value of the choice field named by ``depends_on``.
TEXT_TYPES = frozenset({"text", "multiline"})
PHONE_TYPES = frozenset({"mobile", "landline", "phone"})
ID_TYPES = frozenset({"id_card", "uscc", "passport", "id_number"})
NUMBER_TYPES = frozenset({"integer", "decimal", "money"})
DATE_TYPES = frozenset({"date", "datetime"})
FIELD_TYPES: tuple[str, ...] = (
    "text", "multiline", "date", "datetime", "integer", "decimal", "money",
    "mobile", "landline", "phone", "id_card", "uscc", "passport", "id_number",
    "plate", "email", "choice", "bool", "repeat",
)
# Types whose values are personal data, masked in lists and exports (PIPL).
MASKED_ID_TYPES = ID_TYPES
MASKED_PHONE_TYPES = PHONE_TYPES

# The fields every form carries unless its definition says otherwise (FORMS.md): the keys are
# fixed so that services can link a record to its unit and client.
COMMON_KEYS: tuple[str, ...] = ("unit", "client", "registered_on", "clerk", "remarks")
COMMON_TYPES: dict[str, tuple[str, ...]] = {
    "unit": ("text",),
    "client": ("text",),
    "registered_on": ("date",),
    "clerk": ("text",),
    "remarks": ("multiline", "text"),
}

# Which rule an id_number field applies for each document type a choice field may name.
ID_DOCUMENT_RULES: dict[str, str] = {
    "居民身份证": "id_card",
    "身份证": "id_card",
    "统一社会信用代码": "uscc",
    "营业执照": "uscc",
    "护照": "passport",
}

DEFAULT_MAX_LENGTH: dict[str, int] = {"text": 100, "multiline": 1000}


@dataclass(frozen=True)
class RepeatSpec:
    """Repeating rows (e.g. up to three emergency contacts): the columns and how many rows."""

    fields: tuple["FieldSpec", ...]
    max_rows: int
    min_rows: int = 0
    # Rows printed on paper before any overflow: a blank form shows this many empty rows.
    blank_rows: int = 3

    def field(self, key: str) -> "FieldSpec":
        for f in self.fields:
            if f.key == key:
                return f
        raise KeyError(key)


@dataclass(frozen=True)
class FieldSpec:
    key: str
    label: str
    type: str
    required: bool = False
    # Span in the form's grid (1 … FormSpec.columns); inside a repeat, the relative column width.
    width: int = 1
    choices: tuple[str, ...] = ()
    multiple: bool = False  # choice: several options may be ticked
    min: Decimal | None = None
    max: Decimal | None = None
    max_length: int | None = None
    decimals: int = 2  # decimal: places kept
    unit: str = ""  # printed after a decimal/money/integer value: ㎡, m³, kWh, 元, 人
    lines: int = 1  # writing lines a blank form leaves for the value (multiline fields)
    after: str = ""  # key of a date field this date must not precede (valid-until ≥ issued-on)
    not_future: bool = False  # a date/date-time that cannot lie after today
    depends_on: str = ""  # id_number: the choice field holding the document type
    hint: str = ""  # a short example shown in the entry dialog (e.g. 粤B12345)
    in_list: bool = False  # a column of the form's list and ledger
    repeat: RepeatSpec | None = None

    @property
    def is_repeat(self) -> bool:
        return self.type == "repeat"

    @property
    def options(self) -> tuple[str, ...]:
        """What paper prints as ☐ boxes: the choices, or 是/否 for a yes/no field."""
        if self.type == "bool":
            return ("是", "否")
        return self.choices if self.type == "choice" else ()

    @property
    def effective_max_length(self) -> int | None:
        return self.max_length if self.max_length is not None else DEFAULT_MAX_LENGTH.get(self.type)

    @property
    def masked(self) -> bool:
        return self.type in MASKED_ID_TYPES or self.type in MASKED_PHONE_TYPES


@dataclass(frozen=True)
class Section:
    title: str
    fields: tuple[FieldSpec, ...]


@dataclass(frozen=True)
class FormSpec:
    number: str  # qms-pm-31301 (lower case, as the file name)
    title: str
    sections: tuple[Section, ...]
    signatures: tuple[str, ...] = ("客户签字", "经办人签字", "日期")
    columns: int = 4
    label_width: float = 22.0  # millimetres of each label cell on paper
    note: str = ""  # small print under the signatures (e.g. 本表一式两份)
    without_common: tuple[str, ...] = ()
    source: Path | None = field(default=None, compare=False)

    @property
    def code(self) -> str:
        """The number as printed in the top corner: QMS-PM-31301."""
        return self.number.upper()

    def fields(self) -> Iterator[FieldSpec]:
        """Top-level fields in order (a repeat field stands for its rows)."""
        for section in self.sections:
            yield from section.fields

    def field(self, key: str) -> FieldSpec:
        for f in self.fields():
            if f.key == key:
                return f
        raise KeyError(key)

    def has_field(self, key: str) -> bool:
        return any(f.key == key for f in self.fields())

    def list_fields(self) -> tuple[FieldSpec, ...]:
        """Columns of the form's list and ledger: the fields marked ``list = true``, else the first six."""
        marked = tuple(f for f in self.fields() if f.in_list)
        if marked:
            return marked
        return tuple(f for f in self.fields() if not f.is_repeat and f.type != "multiline")[:6]
