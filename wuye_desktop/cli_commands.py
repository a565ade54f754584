"""The sub-commands of the admin command line; later areas add theirs in ``register``."""

from __future__ import annotations

import argparse


def register(sub: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    """Add every sub-command to the parser (each sets ``handler``)."""
    imp = sub.add_parser("import", help="从 Excel 导入")
    imp_sub = imp.add_subparsers(dest="what", metavar="内容", required=True)
    exp = sub.add_parser("export", help="导出为 Excel")
    exp_sub = exp.add_subparsers(dest="what", metavar="内容", required=True)
    del imp_sub, exp_sub  # filled in by the complaint ledger commands
