"""Command line of the client archives (issue 3):

    wuye-desktop [--data-dir D] print-form qms-pm-31301 --blank -o FILE.pdf
    wuye-desktop [--data-dir D] print-form qms-pm-31301 --record ID -o FILE.pdf
    wuye-desktop [--data-dir D] export clients -o FILE.xlsx [--project CODE] [--whole]
    wuye-desktop [--data-dir D] export form qms-pm-31306 -o FILE.xlsx [--project CODE] [--whole]
    wuye-desktop [--data-dir D] import clients FILE.xlsx [--project CODE] [--by NAME]

``register(sub, imp_sub, exp_sub)`` adds them to the one parser of cli_commands. Messages are Chinese;
user mistakes raise DomainError (printed by cli.run, exit code 1), never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from wuye_desktop.domain.errors import DomainError

if TYPE_CHECKING:
    from wuye_desktop.services.container import Services

CLI_OPERATOR = "命令行"


def register(sub: "argparse._SubParsersAction[argparse.ArgumentParser]",
             imp_sub: "argparse._SubParsersAction[argparse.ArgumentParser]",
             exp_sub: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    p = sub.add_parser("print-form", help="打印登记表（PDF）",
                       description="把登记表（qms-pm-31301 … 31318）输出为 A4 PDF：空白表或某条记录。")
    p.add_argument("form", metavar="表单编号", help="如 qms-pm-31301（大小写均可）")
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument("--blank", action="store_true", help="空白表（交给客户填写）")
    which.add_argument("--record", type=int, metavar="ID", help="打印该编号的记录（已填写的表）")
    p.add_argument("-o", "--output", required=True, metavar="文件.pdf", help="要写入的 PDF 文件")
    p.add_argument("--project", metavar="代码", help="空白表上印的管理处（管理处代码）")
    p.add_argument("--by", metavar="姓名", default=CLI_OPERATOR, help="记入查阅记录的操作人（默认：命令行）")
    p.set_defaults(handler=print_form)

    e = exp_sub.add_parser("clients", help="导出客户名单（.xlsx）",
                           description="把客户名单导出为 Excel 工作簿；证件号码和电话默认部分隐藏。")
    e.add_argument("-o", "--output", required=True, metavar="文件.xlsx", help="要写入的文件")
    e.add_argument("--project", metavar="代码", help="只导出该管理处（管理处代码）；省略时导出全公司")
    e.add_argument("--whole", action="store_true", help="完整显示证件号码和电话（会记入查阅记录）")
    e.add_argument("--by", metavar="姓名", default=CLI_OPERATOR, help="记入查阅记录的操作人（默认：命令行）")
    e.set_defaults(handler=export_clients)

    f = exp_sub.add_parser("form", help="导出登记表台账（.xlsx）",
                           description="把某种登记表的全部记录导出为台账；证件号码和电话默认部分隐藏。")
    f.add_argument("form", metavar="表单编号", help="如 qms-pm-31306")
    f.add_argument("-o", "--output", required=True, metavar="文件.xlsx", help="要写入的文件")
    f.add_argument("--project", metavar="代码", help="只导出该管理处（管理处代码）；省略时导出全公司")
    f.add_argument("--whole", action="store_true", help="完整显示证件号码和电话（会记入查阅记录）")
    f.add_argument("--by", metavar="姓名", default=CLI_OPERATOR, help="记入查阅记录的操作人（默认：命令行）")
    f.set_defaults(handler=export_form)

    i = imp_sub.add_parser("clients", help="导入客户名单（.xlsx）",
                           description="导入客户名单（房屋、客户、联系方式、紧急联系人）：有任何错误行时逐行列出并且不导入任何数据。")
    i.add_argument("file", metavar="文件.xlsx", help="客户名单文件")
    i.add_argument("--project", metavar="代码", help="导入到哪个管理处（管理处代码）；只有一个管理处时可省略")
    i.add_argument("--by", metavar="姓名", default="名单导入", help="记为经办人的姓名（默认：名单导入）")
    i.set_defaults(handler=import_clients)


def _project(services: "Services", code: str | None, *, required: bool) -> int | None:
    projects = services.settings.projects()
    codes = "、".join(p.code for p in projects) or "无"
    if code:
        for p in projects:
            if p.code.upper() == code.strip().upper():
                return p.id
        raise DomainError(f"没有代码为「{code}」的管理处（现有：{codes}）")
    if not required:
        return None
    if len(projects) == 1:
        return projects[0].id
    raise DomainError(f"有多个管理处，请用 --project 指定管理处代码（现有：{codes}）")


def _check_suffix(path: Path, suffix: str) -> None:
    if path.suffix.lower() != suffix:
        raise DomainError(f"输出文件应以 {suffix} 结尾：{path}")


def print_form(services: "Services", args: argparse.Namespace) -> int:
    out = Path(args.output)
    _check_suffix(out, ".pdf")
    forms = services.form_records
    if args.blank:
        spec = forms.spec(args.form)
        forms.print_blank(args.form, out, _project(services, args.project, required=False))
        print(f"已输出空白表「{spec.code} {spec.title}」到 {out}")
        return 0
    record = forms.get(args.record)
    if record.form_number != args.form.strip().lower():
        raise DomainError(f"记录 {args.record} 是「{forms.title(record.form_number)}」（{record.form_number.upper()}），"
                          f"不是 {args.form.upper()}")
    forms.print_record(args.record, args.by, out)
    print(f"已输出「{forms.title(record.form_number)}」记录 {args.record} 到 {out}")
    return 0


def export_clients(services: "Services", args: argparse.Namespace) -> int:
    from wuye_desktop.storage.archive_queries import ClientQuery

    out = Path(args.output)
    _check_suffix(out, ".xlsx")
    q = ClientQuery(project_id=_project(services, args.project, required=False))
    try:
        count = services.archive_excel.export_clients(q, out, args.by, whole=bool(args.whole))
    except KeyboardInterrupt:
        print("已取消，未写入文件。", file=sys.stderr)
        return 130
    print(f"已导出 {count} 户客户到 {out}" + ("（证件号码和电话完整显示，已记入查阅记录）" if args.whole else ""))
    return 0


def export_form(services: "Services", args: argparse.Namespace) -> int:
    from wuye_desktop.storage.archive_queries import RecordQuery

    out = Path(args.output)
    _check_suffix(out, ".xlsx")
    spec = services.form_records.spec(args.form)
    q = RecordQuery(spec.number, project_id=_project(services, args.project, required=False))
    try:
        count = services.form_records.export_ledger(q, out, args.by, whole=bool(args.whole))
    except KeyboardInterrupt:
        print("已取消，未写入文件。", file=sys.stderr)
        return 130
    print(f"已导出 {count} 份「{spec.title}」到 {out}")
    return 0


def import_clients(services: "Services", args: argparse.Namespace) -> int:
    project_id = _project(services, args.project, required=True)
    assert project_id is not None
    try:
        preview = services.archive_excel.preview_import(Path(args.file), project_id)
        for warning in preview.warnings:
            print(f"提示：{warning}", file=sys.stderr)
        if preview.errors:
            for e in preview.errors:
                print(f"第{e.row}行【{e.column}】{e.reason}", file=sys.stderr)
            print(f"共 {preview.bad_rows} 行有错误，未导入任何数据。请改正客户名单后重新导入。", file=sys.stderr)
            return 1
        if not preview.rows:
            print("客户名单中没有可导入的客户，未导入任何数据。", file=sys.stderr)
            return 1
        result = services.archive_excel.commit_import(preview, args.by)
        services.archive_links.match_existing(project_id, args.by)
    except KeyboardInterrupt:
        print("已取消，未导入任何数据。", file=sys.stderr)
        return 130
    name = services.settings.project(project_id).name
    print(f"已导入到「{name}」：新房屋 {result.units} 处，新客户 {result.clients} 户，入住记录 {result.stays} 条，"
          f"紧急联系人 {result.contacts} 位。")
    return 0
