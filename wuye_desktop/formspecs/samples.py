"""Plausible filled records for any form definition: for the demo office, tests and benchmarks.

``sample_values(spec, seed)`` returns values that pass ``validate_record`` (checksums computed, dates
in order), deterministic for a seed. Keys the generator does not know get a value by their type.
"""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any, Callable

from wuye_desktop.domain.id_validators import USCC_ALPHABET, id_card_check_char, uscc_check_char
from wuye_desktop.formspecs.model import ID_DOCUMENT_RULES, FieldSpec, FormSpec

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建文辉力婷雪琳晨宇浩然子轩欣怡梓涵"
COMPANIES = ("深圳市华信科技有限公司", "广东粤海贸易有限公司", "中创咨询（深圳）有限公司", "明德律师事务所",
             "鹏城投资管理有限公司", "安达物流有限公司", "新世纪会计师事务所", "博雅教育科技有限公司",
             "日本三和商事株式会社深圳代表处", "德国施密特工业技术有限公司")
FOREIGN_NAMES = ("John SMITH", "Anna MÜLLER", "Hiroshi TANAKA", "Marie DUBOIS", "Kim MIN-JUN", "Carlos GARCIA")
COUNTRIES = ("美国", "德国", "日本", "法国", "韩国", "西班牙", "新加坡", "英国")
PLATE_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"


