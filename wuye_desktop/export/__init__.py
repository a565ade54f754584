"""Data in, file out: reportlab PDFs and openpyxl workbooks. No Qt, no ORM (ARCHITECTURE.md)."""
