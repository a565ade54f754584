"""Entry script of the frozen program (PyInstaller): the same ``main`` as the ``wuye-desktop`` command."""

from wuye_desktop.app import main

if __name__ == "__main__":
    raise SystemExit(main())