def person(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


def unit(rng: random.Random) -> str:
    return f"{rng.choice('ABC')}座{rng.randint(2, 32)}{rng.randint(1, 12):02d}"


def mobile(rng: random.Random) -> str:
    return f"1{rng.choice('3589')}{rng.randint(0, 9)}{rng.randint(0, 99999999):08d}"


def landline(rng: random.Random) -> str:
    return f"0755-{rng.randint(2, 8)}{rng.randint(0, 9999999):07d}"


def id_card(rng: random.Random, born: date | None = None) -> str:
    born = born or date(rng.randint(1950, 2002), rng.randint(1, 12), rng.randint(1, 28))
    first17 = f"{rng.choice(('110101', '440304', '310104', '440106', '510107'))}{born:%Y%m%d}{rng.randint(0, 999):03d}"
    return first17 + id_card_check_char(first17)


def uscc(rng: random.Random) -> str:
    body = "91" + f"{rng.choice(('440300', '110105', '310115'))}" + "".join(
        rng.choice(USCC_ALPHABET) for _ in range(9))
    return body + uscc_check_char(body)


def passport(rng: random.Random) -> str:
    return rng.choice("ECGKPX") + f"{rng.randint(0, 99999999):08d}"


def plate(rng: random.Random) -> str:
    if rng.random() < 0.3:
        return f"粤B{rng.choice('DF')}{rng.randint(10000, 99999)}"
    tail = "".join(rng.choice(PLATE_LETTERS[:8] + "0123456789") for _ in range(5))
    return f"粤{rng.choice('BBBSA')}{tail}"


_TEXTS: dict[str, Callable[[random.Random], str]] = {
    "unit": unit,
    "client": lambda r: r.choice(COMPANIES) if r.random() < 0.6 else person(r),
    "clerk": person, "reviewer": person, "reader": person, "applicant": person, "owner": person,
    "holder": person, "employee": person, "contact": person, "legal_rep": person, "chief_rep": person,
    "approver": person, "technician": person, "received_by": person, "returned_to": person, "receiver": person,
    "notified_by": person, "name": person, "name_cn": person, "old_holder": person, "former_user": person,
    "reported_to": lambda r: "管理处主任" + person(r),
    "name_foreign": lambda r: r.choice(FOREIGN_NAMES),
    "org_name_foreign": lambda r: r.choice(("Sanwa Trading Co., Ltd. Shenzhen Representative Office",
                                            "Schmidt Industrietechnik GmbH", "Pacific Rim Consulting Pte. Ltd.")),
    "nationality": lambda r: r.choice(COUNTRIES), "country": lambda r: r.choice(COUNTRIES),
    "chief_nationality": lambda r: r.choice(COUNTRIES),
    "relation": lambda r: r.choice(("配偶", "父亲", "母亲", "子女", "同事", "朋友")),
    "industry": lambda r: r.choice(("信息技术", "商务服务", "金融", "贸易", "法律服务", "教育培训")),
    "staff_detail": lambda r: f"管理人员{r.randint(1, 9)}人、职员{r.randint(5, 60)}人、外籍{r.randint(0, 3)}人",
    "mail_address": lambda r: f"深圳市福田区深南大道{r.randint(1000, 9999)}号{unit(r)}",
    "address": lambda r: f"深圳市南山区科技园{r.randint(1, 30)}栋{r.randint(101, 2508)}",
    "home_address": lambda r: f"深圳市福田区香蜜湖{r.randint(1, 20)}栋{r.randint(101, 3208)}",
    "place": lambda r: r.choice(("A座地下停车场B2层", "B座12层电梯厅", "大堂", "C座天台水箱间", "裙楼商铺区")),
    "zone": lambda r: f"B{r.randint(1, 3)}层{r.choice('ABCD')}区",
    "space_no": lambda r: f"B{r.randint(1, 3)}-{r.randint(1, 480):03d}",
    "space_assigned": lambda r: f"B{r.randint(1, 3)}-{r.randint(1, 480):03d}",
    "permit_no": lambda r: f"TC{r.randint(2026000, 2026999)}",
    "tag_no": lambda r: f"FJ-{r.randint(1, 9999):04d}",
    "card_no": lambda r: f"{r.randint(10000000, 99999999)}",
    "contract_no": lambda r: f"HT-2026-{r.randint(1, 999):03d}",
    "bag_no": lambda r: f"FC{r.randint(1, 9999):04d}",
    "key_no": lambda r: f"K{r.randint(1, 999):03d}",
    "opens": lambda r: r.choice(("入户大门", "房门", "信箱", "阳台门", "办公室内门", "机房门")),
    "item": lambda r: r.choice(("装修押金", "门禁卡押金", "租赁保证金", "水电押金")),
    "receipt_no": lambda r: f"SJ{r.randint(100000, 999999)}",
    "car_model": lambda r: r.choice(("大众帕萨特", "丰田凯美瑞", "比亚迪汉", "特斯拉Model 3", "本田雅阁")),
    "car_colour": lambda r: r.choice(("白色", "黑色", "银色", "灰色", "蓝色")),
    "colour": lambda r: r.choice(("白色", "黑色", "红色", "蓝色")),
    "brand": lambda r: r.choice(("雅迪", "爱玛", "捷安特", "新日", "小牛")),
    "frame_no": lambda r: f"LYD{r.randint(10000000, 99999999)}",
    "parking_area": lambda r: r.choice(("B1层非机动车区", "东侧车棚", "西侧车棚")),
    "install_location": lambda r: f"{unit(r)}前台",
    "location": lambda r: f"{r.choice('ABC')}座{r.randint(2, 32)}层弱电间",
    "old_location": lambda r: f"{unit(r)}经理室", "new_location": lambda r: f"{unit(r)}会议室",
    "numbers_assigned": lambda r: f"{landline(r)}、{landline(r)}",
    "old_value": lambda r: landline(r), "new_value": lambda r: landline(r),
    "reason": lambda r: r.choice(("业务调整", "公司搬迁", "装修期间", "长期外出", "号码转让给新租户")),
    "water_meter_no": lambda r: f"SB{r.randint(100000, 999999)}",
    "electricity_meter_no": lambda r: f"DB{r.randint(100000, 999999)}",
    "approval_no": lambda r: f"深外资备{r.randint(2020, 2026)}{r.randint(1000, 9999)}号",
    "visa_no": lambda r: f"R{r.randint(10000000, 99999999)}",
    "work_permit_no": lambda r: f"{r.randint(100000000, 999999999)}",
    "post": lambda r: r.choice(("总经理", "财务经理", "工程师", "行政主管", "销售代表", "首席代表")),
    "driving_licence": lambda r: f"{r.randint(440300000000, 440399999999)}",
    "wanted_zone": lambda r: f"B{r.randint(1, 3)}层",
    "access_areas": lambda r: f"{r.choice('ABC')}座大堂、{r.randint(2, 32)}层",
    "card_numbers": lambda r: f"{r.randint(10000000, 99999999)}",
    "key_numbers": lambda r: f"K{r.randint(1, 999):03d}",
    "description": lambda r: ("当日下午，B座12层公共卫生间水管接头爆裂，积水漫延至电梯厅并渗入11层天花。"
                              "巡楼保安发现后立即报告中控室，工程部到场关闭楼层总阀，保洁部清理积水。"),
    "people": lambda r: f"保安{person(r)}、工程部{person(r)}、保洁{person(r)}、{unit(r)}客户{person(r)}",
    "measures": lambda r: "关闭楼层供水总阀，设置警示标志，疏导人员；更换爆裂接头，通知受影响客户。",
    "result": lambda r: "当日18:30恢复供水，11层两户天花受潮，已登记并安排修复。",
    "business_scope": lambda r: "从事与本公司有关的业务联络、产品推广、市场调研及技术交流活动。",
    "request": lambda r: "请于月底前开通，前台需一部带来电显示的话机。",
    "remarks": lambda r: r.choice(("", "", "资料已核对原件。", "客户要求电话通知。")),
}


def sample_values(spec: FormSpec, seed: int = 0, *, rows: int | None = None) -> dict[str, Any]:
    """A filled record of ``spec`` (rows of repeating groups: ``rows`` or a random count)."""
    rng = random.Random(f"{spec.number}-{seed}")
    base = date(2026, 3, 1) + timedelta(days=rng.randint(0, 150))
    values: dict[str, Any] = {}
    _fill(spec.fields(), values, rng, base, rows)
    return values


def _fill(fields: Any, values: dict[str, Any], rng: random.Random, base: date, rows: int | None) -> None:
    fields = tuple(fields)
    # fields that must follow another date are filled after it, wherever they sit on the form
    for f in sorted(fields, key=lambda f: bool(f.after)):
        if f.is_repeat:
            assert f.repeat is not None
            count = rows if rows is not None else rng.randint(max(1, f.repeat.min_rows), min(3, f.repeat.max_rows))
            count = min(count, f.repeat.max_rows)
            table = []
            for _ in range(count):
                row: dict[str, Any] = {}
                _fill(f.repeat.fields, row, rng, base, None)
                table.append(row)
            values[f.key] = table
            continue
        if not f.required and f.key != "remarks" and rng.random() < 0.1:
            continue
        values[f.key] = _value(f, rng, base, values, fields)


def _value(f: FieldSpec, rng: random.Random, base: date, values: dict[str, Any], fields: tuple[FieldSpec, ...]) -> Any:
    t = f.type
    if t in ("text", "multiline"):
        maker = _TEXTS.get(f.key)
        text = maker(rng) if maker else (f.hint.split("/")[0].strip() if f.hint else f"{f.label}{rng.randint(1, 99)}")
        limit = f.effective_max_length
        return text[:limit] if limit else text
    if t == "date":
        day = base + timedelta(days=rng.randint(0, 20))
        if f.after and isinstance(values.get(f.after), date):
            day = values[f.after] + timedelta(days=rng.randint(1, 400))
        if f.key == "birth_date":
            day = date(rng.randint(1960, 1998), rng.randint(1, 12), rng.randint(1, 28))
        return day
    if t == "datetime":
        moment = datetime(base.year, base.month, base.day, rng.randint(7, 21), rng.choice((0, 15, 30, 45)))
        if f.after and isinstance(values.get(f.after), datetime):
            moment = values[f.after] + timedelta(minutes=rng.randint(5, 120))
        return moment
    if t == "integer":
        low = int(f.min) if f.min is not None else 0
        high = int(f.max) if f.max is not None else 100
        return rng.randint(max(low, 1), min(high, max(low, 1) + 40))
    if t == "decimal":
        top = float(f.max) if f.max is not None else 1000.0
        number = Decimal(str(round(rng.uniform(1, min(top, 5000.0)), f.decimals)))
        return number.quantize(Decimal(1).scaleb(-f.decimals))
    if t == "money":
        return Decimal(rng.choice((50, 200, 500, 1000, 2000, 3500, 12000))).quantize(Decimal("0.01"))
    if t == "mobile":
        return mobile(rng)
    if t == "landline":
        return landline(rng)
    if t == "phone":
        return mobile(rng) if rng.random() < 0.7 else landline(rng)
    if t == "id_card":
        return id_card(rng)
    if t == "uscc":
        return uscc(rng)
    if t == "passport":
        return passport(rng)
    if t == "id_number":
        rule = ID_DOCUMENT_RULES.get(values.get(f.depends_on, ""), "id_card")
        return {"id_card": id_card, "uscc": uscc, "passport": passport}[rule](rng)
    if t == "plate":
        return plate(rng)
    if t == "email":
        return f"{rng.choice(('info', 'admin', 'li.ming', 'service'))}@{rng.choice(('huaxin', 'pcinv', 'bya'))}.com.cn"
    if t == "choice":
        if f.multiple:
            return tuple(rng.sample(f.choices, rng.randint(1, min(2, len(f.choices)))))
        # an id_type field chooses a document type the sample generator can fill in
        known = [c for c in f.choices if c in ID_DOCUMENT_RULES]
        if known and any(o.depends_on == f.key for o in fields):
            return rng.choice(known)
        return rng.choice(f.choices)
    if t == "bool":
        return rng.random() < 0.7
    raise ValueError(t)
