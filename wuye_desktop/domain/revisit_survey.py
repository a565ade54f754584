"""Themed questionnaires (篇4 二.2(5)): design, answers, and per-question results.

Questions are single choice, multiple choice, rating (1…N) or free text. A questionnaire with
answers entered can no longer change its questions, so every answer keeps its meaning.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any, Mapping, Sequence

from wuye_desktop.domain.errors import ValidationError
from wuye_desktop.domain.validators import length_error, required_error

MAX_QUESTIONS = 20
MAX_OPTIONS = 10


class QuestionKind(StrEnum):
    SINGLE = "单选"
    MULTIPLE = "多选"
    RATING = "评分"
    TEXT = "文字"


@dataclass(frozen=True)
class QuestionDraft:
    kind: str
    text: str
    options: tuple[str, ...] = ()
    scale: int = 5

    def cleaned(self) -> "QuestionDraft":
        options = tuple(dict.fromkeys(o.strip() for o in self.options if o.strip()))
        return QuestionDraft(self.kind, self.text.strip(), options, self.scale)

    def errors(self) -> list[str]:
        found: list[str] = []
        if e := required_error("题目", self.text, 200):
            found.append(e)
        try:
            kind = QuestionKind(self.kind)
        except ValueError:
            return found + ["请选择题型（单选、多选、评分或文字）"]
        raw = [o.strip() for o in self.options if o.strip()]
        if kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
            if len(raw) < 2:
                found.append(f"{kind.value}题至少要有两个选项（每行一个）")
            elif len(raw) > MAX_OPTIONS:
                found.append(f"选项不能超过{MAX_OPTIONS}个")
            elif len(set(raw)) != len(raw):
                found.append("选项不能重复")
            elif any(len(o) > 40 for o in raw):
                found.append("每个选项不能超过40个字")
        if kind is QuestionKind.RATING and not 3 <= self.scale <= 10:
            found.append("评分题的最高分应为3–10分")
        return found


@dataclass(frozen=True)
class QuestionnaireDraft:
    title: str
    intro: str = ""
    questions: tuple[QuestionDraft, ...] = ()
    issued_on: date | None = None

    def validate(self) -> None:
        errors: dict[str, str] = {}
        if e := required_error("问卷标题", self.title, 60):
            errors["title"] = e
        if e := length_error("问卷说明", self.intro, 500):
            errors["intro"] = e
        if not self.questions:
            errors["questions"] = "问卷至少要有一道题"
        elif len(self.questions) > MAX_QUESTIONS:
            errors["questions"] = f"一份问卷不能超过{MAX_QUESTIONS}道题（须能印在一页A4纸上）"
        else:
            for i, q in enumerate(self.questions, start=1):
                found = q.errors()
                if found:
                    errors["questions"] = f"第{i}题：{found[0]}"
                    break
        if errors:
            raise ValidationError(errors)


@dataclass(frozen=True)
class Question:
    """A saved question; ``key`` is its id as text, the key of answers."""

    key: str
    position: int
    kind: QuestionKind
    text: str
    options: tuple[str, ...] = ()
    scale: int = 5


Answer = str | list[str] | int | None


def normalize_answer(q: Question, raw: Any) -> tuple[Answer, str | None]:
    """The stored form of an answer and an error message (naming the question) or None."""
    label = f"第{q.position}题"
    if raw in (None, "", [], ()):
        return None, None
    if q.kind is QuestionKind.SINGLE:
        value = str(raw).strip()
        if value not in q.options:
            return None, f"{label}的答案「{value}」不是该题的选项"
        return value, None
    if q.kind is QuestionKind.MULTIPLE:
        values = [raw] if isinstance(raw, str) else list(raw)
        chosen = [str(v).strip() for v in values if str(v).strip()]
        wrong = [v for v in chosen if v not in q.options]
        if wrong:
            return None, f"{label}的答案「{wrong[0]}」不是该题的选项"
        return [o for o in q.options if o in chosen], None
    if q.kind is QuestionKind.RATING:
        try:
            score = int(str(raw).strip().rstrip("分"))
        except ValueError:
            return None, f"{label}应填1–{q.scale}分"
        if not 1 <= score <= q.scale:
            return None, f"{label}应填1–{q.scale}分"
        return score, None
    text = str(raw).strip()
    if len(text) > 2000:
        return None, f"{label}的回答不能超过2000个字"
    return text, None


@dataclass(frozen=True)
class ResponseDraft:
    returned_on: date | None
    respondent: str = ""
    unit: str = ""
    answers: Mapping[str, Any] = field(default_factory=dict)

    def validate(self, questions: list[Question], today: date) -> dict[str, Answer]:
        """The cleaned answers; ValidationError names the field or the question."""
        errors: dict[str, str] = {}
        if self.returned_on is None:
            errors["returned_on"] = "回收日期不能为空"
        elif self.returned_on > today:
            errors["returned_on"] = f"回收日期不能晚于今天（{today:%Y-%m-%d}）"
        if e := length_error("答卷人", self.respondent, 40):
            errors["respondent"] = e
        if e := length_error("房号", self.unit, 40):
            errors["unit"] = e
        cleaned: dict[str, Answer] = {}
        for q in questions:
            value, error = normalize_answer(q, self.answers.get(q.key))
            if error:
                errors.setdefault("answers", error)
            elif value not in (None, "", []):
                cleaned[q.key] = value
        if not cleaned and "answers" not in errors:
            errors["answers"] = "请至少录入一道题的答案"
        if errors:
            raise ValidationError(errors)
        return cleaned


@dataclass(frozen=True)
class QuestionResult:
    question: Question
    answered: int
    counts: tuple[tuple[str, int], ...]   # option (or 「N分」) and how many chose it
    average: float | None = None           # rating questions
    texts: tuple[str, ...] = ()            # free-text answers

    @property
    def summary(self) -> str:
        if self.question.kind is QuestionKind.TEXT:
            return f"{self.answered}人作答"
        if self.question.kind is QuestionKind.RATING and self.average is not None:
            return f"{self.answered}人作答，平均{self.average:.1f}分（满分{self.question.scale}分）"
        return f"{self.answered}人作答"


def tally(questions: list[Question], answers: Sequence[Mapping[str, Any]]) -> list[QuestionResult]:
    """Per-question results over every returned questionnaire."""
    results = []
    for q in questions:
        given = [a.get(q.key) for a in answers if a.get(q.key) not in (None, "", [])]
        if q.kind is QuestionKind.TEXT:
            texts = tuple(str(v) for v in given)
            results.append(QuestionResult(q, len(texts), (), None, texts))
        elif q.kind is QuestionKind.RATING:
            scores = [int(str(v)) for v in given if str(v).isdigit()]
            counts = tuple((f"{s}分", scores.count(s)) for s in range(1, q.scale + 1))
            avg = sum(scores) / len(scores) if scores else None
            results.append(QuestionResult(q, len(scores), counts, avg))
        else:
            chosen: list[str] = []
            for v in given:
                chosen.extend(v if isinstance(v, list) else [str(v)])
            counts = tuple((o, chosen.count(o)) for o in q.options)
            results.append(QuestionResult(q, len(given), counts))
    return results


def answer_text(q: Question, value: Any) -> str:
    """An answer as a cell of the answers workbook."""
    if value in (None, "", []):
        return ""
    if isinstance(value, list):
        return "、".join(str(v) for v in value)
    if q.kind is QuestionKind.RATING:
        return f"{value}分"
    return str(value)
