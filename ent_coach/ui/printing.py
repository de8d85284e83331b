"""Tutorial handouts: PDF export (written atomically) and printing."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QMarginsF, QSizeF, QUrl
from PySide6.QtGui import (
    QGuiApplication,
    QImageReader,
    QPageLayout,
    QPageSize,
    QPdfWriter,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import QWidget

# Paper documents (attestations, séance report): dark text on white whatever the screen's
# palette, the same headings, notices and tables everywhere. Documents add their own rules.
# Margins and paddings in px: Qt's rich text ignores them in pt (cells had no padding and
# headings no space above). The document is laid out at 96 px per inch (see export_pdf).
PAPER_STYLE = """
body { font-family: sans-serif; color: #111; }
h1 { font-size: 20pt; margin-bottom: 3px; }
h2 { font-size: 14pt; margin-top: 18px; margin-bottom: 4px; }
p { margin-top: 4px; margin-bottom: 4px; }
.muted { color: #555; }
.notice { border: 1px solid #999; padding: 8px; background: #f3f3f3; }
table { border-collapse: collapse; font-size: 9pt; margin-top: 8px; }
th { background: #e6e6e6; text-align: left; }
th, td { border: 1px solid #999; padding: 3px 6px; }
"""

def paginate_for_paper(document: QTextDocument, layout: QPageLayout) -> None:
    """Give ``document`` pages the size of the paper's printable area, in its own layout
    units (the screen's logical pixels), before ``print_``.

    Qt then lays the document out as on screen and scales each page onto the paper, so CSS
    margins and paddings keep their proportions. Left unpaginated, ``print_`` lays it out in
    the printer's dots: fonts follow (they are in points) but margins and paddings in pixels
    came out a twelfth of their size, and Qt added its own 2 cm margin inside ours."""
    size = document.pageSize()
    if size.isValid() and size.height() < _UNPAGINATED:
        return  # already paginated by its owner
    device = document.documentLayout().paintDevice()
    if device is not None:
        dpi_x, dpi_y = device.logicalDpiX(), device.logicalDpiY()
    else:  # Qt's own default for a document without a device: the primary screen's
        screen = QGuiApplication.primaryScreen()
        dpi_x = round(screen.logicalDotsPerInchX()) if screen else _FALLBACK_DPI
        dpi_y = round(screen.logicalDotsPerInchY()) if screen else _FALLBACK_DPI
    printable = layout.paintRect(QPageLayout.Unit.Inch)
    page = QSizeF(printable.width() * dpi_x, printable.height() * dpi_y)
    # Images first, pages next: resized after pagination, the layout printed was stale and
    # whole paragraphs after a diagram were missing from the PDF.
    available = page.width() - 2 * document.documentMargin()
    fit_images(document, int(available), _file_image_size(document))
    document.setPageSize(page)


def fit_images(
    document: QTextDocument,
    available: int,
    natural_size: Callable[[str], tuple[int, int] | None],
) -> None:
    """Shrink images wider than ``available`` pixels, keeping their proportions (Qt rich
    text has no max-width): a diagram wider than the page was cut at its right edge.
    ``natural_size(name)`` gives an image's own size, or None when unknown."""
    block = document.begin()
    while block.isValid():
        iterator = block.begin()
        while not iterator.atEnd():
            fragment = iterator.fragment()
            fmt = fragment.charFormat()
            if fmt.isImageFormat():
                image_format = fmt.toImageFormat()
                natural = natural_size(image_format.name())
                if natural is not None:
                    width = min(natural[0], max(_MIN_IMAGE_WIDTH, available))
                    image_format.setWidth(width)
                    image_format.setHeight(width * natural[1] / natural[0])
                    cursor = QTextCursor(document)
                    cursor.setPosition(fragment.position())
                    cursor.setPosition(
                        fragment.position() + fragment.length(), QTextCursor.MoveMode.KeepAnchor
                    )
                    cursor.setCharFormat(image_format)
            iterator += 1
        block = block.next()


_MIN_IMAGE_WIDTH = 120


def _file_image_size(document: QTextDocument) -> Callable[[str], tuple[int, int] | None]:
    """Sizes of images given as files relative to the document's base address."""

    def size(name: str) -> tuple[int, int] | None:
        url = document.baseUrl().resolved(QUrl(name))
        if not url.isLocalFile():
            return None
        found = QImageReader(url.toLocalFile()).size()
        return (found.width(), found.height()) if found.isValid() and found.width() > 0 else None

    return size


_UNPAGINATED = 1e6  # an unpaginated document reports a huge page height
_FALLBACK_DPI = 96


def export_pdf(document: QTextDocument, target: str | Path) -> Path:
    """Write ``document`` as an A4 PDF. A temporary file is renamed into place, so an
    existing handout is never left half-written. Raises OSError when the folder is not
    writable."""
    target = Path(target)
    temporary = target.with_name(f".{target.name}.tmp")
    with temporary.open("wb"):
        pass  # fails early with a clear OSError if the folder is not writable
    writer = QPdfWriter(str(temporary))
    writer.setTitle(document.metaInformation(QTextDocument.MetaInformation.DocumentTitle))
    writer.setCreator("ENT Coach")
    writer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4),
            QPageLayout.Orientation.Portrait,
            QMarginsF(18, 18, 18, 18),
            QPageLayout.Unit.Millimeter,
        )
    )
    paginate_for_paper(document, writer.pageLayout())
    document.print_(writer)
    del writer  # flushes and closes the file
    if temporary.stat().st_size == 0:
        temporary.unlink(missing_ok=True)
        raise OSError(0, "le PDF n'a pas pu être produit")
    os.replace(temporary, target)
    return target


def print_document(parent: QWidget, document: QTextDocument) -> None:
    # Imported here: QtPrintSupport is only loaded when someone actually prints.
    from PySide6.QtPrintSupport import QPrintDialog, QPrinter

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(parent.tr("Imprimer le tutoriel"))
    if dialog.exec() == QPrintDialog.DialogCode.Accepted:
        paginate_for_paper(document, printer.pageLayout())
        document.print_(printer)
