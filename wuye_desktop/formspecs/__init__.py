"""The 18 registration forms (qms-pm-31301 … 31318) as data: load forms/*.toml, check values.

Sits between export/storage and domain (pyproject.toml import contracts): imports domain only.
"""

from __future__ import annotations

from wuye_desktop.formspecs.loader import FormDefinitionError, load, load_all
from wuye_desktop.formspecs.model import (
    COMMON_KEYS,
    FIELD_TYPES,
    FieldSpec,
    FormSpec,
    RepeatSpec,
    Section,
)
from wuye_desktop.formspecs.values import (
    chosen_options,
    clean_record,
    format_value,
    from_json,
    is_blank,
    mask_value,
    to_json,
    validate_record,
)

__all__ = [
    "COMMON_KEYS", "FIELD_TYPES", "FieldSpec", "FormDefinitionError", "FormSpec", "RepeatSpec", "Section",
    "chosen_options", "clean_record", "format_value", "from_json", "is_blank", "load", "load_all",
    "mask_value", "to_json", "validate_record",
]
