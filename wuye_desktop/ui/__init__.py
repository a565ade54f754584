"""The PySide6 GUI: the only package (with app.py) that imports Qt."""
