"""A date box that takes a date as people type it (2026.3.5, 20260305, 3/5 …).

A QDateEdit edits one section at a time, so typing "2026.3.5" into it did nothing useful. Here
the whole text is read by :func:`rescuedesk.reference.dates.parse_date` when the user leaves
the box or presses Enter; while typing, any text that may still become a date is let through.
The box stays a QDateEdit: its calendar pop-up, ``date()`` and ``setDate()`` are unchanged;
an empty box (at its minimum date) opens its calendar at today's month, not in 1752 or 1900.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, QDateTime, QEvent, QObject, QSignalBlocker, Qt, QTime
from PySide6.QtGui import QFocusEvent, QInputMethodEvent, QKeyEvent, QValidator
from PySide6.QtWidgets import QAbstractSpinBox, QDateEdit, QWidget

from rescuedesk import clock
from rescuedesk.errors import ValidationError
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

    def setCalendarPopup(self, enable: bool) -> None:
        super().setCalendarPopup(enable)
        if enable:
            self.calendarWidget().installEventFilter(self)

    def event(self, event: QEvent) -> bool:
        if (
            isinstance(event, QInputMethodEvent)
            and event.commitString()
            and not event.preeditString()
            and not event.replacementLength()
        ):
            # 年, 月, 日 and full-width digits come from an input method (to the box, its line
            # edit's focus proxy), not as keys: what it commits goes into the text as a key
            # typed does, where QDateEdit would have put its own date back around it.
            self.typed_problem = None
            with QSignalBlocker(self.lineEdit()):
                self.lineEdit().insert(event.commitString())
            event.accept()
            return True
        return super().event(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.Show
            and self.calendarPopup()
            and watched is self.calendarWidget()
            and self.date() == self.minimumDate()  # empty (a form's 未填, a wiped window)
        ):
            today = clock.today()
            self.calendarWidget().setCurrentPage(today.year, today.month)
        return super().eventFilter(watched, event)

    def typed_date(self) -> dt.date:
        """The date in the box, what is still being typed included (an action run with a
        shortcut while the cursor is in it); a typed day that does not exist is refused
        with its reason, not replaced by the date the box showed before."""
        self.interpretText()
        if self.typed_problem is not None:
            raise ValidationError(self.typed_problem[1])  # the parser's words name the text
        return self.date().toPython()  # type: ignore[no-any-return]

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

    def focusOutEvent(self, event: QFocusEvent) -> None:
        # What was typed is read on leaving: QDateEdit reads only a text it saw change (its
        # signal is blocked while typing), so "2026年3月5日", typed in the box's own form,
        # was kept as text and the date not changed.
        self.interpretText()
        super().focusOutEvent(event)

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
