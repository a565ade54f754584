"""The 客户档案 tab (篇3): clients, units, the 18 registration forms, reminders, complaint links, access log."""
