"""Themed questionnaires (篇4 二.2(5)): design, blank PDF, returned answers, results, Excel export.

Each non-empty free-text answer is also an opinion item to handle (篇4 二.1(4)).
"""

from __future__ import annotations

import builtins

from datetime import datetime, time
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from wuye_desktop.domain.errors import NotFoundError, TransitionError
from wuye_desktop.domain.revisit_survey import (
    Question,
    QuestionKind,
    QuestionnaireDraft,
    ResponseDraft,
    tally,
)
from wuye_desktop.domain.revisit_voice import OpinionSource
from wuye_desktop.services import revisits_export
from wuye_desktop.services.clock import Clock
from wuye_desktop.services.edit_conflict import EditShape
from wuye_desktop.services.revisits_views import QuestionnaireView, ResponseView, SurveyResults
from wuye_desktop.services.revisits_voice import new_opinion, project_of
from wuye_desktop.services.settings import SettingsService
from wuye_desktop.storage.models_revisits import QuestionnaireRow, QuestionRow, ResponseRow
from wuye_desktop.storage.uow import UowFactory


def question_summary(kind: str, text: str, options: tuple[str, ...], scale: int) -> str:
    """One question as the 「保存冲突」 dialog shows and compares it: 「单选：题目（甲、乙）」."""
    if kind in (QuestionKind.SINGLE.value, QuestionKind.MULTIPLE.value):
        return f"{kind}：{text.strip()}（{'、'.join(o.strip() for o in options if o.strip())}）"
    if kind == QuestionKind.RATING.value:
        return f"{kind}：{text.strip()}（最高{scale}分）"
    return f"{kind}：{text.strip()}"


# What 修改问卷 edits (issue 7); the questions compare as one line each.
SURVEY_EDIT: EditShape[QuestionnaireView] = EditShape(
    "问卷", {"title": "问卷标题", "intro": "问卷说明", "issued_on": "发放日期", "questions": "题目"}, lambda v: v.title,
    {"questions": lambda v: tuple(question_summary(q.kind.value, q.text, q.options, q.scale) for q in v.questions)})


def _questions(row: QuestionnaireRow) -> tuple[Question, ...]:
    return tuple(Question(str(q.id), q.position, QuestionKind(q.kind), q.text, tuple(q.options or ()), q.scale)
                 for q in sorted(row.questions, key=lambda q: q.position))


