"""Links between the registration forms that a good system makes for the clerk (FORMS.md):

- 31316 (an employee left) lists that person's live 31313 cards and the 31317 keys they may collect,
  revoked in one click the same day;
- 31306 permits and 31305 spaces refer to each other (by space number and plate);
- expiry reminders: permits, cards, foreign employees' visas (31311), leases (31301, 31305) …;
- 31318 readings of one meter form a series (a lower reading needs a confirmation, see FormRecordService);
- 31307–31310 and 31314: the life of one phone number reads as one list.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import and_, select

from wuye_desktop.domain import archives as arc
from wuye_desktop.domain.errors import ValidationError
from wuye_desktop.services.archives_views import FormRecordView, LinkedRecord, MeterPoint, ReminderView
from wuye_desktop.services.clock import Clock
from wuye_desktop.formspecs.values import from_json
from wuye_desktop.services.form_records import FormRecordService, meter_identity, person_key, summary
from wuye_desktop.storage.models_archives import FormRecordRow
from wuye_desktop.storage.uow import UowFactory

LEAVER = "qms-pm-31316"
CARD = "qms-pm-31313"
KEYS = "qms-pm-31317"
SPACE = "qms-pm-31305"
PERMIT = "qms-pm-31306"
METER = "qms-pm-31318"


class FormLinkService:
    def __init__(self, uow: UowFactory, clock: Clock, forms: FormRecordService) -> None:
        self._uow = uow
        self._clock = clock
        self._forms = forms

    def _linked(self, v: FormRecordView, state: str = "") -> LinkedRecord:
        spec = self._forms.spec(v.form_number)
        return LinkedRecord(v.id, v.form_number, spec.title, v.registered_on, summary(spec, v.values), state,
                            v.unit_text, v.client_text)

    # --- 31316: a leaver's cards and keys ------------------------------------------------------------------------
    def leaver_items(self, leaver_id: int) -> tuple[list[LinkedRecord], list[LinkedRecord]]:
        """(live 31313 cards, 31317 custodies the person may still collect from) of the leaver."""
        leaver = self._forms.get(leaver_id)
        if leaver.form_number != LEAVER:
            raise ValidationError.single("record", "只有「辞职、辞退员工名单记录表」可以收回身份卡和钥匙")
        cards, keys = self._leaver_records(leaver)
        return ([self._linked(c, str(c.values.get("card_state") or "")) for c in cards],
                [self._linked(k, "代管中") for k in keys])

    def _leaver_records(self, leaver: FormRecordView) -> tuple[list[FormRecordView], list[FormRecordView]]:
        name = person_key(str(leaver.values.get("employee") or ""))
        id_no = str(leaver.values.get("id_no") or "").strip().upper()
        found: dict[int, FormRecordView] = {}
        for kind, value in (("person", name), ("idno", id_no)):
            if value:
                for v in self._forms.with_key(kind, value, (CARD, KEYS), leaver.project_id):
                    found[v.id] = v

        def same_person(v: FormRecordView, who: dict[str, object]) -> bool:
            other_id = str(who.get("id_no") or "").strip().upper()
            if id_no and other_id:
                return other_id == id_no  # an ID number decides when both records have one
            return person_key(str(who.get("holder") or who.get("name") or who.get("applicant") or "")) == name

        def same_company(v: FormRecordView) -> bool:
            if leaver.client_id is not None and v.client_id is not None:
                return leaver.client_id == v.client_id
            return arc.unit_key(v.client_text) == arc.unit_key(leaver.client_text) or not v.client_text

        cards = [v for v in found.values() if v.form_number == CARD and v.values.get("card_state") == "有效"
                 and same_person(v, v.values) and same_company(v)]
        keys = [v for v in found.values() if v.form_number == KEYS and not v.values.get("returned_on")
                and same_company(v) and any(same_person(v, row) for row in v.values.get("collectors") or [])]
        return sorted(cards, key=lambda v: v.id), sorted(keys, key=lambda v: v.id)

    def revoke(self, leaver_id: int, card_ids: list[int], key_ids: list[int], by: str) -> int:
        """One click: cancel the cards, withdraw the person's right to collect keys, note it on 31316."""
        leaver = self._forms.get(leaver_id)
        cards, keys = self._leaver_records(leaver)
        live_cards = {c.id: c for c in cards}
        live_keys = {k.id: k for k in keys}
        today = self._clock().date()
        employee = str(leaver.values.get("employee") or "")
        note = f"{today:%Y-%m-%d} 因{employee}{leaver.values.get('leave_kind') or '离职'}注销（{arc_code(LEAVER)}）"
        done = 0
        card_numbers = []
        for card_id in card_ids:
            card = live_cards.get(card_id)
            if card is None:
                continue
            self._forms.set_values(card_id, {"card_state": "注销"}, by, note)
            card_numbers.append(str(card.values.get("card_no") or ""))
            done += 1
        id_no = str(leaver.values.get("id_no") or "").strip().upper()
        for key_id in key_ids:
            custody = live_keys.get(key_id)
            if custody is None:
                continue
            rows = [row for row in custody.values.get("collectors") or []
                    if not ((id_no and str(row.get("id_no") or "").upper() == id_no)
                            or person_key(str(row.get("name") or "")) == person_key(employee))]
            self._forms.set_values(key_id, {"collectors": rows}, by,
                                   f"{today:%Y-%m-%d} 取消{employee}的领取资格（{arc_code(LEAVER)}）")
            done += 1
        if done:
            changes: dict[str, object] = {}
            if card_numbers:
                old = str(leaver.values.get("card_numbers") or "")
                changes["card_numbers"] = "、".join(x for x in (old, *card_numbers) if x)[:100]
            left = leaver.values.get("left_on")
            if not leaver.values.get("revoked_on") and (not isinstance(left, date) or left <= today):
                changes["revoked_on"] = today
            self._forms.set_values(leaver_id, changes, by, f"{today:%Y-%m-%d} 已注销身份卡{len(card_numbers)}张、"
                                                           f"取消钥匙领取资格{done - len(card_numbers)}处")
        return done

    # --- 31305 ⇄ 31306 ------------------------------------------------------------------------------------------------
    def parking_links(self, record_id: int) -> list[LinkedRecord]:
        """A space's permits, or a permit's space (and other permits of the same space or plate)."""
        v = self._forms.get(record_id)
        if v.form_number not in (SPACE, PERMIT):
            return []
        today = self._clock().date()
        found: dict[int, FormRecordView] = {}
        space = str(v.values.get("space_no") or "").strip().upper()
        plate = str(v.values.get("plate") or "")
        for kind, value in (("space", space), ("plate", plate)):
            if value:
                for other in self._forms.with_key(kind, value, (SPACE, PERMIT), v.project_id):
                    if other.id != v.id:
                        found[other.id] = other
        result = []
        for other in sorted(found.values(), key=lambda o: (o.form_number, o.registered_on or date.min)):
            state = ""
            if other.form_number == PERMIT:
                until = other.values.get("valid_until")
                state = "已过期" if isinstance(until, date) and until < today else "有效"
            else:
                state = str(other.values.get("space_state") or "")
            result.append(self._linked(other, state))
        return result

    # --- expiry reminders ------------------------------------------------------------------------------------------------
    def reminders(self, project_id: int | None, within_days: int = arc.DEFAULT_REMINDER_DAYS,
                  include_expired_days: int = 365) -> list[ReminderView]:
        """Records running out within ``within_days`` (and those past due up to a year), soonest first."""
        today = self._clock().date()
        r = FormRecordRow
        stmt = select(r).where(and_(r.expires_on.is_not(None), r.expires_on <= today + timedelta(days=within_days),
                                    r.expires_on >= today - timedelta(days=include_expired_days)))
        if project_id is not None:
            stmt = stmt.where(r.project_id == project_id)
        result = []
        with self._uow() as uow:
            for row in uow.session.scalars(stmt.order_by(r.expires_on, r.id).limit(2000)):
                spec = self._forms.specs.get(row.form_number)
                rule = arc.EXPIRY_BY_FORM.get(row.form_number)
                if spec is None or rule is None or row.expires_on is None:
                    continue
                values = from_json(spec, row.data or {})
                result.append(ReminderView(row.id, row.form_number, spec.title, rule.what,
                                           _subject(row.form_number, values), row.unit_text, row.client_text,
                                           row.expires_on, arc.days_left(row.expires_on, today),
                                           arc.expiry_text(row.expires_on, today)))
        return result

    # --- 31318: a meter's readings ------------------------------------------------------------------------------------------
    def meter_series(self, record_id: int) -> list[MeterPoint]:
        """Every reading of the meters of this 31318 record, oldest first."""
        v = self._forms.get(record_id)
        if v.form_number != METER:
            return []
        found: dict[int, FormRecordView] = {v.id: v}
        for kind, field in (("water", "water_meter_no"), ("power", "electricity_meter_no")):
            identity = meter_identity(v.values.get(field), v.unit_text)
            for other in self._forms.with_key(kind, identity, (METER,), v.project_id):
                found[other.id] = other
        points = []
        for o in found.values():
            read_on = o.values.get("read_on")
            if not isinstance(read_on, date):
                continue
            points.append(MeterPoint(o.id, read_on, str(o.values.get("occasion") or ""),
                                     str(o.values.get("water_meter_no") or ""), _dec(o.values.get("water_reading")),
                                     str(o.values.get("electricity_meter_no") or ""),
                                     _dec(o.values.get("electricity_reading")), o.confirmation))
        return sorted(points, key=lambda p: (p.read_on, p.record_id))

    # --- one phone number's life --------------------------------------------------------------------------------------------
    def phone_history(self, number: str, project_id: int | None = None) -> list[LinkedRecord]:
        """31307 installation, 31308 changes, 31309 spare, 31310 transfer, 31314 moves of one line, by date."""
        key = arc.phone_key(number)
        if len(key) < 7:
            raise ValidationError.single("phone", f"电话号码「{number}」不完整")
        records = self._forms.with_key("line", key, tuple(arc.PHONE_FORMS), project_id)
        records.sort(key=lambda v: (v.registered_on or date.min, v.id))
        return [self._linked(v, _phone_state(v)) for v in records]


def arc_code(number: str) -> str:
    return number.upper()


def _dec(value: object) -> Decimal | None:
    return value if isinstance(value, Decimal) else None


def _subject(number: str, values: dict[str, object]) -> str:
    """What a reminder is about, in a few characters: permit and plate, card and holder, employee …"""
    keys = {"qms-pm-31306": ("permit_no", "plate"), "qms-pm-31313": ("card_no", "holder"),
            "qms-pm-31311": ("name_foreign", "nationality"), "qms-pm-31301": ("client",),
            "qms-pm-31305": ("space_no", "plate"), "qms-pm-31303": ("tag_no", "owner"),
            "qms-pm-31312": ("client",), "qms-pm-31317": ("bag_no", "applicant")}.get(number, ("client",))
    return " ".join(str(values.get(k) or "") for k in keys if values.get(k))


def _phone_state(v: FormRecordView) -> str:
    values = v.values
    for key in ("change_kind", "state"):
        if values.get(key):
            return str(values[key])
    if v.form_number == "qms-pm-31310":
        return f"过户给{values.get('client') or ''}"
    if v.form_number == "qms-pm-31314":
        return "移机"
    if v.form_number == "qms-pm-31307":
        return "报装"
    return ""
