"""Login, first administrator, own password and the user management page (issue 7)."""
