"""Paper output: documents are paginated at screen resolution before printing (CSS margins
keep their size), images wider than the page are shrunk, and the PDF is written whole."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QMarginsF, QSizeF, QUrl
from PySide6.QtGui import QColor, QImage, QPageLayout, QPageSize, QTextDocument

from ent_coach.ui.printing import export_pdf, paginate_for_paper

A4 = QPageLayout(
    QPageSize(QPageSize.PageSizeId.A4),
    QPageLayout.Orientation.Portrait,
    QMarginsF(18, 18, 18, 18),
    QPageLayout.Unit.Millimeter,
)


def image_widths(document: QTextDocument) -> list[float]:
    widths = []
    block = document.begin()
    while block.isValid():
        iterator = block.begin()
        while not iterator.atEnd():
            fmt = iterator.fragment().charFormat()
            if fmt.isImageFormat():
                widths.append(fmt.toImageFormat().width())
            iterator += 1
        block = block.next()
    return widths


def document_with_images(folder: Path) -> QTextDocument:
    for name, width in (("large.png", 2400), ("petite.png", 200)):
        image = QImage(width, 100, QImage.Format.Format_RGB32)
        image.fill(QColor("#336699"))
        assert image.save(str(folder / name))
    document = QTextDocument()
    document.setBaseUrl(QUrl.fromLocalFile(str(folder) + "/"))
    paragraphs = "".join(f"<p>Paragraphe {n} après le schéma.</p>" for n in range(120))
    document.setHtml(
        f"<h1>Titre</h1><p><img src='large.png'></p><p><img src='petite.png'></p>{paragraphs}"
    )
    return document


def test_pages_take_the_printable_area_and_wide_images_fit_in_it(qtbot, tmp_path: Path) -> None:
    document = document_with_images(tmp_path)
    paginate_for_paper(document, A4)
    page = document.pageSize()
    printable = A4.paintRect(QPageLayout.Unit.Inch)
    assert page.width() / page.height() == pytest.approx(
        printable.width() / printable.height(), rel=0.01
    )
    available = page.width() - 2 * document.documentMargin()
    large, small = image_widths(document)
    assert large <= available and large > available * 0.9  # shrunk to the text width
    assert small == 200  # a small image keeps its own size
    assert document.pageCount() >= 2


def test_a_paginated_document_is_left_as_its_owner_made_it(qtbot, tmp_path: Path) -> None:
    document = document_with_images(tmp_path)
    document.setPageSize(QSizeF(400, 600))
    paginate_for_paper(document, A4)
    assert (document.pageSize().width(), document.pageSize().height()) == (400, 600)


def test_export_writes_a_whole_pdf_and_keeps_the_text(qtbot, tmp_path: Path) -> None:
    document = document_with_images(tmp_path)
    text = document.toPlainText()
    target = export_pdf(document, tmp_path / "sortie.pdf")
    data = target.read_bytes()
    assert data.startswith(b"%PDF") and data.rstrip().endswith(b"%%EOF")
    assert document.toPlainText() == text
    assert not list(tmp_path.glob(".*.tmp"))
