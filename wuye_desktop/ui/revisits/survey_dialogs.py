"""Designing a themed questionnaire and entering a returned one (篇4 二.2(5))."""

from __future__ import annotations

import re

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from wuye_desktop.domain.revisit_survey import (
    MAX_QUESTIONS,
    Question,
    QuestionDraft,
    QuestionKind,
    QuestionnaireDraft,
    ResponseDraft,
)
from wuye_desktop.services.revisits_survey import SURVEY_EDIT, question_summary
from wuye_desktop.services.revisits_views import QuestionnaireView
from wuye_desktop.ui.common.field_widgets import choice, date_edit, from_qdate, line, text_area
from wuye_desktop.ui.context import UiContext
from wuye_desktop.ui.revisits.common import FormDialog

OPTION_SPLIT = re.compile(r"[、，,;；/\n]+")


class QuestionRow(QWidget):
    """One question being designed: type, text, options (「、」 between them) or the top score."""

    def __init__(self, draft: QuestionDraft | None = None) -> None:
        super().__init__()
        self.kind = choice([k.value for k in QuestionKind], draft.kind if draft else QuestionKind.SINGLE.value)
        self.text = line(draft.text if draft else "", "题目")
        self.options = line("、".join(draft.options) if draft else "", "选项，用「、」分隔，如 满意、基本满意、不满意")
        self.scale = QSpinBox()
        self.scale.setRange(3, 10)
        self.scale.setValue(draft.scale if draft else 5)
        self.scale.setPrefix("最高 ")
        self.scale.setSuffix(" 分")
        self.remove = QPushButton("删除")
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.kind)
        row.addWidget(self.text, 3)
        row.addWidget(self.options, 3)
        row.addWidget(self.scale)
        row.addWidget(self.remove)
        self.kind.currentTextChanged.connect(self._kind_changed)
        self._kind_changed(self.kind.currentText())

    @Slot(str)
    def _kind_changed(self, kind: str) -> None:
        self.options.setVisible(kind in (QuestionKind.SINGLE.value, QuestionKind.MULTIPLE.value))
        self.scale.setVisible(kind == QuestionKind.RATING.value)

    def draft(self) -> QuestionDraft:
        options = tuple(o.strip() for o in OPTION_SPLIT.split(self.options.text()) if o.strip())
        return QuestionDraft(self.kind.currentText(), self.text.text(), options, self.scale.value())


class QuestionnaireDialog(FormDialog):
    def __init__(self, ctx: UiContext, current: QuestionnaireView | None = None, parent: QWidget | None = None) -> None:
        super().__init__(ctx, "修改问卷" if current else "设计问卷", parent, width=900)
        self.current = current
        self.title = self.field("title", "问卷标题", line(current.title if current else ""), required=True)
        self.intro = self.field("intro", "问卷说明", text_area(current.intro if current else "致住户的话：调查目的、填写方法",
                                                          height=50))
        self.issued_on = self.field("issued_on", "发放日期",
                               date_edit(current.issued_on if current and current.issued_on else ctx.now().date()))
        box = QGroupBox()
        self.rows_layout = QVBoxLayout(box)
        self.rows: list[QuestionRow] = []
        self.add_button = QPushButton("添加题目")
        self.add_button.clicked.connect(self.add_question)
        holder = QWidget()
        holder_layout = QVBoxLayout(holder)
        holder_layout.setContentsMargins(0, 0, 0, 0)
        holder_layout.addWidget(box)
        holder_layout.addWidget(self.add_button)
        self.field("questions", "题目", holder, required=True)
        questions = current.questions if current else ()
        for q in questions:
            self.add_question(QuestionDraft(q.kind.value, q.text, q.options, q.scale))
        if not questions:
            self.add_question(QuestionDraft(QuestionKind.SINGLE.value, "您对本小区物业服务的总体评价？",
                                            ("满意", "基本满意", "不满意")))
        if current is not None and current.locked:
            box.setEnabled(False)
            self.add_button.setEnabled(False)
            self.body.addWidget(QLabel(f"已录入 {current.responses} 份答卷，题目不能再修改（标题、说明仍可修改）。"))
        if current is not None:
            self.lock_edit(SURVEY_EDIT, current, self._reload)

    def _reload(self) -> QuestionnaireView:
        assert self.current is not None
        return self.ctx.services.revisits.surveys.get(self.current.id)

    def edit_value(self, key: str, widget: QWidget) -> object:
        if key == "questions":
            return tuple(question_summary(d.kind, d.text, d.options, d.scale) for d in (r.draft() for r in self.rows))
        return super().edit_value(key, widget)

    def set_edit_value(self, key: str, widget: QWidget, value: object) -> None:
        if key != "questions":
            super().set_edit_value(key, widget, value)
        elif value != self.edit_value(key, widget):
            # The other clerk's questions were chosen (a merge or a reload): rebuild the rows from the database.
            for row in list(self.rows):
                self._remove(row)
            for q in self._reload().questions:
                self.add_question(QuestionDraft(q.kind.value, q.text, q.options, q.scale))

    @Slot()
    def add_question(self, draft: QuestionDraft | None = None) -> QuestionRow | None:
        if len(self.rows) >= MAX_QUESTIONS:
            self.show_general([f"一份问卷不能超过{MAX_QUESTIONS}道题"])
            return None
        row = QuestionRow(draft if isinstance(draft, QuestionDraft) else None)
        row.remove.clicked.connect(lambda: self._remove(row))
        self.rows.append(row)
        self.rows_layout.addWidget(row)
        return row

    def _remove(self, row: QuestionRow) -> None:
        if row in self.rows:
            self.rows.remove(row)
            row.deleteLater()

    def submit(self) -> object:
        draft = QuestionnaireDraft(self.title.text(), self.intro.toPlainText(),
                                   tuple(r.draft() for r in self.rows), from_qdate(self.issued_on.date()))
        project = self.current.project_id if self.current else self.ctx.working_project_id
        assert project is not None
        return self.ctx.services.revisits.surveys.save(project, draft, self.current.id if self.current else None,
                                                       self.edit_version)


