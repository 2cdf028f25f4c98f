"""Import a ledger (台账) from the program (issue #5): choose the file, check the mapping the
program proposes, preview the first rows as stored, check the whole file (a dry run), then
import all rows or only the valid ones.

The pages live in import_wizard_pages (before anything runs) and import_wizard_run (the dry
run and the import, off the UI thread); every rule is in the services: the steps before the
import in rescuedesk.services.ledger.ledger_steps, the dry run and the import in
rescuedesk.services.ledger.ledger_file.import_file, the operation the command line runs too (every
sheet of a workbook).
"""

from __future__ import annotations

from PySide6.QtCore import QThreadPool, Signal
from PySide6.QtWidgets import QWidget, QWizard

from rescuedesk.ui.dialogs.import_wizard_duplicates import DuplicatesPage
from rescuedesk.ui.dialogs.import_wizard_pages import (
    FilePage,
    ImportState,
    MappingPage,
    PreviewPage,
)
from rescuedesk.ui.dialogs.import_wizard_run import DryRunPage, ImportPage, ResultPage
from rescuedesk.ui.ops import Workspace

# How long closing the wizard waits for a cancelled check to let go of the database.
STOP_WAIT_MS = 10_000


class ImportWizard(QWizard):
    show_cases = Signal(list)  # case ids: "show the imported cases in the case list"

    # Page ids, in order. Gaps leave room for pages still to come.
    FILE, MAPPING, PREVIEW, DRY_RUN = 0, 10, 20, 30
    # 可能重复: shown only when the dry run found candidates; the user decides per row (new
    # person / same person / skip), ImportState keeps the decisions, the import uses them.
    DUPLICATES = 40
    IMPORT, DONE = 50, 60

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.state = ImportState()
        self.setWindowTitle(self.tr("导入台账"))
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)  # the same on every system
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage)
        # After the import (a commit page) there is no going back and nothing to cancel.
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage)
        self.setButtonText(QWizard.WizardButton.BackButton, self.tr("< 上一步(&B)"))
        self.setButtonText(QWizard.WizardButton.NextButton, self.tr("下一步(&N) >"))
        self.setButtonText(QWizard.WizardButton.CommitButton, self.tr("开始导入(&I)"))
        self.setButtonText(QWizard.WizardButton.FinishButton, self.tr("完成"))
        self.setButtonText(QWizard.WizardButton.CancelButton, self.tr("取消"))
        self.file_page = FilePage(self.state)
        self.mapping_page = MappingPage(self.state)
        self.preview_page = PreviewPage(self.state, workspace)
        self.dry_run_page = DryRunPage(self.state, workspace)
        self.duplicates_page = DuplicatesPage(self.state, workspace)
        self.import_page = ImportPage(self.state, workspace)
        self.result_page = ResultPage(self.state)
        self.result_page.show_cases.connect(self._show_cases)
        self.setPage(self.FILE, self.file_page)
        self.setPage(self.MAPPING, self.mapping_page)
        self.setPage(self.PREVIEW, self.preview_page)
        self.setPage(self.DRY_RUN, self.dry_run_page)
        self.setPage(self.DUPLICATES, self.duplicates_page)
        self.setPage(self.IMPORT, self.import_page)
        self.setPage(self.DONE, self.result_page)
        self.resize(820, 600)

    def nextId(self) -> int:
        """After the dry run: the 可能重复 page only when there is something to decide."""
        if self.currentId() == self.DRY_RUN:
            dry = self.state.dry_run
            return self.DUPLICATES if dry is not None and dry.candidates else self.IMPORT
        return super().nextId()

    @property
    def imported(self) -> bool:
        return self.state.result is not None and self.state.result.imported > 0

    def _show_cases(self, case_ids: list[int]) -> None:
        self.show_cases.emit(case_ids)
        self.accept()

    def lock(self) -> None:
        """The main window locks: close, so no name or ID number stays on screen.

        An import under way is left to finish: its page and progress dialog show counts
        only, and stopping it would throw away the user's wait.
        """
        if not self.import_page.running:
            self.reject()

    def done(self, result: int) -> None:
        """Closing stops a running check first, so nothing touches the database afterwards."""
        running = [
            p for p in (self.dry_run_page, self.duplicates_page, self.import_page) if p.running
        ]
        for page in running:
            page.cancel()
        if running:
            QThreadPool.globalInstance().waitForDone(STOP_WAIT_MS)
        super().done(result)
