"""A date box that takes a date as people type it (2026.3.5, 20260305, 3/5 …).

A QDateEdit edits one section at a time, so typing "2026.3.5" into it did nothing useful. Here
the whole text is read by :func:`rescuedesk.reference.dates.parse_date` when the user leaves
the box or presses Enter; while typing, any text that may still become a date is let through.
The box stays a QDateEdit: its calendar pop-up, ``date()`` and ``setDate()`` are unchanged.
"""

from __future__ import annotations

from PySide6.QtCore import QDate, QDateTime, QSignalBlocker, Qt, QTime
from PySide6.QtGui import QKeyEvent, QValidator
from PySide6.QtWidgets import QAbstractSpinBox, QDateEdit, QWidget

from rescuedesk.reference.dates import is_date_prefix, parse_date


class TypedDateEdit(QDateEdit):
    def __init__(self, date: QDate | None = None) -> None:
        super().__init__()
        if date is not None:
            self.setDate(date)
        # QDateEdit's own mode reverts without asking fixup() below; this one asks it first.
        self.setCorrectionMode(QAbstractSpinBox.CorrectionMode.CorrectToNearestValue)
        # The text last typed that is no date (2023-02-30), with the parser's message; the box
        # itself goes back to its previous date, so the form asks for this to name the mistake.
        self.typed_problem: tuple[str, str] | None = None
        self.lineEdit().textEdited.connect(self._forget_problem)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # QDateEdit reads a typed character into the section under the cursor and puts its
        # own text back (typing over a selected date kept it): a character typed goes into the
        # text as in any line edit, unseen by QDateEdit's section logic until the box is left.
        typed = event.text()
        plain = not event.modifiers() & ~(
            Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.KeypadModifier
        )
        if typed and typed.isprintable() and plain:
            self.typed_problem = None
            with QSignalBlocker(self.lineEdit()):
                self.lineEdit().insert(typed)
            return
        super().keyPressEvent(event)

    def focusNextPrevChild(self, next: bool) -> bool:
        # Tab leaves the box, as in every other field, rather than moving to the next section
        # of a text that is no longer written in sections ("3/5").
        return QWidget.focusNextPrevChild(self, next)

    def _forget_problem(self) -> None:
        self.typed_problem = None

    def validate(self, text: str, pos: int) -> object:  # type: ignore[override]
        special = self.specialValueText()
        if special and text == special:
            return QValidator.State.Acceptable, text, pos
        try:
            day = parse_date(text)
        except ValueError:
            state = (
                QValidator.State.Intermediate if is_date_prefix(text) else QValidator.State.Invalid
            )
            return state, text, pos
        if day is None:
            return QValidator.State.Intermediate, text, pos
        qday = QDate(day.year, day.month, day.day)
        in_range = self.minimumDate() <= qday <= self.maximumDate()
        # Only the box's own form is final: "2026.3.1" may yet become "2026.3.15".
        if in_range and text == self.textFromDateTime(QDateTime(qday, QTime(0, 0))):
            return QValidator.State.Acceptable, text, pos
        return QValidator.State.Intermediate, text, pos

    def fixup(self, text: str) -> str:  # type: ignore[override]
        """On leaving the box or Enter: what was typed, written in the box's own form."""
        try:
            day = parse_date(text)
        except ValueError as error:
            self.typed_problem = (text, str(error))
            return self.textFromDateTime(self.dateTime())  # the box keeps its previous date
        if day is None:
            return text
        return self.textFromDateTime(QDateTime(QDate(day.year, day.month, day.day), QTime(0, 0)))

    def dateTimeFromText(self, text: str) -> QDateTime:  # type: ignore[override]
        special = self.specialValueText()
        if special and text == special:
            return QDateTime(self.minimumDate(), QTime(0, 0))
        try:
            day = parse_date(text)
        except ValueError:
            day = None
        if day is None:
            return self.dateTime()
        return QDateTime(QDate(day.year, day.month, day.day), QTime(0, 0))
