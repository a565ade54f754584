"""Stock arithmetic for spare parts and lendable tools (篇1 §6 「备品备件…的使用和管理」).

Taking more than is on hand would leave negative stock — possible in real life (a part used
before its delivery was booked) but never silently: the clerk must confirm it explicitly.
Lending is different: a tool that is not on the shelf cannot be lent, so that is refused.
"""

from __future__ import annotations

from dataclasses import dataclass

from wuye_desktop.domain.errors import DomainError, ValidationError


class StockShortage(DomainError):
    """Taking ``requested`` would leave negative stock; retry with ``confirm_negative=True``."""

    def __init__(self, name: str, unit: str, on_hand: int, requested: int) -> None:
        self.name, self.unit, self.on_hand, self.requested = name, unit, on_hand, requested
        super().__init__(f"「{name}」库存只有{on_hand}{unit}，本次领用{requested}{unit}后库存将为"
                         f"{on_hand - requested}{unit}。确认实物已领出、稍后补录入库吗？")


@dataclass(frozen=True)
class StockLevel:
    on_hand: int
    lent_out: int = 0
    reorder_level: int = 0

    @property
    def available(self) -> int:
        """What is on the shelf now (owned minus lent out)."""
        return self.on_hand - self.lent_out

    @property
    def negative(self) -> bool:
        return self.on_hand < 0

    @property
    def needs_reorder(self) -> bool:
        """Flagged when stock falls below the reorder level (issue 4: 「低于补货线」)."""
        return self.reorder_level > 0 and self.on_hand < self.reorder_level


def take(name: str, unit: str, on_hand: int, quantity: int, confirm_negative: bool = False) -> int:
    """The balance after taking ``quantity``; refuses a non-positive quantity and, unless
    confirmed, a balance below zero."""
    if quantity <= 0:
        raise ValidationError.single("quantity", "领用数量应大于0")
    balance = on_hand - quantity
    if balance < 0 and not confirm_negative:
        raise StockShortage(name, unit, on_hand, quantity)
    return balance


def give_back(taken: int, returned: int) -> None:
    """A return can never exceed what the order took."""
    if returned <= 0:
        raise ValidationError.single("quantity", "退料数量应大于0")
    if returned > taken:
        raise ValidationError.single("quantity", f"退料数量不能超过该工单已领用的{taken}")


def adjust(on_hand: int, delta: int, reason: str) -> int:
    if delta == 0:
        raise ValidationError.single("quantity", "数量不能为0")
    if reason == "采购入库" and delta < 0:
        raise ValidationError.single("quantity", "采购入库的数量应大于0")
    if reason == "报损" and delta > 0:
        raise ValidationError.single("quantity", "报损的数量应为负数（减少库存）")
    balance = on_hand + delta
    if balance < 0 and reason != "盘点调整":
        raise ValidationError.single("quantity", f"库存只有{on_hand}，不能减少{-delta}")
    if balance < 0:
        raise ValidationError.single("quantity", "盘点后的库存不能为负数")
    return balance


def lend(level: StockLevel, quantity: int) -> None:
    if quantity <= 0:
        raise ValidationError.single("quantity", "借出数量应大于0")
    if quantity > level.available:
        raise ValidationError.single("quantity", f"在库只有{max(level.available, 0)}件，不能借出{quantity}件")
