"""「统计报表」: the monthly complaint statistics workbook and the weekly/monthly analysis report."""
