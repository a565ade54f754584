"""「工作台」: today's deadlines, emergencies, the month's KPI tiles and charts — the first tab."""
