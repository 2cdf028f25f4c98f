"""PDF pages as images (PDFium through pypdfium2) for previews and printing."""

from __future__ import annotations

import pypdfium2 as pdfium
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QImage, QPainter, QPixmap
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QLabel, QScrollArea, QVBoxLayout, QWidget


def page_images(pdf: bytes, dpi: int = 110) -> list[QImage]:
    document = pdfium.PdfDocument(pdf)
    images = []
    try:
        for page in document:
            bitmap = page.render(scale=dpi / 72)
            image = QImage(
                bytes(bitmap.buffer),
                bitmap.width,
                bitmap.height,
                bitmap.stride,
                QImage.Format.Format_BGR888,
            )
            images.append(image.copy())  # own the pixels before PDFium frees them
    finally:
        document.close()
    return images


def print_pdf(pdf: bytes, printer: QPrinter) -> None:
    """Each page, scaled to the printable area, at the printer's resolution (300 dpi max)."""
    images = page_images(pdf, dpi=min(printer.resolution(), 300))
    painter = QPainter(printer)
    try:
        for i, image in enumerate(images):
            if i:
                printer.newPage()
            area = painter.viewport()
            size = image.size().scaled(area.size(), Qt.AspectRatioMode.KeepAspectRatio)
            painter.setViewport(area.x(), area.y(), size.width(), size.height())
            painter.setWindow(image.rect())
            painter.drawImage(QRectF(image.rect()), image)
    finally:
        painter.end()


class PdfPagesView(QScrollArea):
    """A PDF shown as page images, one under the other (previews of letters and reports)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        holder = QWidget()
        self._layout = QVBoxLayout(holder)
        self.setWidget(holder)

    def clear(self) -> None:
        while self._layout.count():
            item = self._layout.takeAt(0)
            if item.widget():
                item.widget().deleteLater()

    def show_pdf(self, pdf: bytes, dpi: int = 110) -> None:
        self.clear()
        for image in page_images(pdf, dpi=dpi):
            label = QLabel()
            label.setPixmap(QPixmap.fromImage(image))
            label.setAlignment(Qt.AlignmentFlag.AlignHCenter)
            self._layout.addWidget(label)

    def count(self) -> int:
        """Pages shown."""
        return self._layout.count()
