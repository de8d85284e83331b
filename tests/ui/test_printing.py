"""Paper output: documents are paginated at screen resolution before printing (CSS margins
keep their size), images wider than the page are shrunk, and the PDF is written whole."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from PySide6.QtCore import QMarginsF, QSizeF, QUrl
from PySide6.QtGui import QColor, QImage, QPageLayout, QPageSize, QTextDocument

from ent_coach.ui.printing import export_pdf, keep_headings_with_next, paginate_for_paper

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


def _uris(pdf: Path) -> list[bytes]:
    return re.findall(rb"/URI \(([^)]*)\)", pdf.read_bytes())


def test_a_handout_prints_links_to_other_tutorials_as_plain_text(qtbot, tmp_path: Path) -> None:
    """On paper a link to another tutorial or an anchor led nowhere: it was blue, underlined
    and a dead link in the PDF. Web addresses stay links."""
    document = QTextDocument()
    document.setHtml(
        "<h1>Titre</h1><p>Voir <a href='tutoriel:violation-de-donnees'>la violation</a>, "
        "<a href='#sources'>les sources</a> et <a href='https://www.cnil.fr/'>la CNIL</a>.</p>"
    )
    target = export_pdf(document, tmp_path / "fiche.pdf", title="Titre", footer="Titre")
    assert _uris(target) == [b"https://www.cnil.fr/"]
    hrefs = [
        fmt.anchorHref()
        for fmt in (iterator.fragment().charFormat() for iterator in _fragments(document))
        if fmt.isAnchor()
    ]
    assert hrefs == ["https://www.cnil.fr/"]
    plain = next(
        i.fragment() for i in _fragments(document) if i.fragment().text() == "la violation"
    )
    assert not plain.charFormat().fontUnderline()


def _fragments(document: QTextDocument):
    block = document.begin()
    while block.isValid():
        iterator = block.begin()
        while not iterator.atEnd():
            yield iterator
            iterator += 1
        block = block.next()


def _pages(document: QTextDocument) -> list[int]:
    """The page of the last three blocks: two headings and the text after them."""
    layout = document.documentLayout()
    height = document.pageSize().height()
    last = document.blockCount()
    blocks = [document.findBlockByNumber(n) for n in range(last - 3, last)]
    assert [b.blockFormat().headingLevel() for b in blocks] == [2, 3, 0]
    tops = [layout.blockBoundingRect(b).top() + b.layout().lineAt(0).y() for b in blocks]
    return [int(top // height) for top in tops]


def test_a_heading_never_stays_alone_at_the_foot_of_a_page(qtbot) -> None:
    """« Pas à pas » and its first step's title go to the next page with the step's text."""
    found = 0
    for count in range(4, 40):
        document = QTextDocument()
        filler = "".join(f"<p>Paragraphe {n} du texte.</p>" for n in range(count))
        document.setHtml(
            f"{filler}<h2>Pas à pas</h2><h3>Créer le wiki</h3><p>Le texte de l'étape.</p>"
        )
        document.setPageSize(QSizeF(400, 300))
        if len(set(_pages(document))) == 1:
            continue
        found += 1
        keep_headings_with_next(document)
        assert len(set(_pages(document))) == 1, count
        assert document.toPlainText().endswith("Le texte de l'étape.")
    assert found >= 2  # the filler did leave one heading, then both, at a page's foot


def test_the_reader_pdf_has_the_title_a_footer_and_says_where_it_is(
    app_window, wait_ops, tmp_path, monkeypatch
) -> None:
    from PySide6.QtGui import QDesktopServices
    from PySide6.QtWidgets import QFileDialog, QMessageBox

    from tests.ui.test_screens import create_profile

    window, context = app_window
    create_profile(window, wait_ops)
    window.open_tutorial("qu-est-ce-qu-un-ent")
    wait_ops()
    title = context.library.tutorial("qu-est-ce-qu-un-ent").title
    target = tmp_path / "fiche.pdf"
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), ""))
    )
    window.reader.pdf_button.click()
    data = target.read_bytes()
    assert b"/Title (\xfe\xff" + title.encode("utf-16-be").replace(b"(", b"\\(") in data
    assert not [uri for uri in _uris(target) if not uri.startswith(b"http")]

    box = next(b for b in window.reader.findChildren(QMessageBox) if b.isVisible())
    assert str(target) in box.informativeText()
    opened: list[str] = []
    monkeypatch.setattr(
        QDesktopServices, "openUrl", staticmethod(lambda url: opened.append(url.toLocalFile()))
    )
    buttons = {button.text().replace("&", ""): button for button in box.buttons()}
    assert set(buttons) == {"Ouvrir", "Ouvrir le dossier", "Fermer"}
    assert box.defaultButton() is buttons["Fermer"]
    buttons["Ouvrir le dossier"].click()
    assert opened == [str(tmp_path)]

    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) absent: footer not read back")
    pages = int(re.search(r"Pages:\s+(\d+)", _run("pdfinfo", target)).group(1))
    assert pages >= 2
    for page in range(1, pages + 1):
        text = _run("pdftotext", "-layout", "-f", str(page), "-l", str(page), target, "-")
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        assert lines[-1].endswith(f"page {page} sur {pages}"), lines[-1]
        assert lines[-1].startswith(title[:19])  # « Qu'est-ce qu'un ENT »
    assert "Sources" in _run("pdftotext", target, "-")


def _run(*command) -> str:
    return subprocess.run(
        [str(part) for part in command], capture_output=True, text=True, check=True
    ).stdout
