"""The 回访与意见 tab (篇4): revisits, the visit programme, questionnaires, opinions, suggestions."""
