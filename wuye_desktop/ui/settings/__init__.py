"""The settings dialog: company and projects, departments, staff, the work calendar, desk options."""