class SurveyService:
    def __init__(self, uow: UowFactory, clock: Clock, settings: SettingsService) -> None:
        self._uow = uow
        self._clock = clock
        self._settings = settings

    def list(self, project_id: int | None) -> builtins.list[QuestionnaireView]:
        with self._uow() as uow:
            s = uow.session
            stmt = select(QuestionnaireRow).order_by(QuestionnaireRow.created_at.desc(), QuestionnaireRow.id.desc())
            if project_id is not None:
                stmt = stmt.where(QuestionnaireRow.project_id == project_id)
            rows = list(s.scalars(stmt))
            counts = _pairs(s.execute(select(ResponseRow.questionnaire_id, func.count(ResponseRow.id))
                                    .group_by(ResponseRow.questionnaire_id)))
            return [self._view(r, counts.get(r.id, 0)) for r in rows]

    def get(self, questionnaire_id: int) -> QuestionnaireView:
        with self._uow() as uow:
            row = self._load(uow.session, questionnaire_id)
            return self._view(row, self._count(uow.session, row.id))

    def save(self, project_id: int, draft: QuestionnaireDraft, questionnaire_id: int | None = None,
             expected_version: int | None = None) -> QuestionnaireView:
        """Create or change a questionnaire; its questions are frozen once answers are entered.
        ``expected_version`` (the view's) refuses a change over someone else's (issue 7)."""
        draft.validate()
        now = self._clock()
        with self._uow() as uow:
            s = uow.session
            project_of(s, project_id)
            row = self._load(s, questionnaire_id) if questionnaire_id else None
            if row is not None:
                found = row
                SURVEY_EDIT.check(found, expected_version, lambda: self._view(found, self._count(s, found.id)))
            locked = row is not None and self._count(s, row.id) > 0
            if row is None:
                row = QuestionnaireRow(project_id=project_id, created_at=now)
                s.add(row)
            elif locked:
                same = [(q.kind.value, q.text, q.options, q.scale) for q in _questions(row)] == [
                    (d.kind, d.text.strip(), d.cleaned().options, d.scale) for d in draft.questions]
                if not same:
                    raise TransitionError("该问卷已录入答卷，题目不能再修改（可修改标题和说明，或另建一份问卷）")
            row.title, row.intro, row.issued_on = draft.title.strip(), draft.intro.strip(), draft.issued_on
            if not locked:
                if row.id is not None and [(q.kind.value, q.text, q.options, q.scale) for q in _questions(row)] != [
                        (d.kind, d.text.strip(), d.cleaned().options, d.scale) for d in draft.questions]:
                    # Other questions alone leave the row's columns as they were: the version moves on by hand
                    # (still checked against the one read, issue 7).
                    row.version = row.version + 1
                row.questions.clear()
                s.flush()
                for i, d in enumerate(draft.questions, start=1):
                    d = d.cleaned()
                    kind = QuestionKind(d.kind)
                    row.questions.append(QuestionRow(
                        position=i, kind=kind.value, text=d.text,
                        options=list(d.options) if kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE) else [],
                        scale=d.scale if kind is QuestionKind.RATING else 5))
            SURVEY_EDIT.commit(uow, lambda: self.get(questionnaire_id or 0))
            return self._view(row, self._count(s, row.id))

    def responses(self, questionnaire_id: int) -> builtins.list[ResponseView]:
        with self._uow() as uow:
            rows = uow.session.scalars(select(ResponseRow).where(ResponseRow.questionnaire_id == questionnaire_id)
                                       .order_by(ResponseRow.returned_on, ResponseRow.id))
            return [ResponseView(r.id, r.respondent, r.unit, r.returned_on, dict(r.answers or {}), r.entered_by)
                    for r in rows]

    def add_response(self, questionnaire_id: int, draft: ResponseDraft, by: str) -> ResponseView:
        """Enter one returned questionnaire; free-text answers become opinion items."""
        now = self._clock()
        with self._uow() as uow:
            s = uow.session
            row = self._load(s, questionnaire_id)
            questions = list(_questions(row))
            answers = draft.validate(questions, now.date())
            assert draft.returned_on is not None
            response = ResponseRow(questionnaire_id=row.id, respondent=draft.respondent.strip(),
                                   unit=draft.unit.strip(), returned_on=draft.returned_on, answers=answers,
                                   entered_by=by.strip(), created_at=now)
            s.add(response)
            s.flush()
            heard = datetime.combine(draft.returned_on, time(12, 0))
            for q in questions:
                if q.kind is QuestionKind.TEXT and answers.get(q.key):
                    new_opinion(s, row.project_id, OpinionSource.QUESTIONNAIRE.value, min(heard, now),
                                str(answers[q.key]), now, resident=draft.respondent.strip(), unit=draft.unit.strip(),
                                source_ref=f"{row.title}·第{q.position}题", response_id=response.id)
            uow.commit()
            return ResponseView(response.id, response.respondent, response.unit, response.returned_on,
                                dict(response.answers), response.entered_by)

    def results(self, questionnaire_id: int) -> SurveyResults:
        view = self.get(questionnaire_id)
        answers = [r.answers for r in self.responses(questionnaire_id)]
        return SurveyResults(view, tuple(tally(list(view.questions), answers)))

    def write_blank_pdf(self, questionnaire_id: int, out: Path) -> Path:
        from wuye_desktop.export import pdf_revisits  # lazy import: a faster start (issue 8)
        view = self.get(questionnaire_id)
        with self._uow() as uow:
            project = project_of(uow.session, view.project_id).name
        sheet = pdf_revisits.QuestionnaireSheet(
            company=self._settings.company_name(), project=project, title=view.title, intro=view.intro,
            questions=tuple(pdf_revisits.SheetQuestion(q.kind.value, q.text, q.options, q.scale)
                            for q in view.questions))
        return pdf_revisits.write_blank_questionnaire(sheet, out)

    def export_answers(self, questionnaire_id: int, out: Path) -> Path:
        results = self.results(questionnaire_id)
        return revisits_export.answers_workbook(results, self.responses(questionnaire_id), out)

    # --- helpers --------------------------------------------------------------------------------------
    @staticmethod
    def _load(s: Session, questionnaire_id: int | None) -> QuestionnaireRow:
        row = s.get(QuestionnaireRow, questionnaire_id) if questionnaire_id else None
        if row is None:
            raise NotFoundError("该问卷不存在或已被删除")
        return row

    @staticmethod
    def _count(s: Session, questionnaire_id: int | None) -> int:
        if questionnaire_id is None:
            return 0
        return s.scalar(select(func.count(ResponseRow.id)).where(ResponseRow.questionnaire_id == questionnaire_id)) or 0

    @staticmethod
    def _view(row: QuestionnaireRow, responses: int) -> QuestionnaireView:
        return QuestionnaireView(row.id, row.project_id, row.title, row.intro, row.issued_on, _questions(row),
                                 responses, row.version)


def _pairs(result: Any) -> dict[Any, Any]:
    """Two-column query rows as a dict."""
    return {row[0]: row[1] for row in result}
