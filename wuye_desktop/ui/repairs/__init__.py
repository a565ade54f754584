"""The 维修与设备 tab (篇1): work orders, equipment, defects and accidents, plans, outsourced works, stock, safety, figures."""
