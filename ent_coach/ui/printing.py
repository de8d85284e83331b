"""Tutorial handouts: PDF export (written atomically) and printing."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QMarginsF
from PySide6.QtGui import QPageLayout, QPageSize, QPdfWriter, QTextDocument
from PySide6.QtWidgets import QWidget

# Paper documents (attestations, séance report): dark text on white whatever the screen's
# palette, the same headings, notices and tables everywhere. Documents add their own rules.
PAPER_STYLE = """
body { font-family: sans-serif; color: #111; }
h1 { font-size: 20pt; margin-bottom: 2pt; }
h2 { font-size: 14pt; margin-top: 14pt; }
p { margin: 3pt 0; }
.muted { color: #555; }
.notice { border: 1px solid #999; padding: 6pt; background: #f3f3f3; }
table { border-collapse: collapse; font-size: 9pt; margin-top: 6pt; }
th { background: #e6e6e6; text-align: left; }
th, td { border: 1px solid #999; padding: 3pt 5pt; }
"""

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
        document.print_(printer)