class AnswerWidget(QWidget):
    """The entry widget of one question."""

    def __init__(self, q: Question) -> None:
        super().__init__()
        self.q = q
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.combo: QComboBox | None = None
        self.checks: list[QCheckBox] = []
        self.edit: QLineEdit | None = None
        if q.kind is QuestionKind.SINGLE:
            self.combo = choice([""] + list(q.options))
        elif q.kind is QuestionKind.RATING:
            self.combo = choice([""] + [f"{n}分" for n in range(1, q.scale + 1)])
        elif q.kind is QuestionKind.MULTIPLE:
            for option in q.options:
                box = QCheckBox(option)
                self.checks.append(box)
                row.addWidget(box)
        else:
            self.edit = line(placeholder="住户的原话；会列入「意见处理」")
            row.addWidget(self.edit, 1)
        if self.combo is not None:
            self.combo.setMinimumWidth(200)
            row.addWidget(self.combo)
        if self.edit is None:
            row.addStretch(1)

    def value(self) -> object:
        if self.combo is not None:
            text = self.combo.currentText()
            return text.rstrip("分") if self.q.kind is QuestionKind.RATING else text
        if self.checks:
            return [c.text() for c in self.checks if c.isChecked()]
        return self.edit.text() if self.edit is not None else ""


class ResponseDialog(FormDialog):
    """One returned questionnaire; free-text answers become opinion items (篇4 二.1(4))."""

    def __init__(self, ctx: UiContext, questionnaire: QuestionnaireView, parent: QWidget | None = None) -> None:
        super().__init__(ctx, f"录入答卷 — {questionnaire.title}", parent, width=720)
        self.questionnaire = questionnaire
        self.returned_on = self.field("returned_on", "回收日期", date_edit(ctx.now().date()), required=True)
        self.respondent = self.field("respondent", "答卷人", line(placeholder="可不填（匿名）"))
        self.unit = self.field("unit", "房号", line(placeholder="可不填"))
        box = QGroupBox()
        answers = QVBoxLayout(box)
        self.answers: list[AnswerWidget] = []
        for q in questionnaire.questions:
            answers.addWidget(QLabel(f"{q.position}. {q.text}（{q.kind.value}）"))
            widget = AnswerWidget(q)
            self.answers.append(widget)
            answers.addWidget(widget)
        self.field("answers", "答案", box, required=True)
        self.again = QCheckBox("保存后继续录入下一份")
        self.again.setChecked(True)
        self.body.addWidget(self.again)

    def submit(self) -> object:
        draft = ResponseDraft(from_qdate(self.returned_on.date()), self.respondent.text(), self.unit.text(),
                              {w.q.key: w.value() for w in self.answers})
        return self.ctx.services.revisits.surveys.add_response(self.questionnaire.id, draft, self.ctx.operator)
