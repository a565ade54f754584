"""Audit viewer, recycle bin, backups and the database server page (issue 7)."""
