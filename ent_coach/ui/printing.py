"""Tutorial handouts and other paper documents: PDF export (written atomically) and printing.

A handout (``export_pdf(…, footer=title)``) carries the title in the PDF's metadata, a footer
« titre · page n sur N » on each page, headings kept with the text that follows them, and
links to other tutorials or anchors printed as plain text (on paper they lead nowhere)."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLineF, QMarginsF, QRectF, QSizeF, Qt, QUrl
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QColor,
    QFont,
    QFontMetricsF,
    QGuiApplication,
    QImageReader,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPalette,
    QPdfWriter,
    QTextBlock,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
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


def paginate_for_paper(document: QTextDocument, layout: QPageLayout, *, reserve: float = 0) -> None:
    """Give ``document`` pages the size of the paper's printable area, in its own layout
    units (the screen's logical pixels), before ``print_``.

    Qt then lays the document out as on screen and scales each page onto the paper, so CSS
    margins and paddings keep their proportions. Left unpaginated, ``print_`` lays it out in
    the printer's dots: fonts follow (they are in points) but margins and paddings in pixels
    came out a twelfth of their size, and Qt added its own 2 cm margin inside ours.
    ``reserve`` (document pixels) is kept free at the foot of each page for a footer."""
    size = document.pageSize()
    if size.isValid() and size.height() < _UNPAGINATED:
        return  # already paginated by its owner
    dpi_x, dpi_y = _layout_dpi(document)
    printable = layout.paintRect(QPageLayout.Unit.Inch)
    page = QSizeF(printable.width() * dpi_x, printable.height() * dpi_y - reserve)
    # Images first, pages next: resized after pagination, the layout printed was stale and
    # whole paragraphs after a diagram were missing from the PDF.
    available = page.width() - 2 * document.documentMargin()
    fit_images(document, int(available), _file_image_size(document))
    document.setPageSize(page)


def _layout_dpi(document: QTextDocument) -> tuple[float, float]:
    """The resolution ``document`` is laid out at: its device's, or Qt's own default for a
    document without a device, the primary screen's."""
    device = document.documentLayout().paintDevice()
    if device is not None:
        return device.logicalDpiX(), device.logicalDpiY()
    screen = QGuiApplication.primaryScreen()
    dpi_x = round(screen.logicalDotsPerInchX()) if screen else _FALLBACK_DPI
    dpi_y = round(screen.logicalDotsPerInchY()) if screen else _FALLBACK_DPI
    return dpi_x, dpi_y


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


def export_pdf(
    document: QTextDocument,
    target: str | Path,
    *,
    title: str | None = None,
    footer: str | None = None,
) -> Path:
    """Write ``document`` as an A4 PDF. A temporary file is renamed into place, so an
    existing handout is never left half-written. Raises OSError when the folder is not
    writable.

    ``title`` is the PDF's Title (the document's own title by default). With ``footer``, the
    document is printed as a handout (see the module's docstring), ``footer`` in the foot of
    each page beside its number."""
    target = Path(target)
    temporary = target.with_name(f".{target.name}.tmp")
    with temporary.open("wb"):
        pass  # fails early with a clear OSError if the folder is not writable
    writer = QPdfWriter(str(temporary))
    writer.setTitle(
        title
        if title is not None
        else document.metaInformation(QTextDocument.MetaInformation.DocumentTitle)
    )
    writer.setCreator("ENT Coach")
    writer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4),
            QPageLayout.Orientation.Portrait,
            QMarginsF(18, 18, 18, 18),
            QPageLayout.Unit.Millimeter,
        )
    )
    if footer is None:
        paginate_for_paper(document, writer.pageLayout())
        document.print_(writer)
    else:
        print_handout(document, writer, footer)
    del writer  # flushes and closes the file
    if temporary.stat().st_size == 0:
        temporary.unlink(missing_ok=True)
        raise OSError(0, "le PDF n'a pas pu être produit")
    os.replace(temporary, target)
    return target


# The footer's text, in document pixels (at 96 px per inch: about 8 pt), and its band.
_FOOTER_PIXELS = 11
_FOOTER_COLOUR = "#555555"
_WEB_SCHEMES = ("http", "https", "mailto")


def print_handout(document: QTextDocument, device: QPagedPaintDevice, footer: str) -> None:
    """Print ``document`` on ``device`` page by page, ``footer`` and « page n sur N » at the
    foot of each page. ``QTextDocument.print_`` has no footer, and numbers pages only when
    it paginates the document itself, at the printer's resolution (see
    ``paginate_for_paper``)."""
    font = QFont(document.defaultFont())
    font.setPixelSize(_FOOTER_PIXELS)
    band = QFontMetricsF(font).lineSpacing() * 2.5
    unlink_non_web_links(document)
    paginate_for_paper(document, device.pageLayout(), reserve=band)
    keep_headings_with_next(document)
    page = document.pageSize()
    layout = document.documentLayout()
    dpi_x, dpi_y = _layout_dpi(document)
    pages = document.pageCount()
    margin = document.documentMargin()
    template = QCoreApplication.translate("printing", "page %1 sur %2")
    painter = QPainter(device)
    try:
        painter.scale(device.logicalDpiX() / dpi_x, device.logicalDpiY() / dpi_y)
        for index in range(pages):
            if index:
                device.newPage()
            top = index * page.height()
            painter.save()
            painter.translate(0, -top)
            context = QAbstractTextDocumentLayout.PaintContext()
            context.clip = QRectF(0, top, page.width(), page.height())
            # Dark text on paper, whatever the screen's palette (as print_ does).
            context.palette.setColor(QPalette.ColorRole.Text, QColor("black"))
            painter.setClipRect(context.clip)
            layout.draw(painter, context)
            painter.restore()
            number = template.replace("%1", str(index + 1)).replace("%2", str(pages))
            _draw_footer(
                painter,
                font,
                QRectF(margin, page.height(), page.width() - 2 * margin, band),
                footer,
                number,
            )
    finally:
        painter.end()


def _draw_footer(painter: QPainter, font: QFont, band: QRectF, title: str, number: str) -> None:
    painter.save()
    painter.setFont(font)
    painter.setPen(QColor(_FOOTER_COLOUR))
    metrics = QFontMetricsF(font)
    line_y = band.top() + metrics.lineSpacing() * 0.5
    painter.drawLine(QLineF(band.left(), line_y, band.right(), line_y))
    text = QRectF(band.left(), line_y, band.width(), band.bottom() - line_y)
    room = band.width() - metrics.horizontalAdvance(number) - metrics.averageCharWidth() * 4
    elided = metrics.elidedText(title, Qt.TextElideMode.ElideRight, max(room, 0))
    painter.drawText(text, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, elided)
    painter.drawText(text, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, number)
    painter.restore()


def unlink_non_web_links(document: QTextDocument) -> None:
    """Links to other tutorials (``tutoriel:``) or to anchors become plain text: on paper
    they were blue, underlined and led nowhere. Web addresses stay links."""
    for block in _blocks(document):
        iterator = block.begin()
        while not iterator.atEnd():
            fragment = iterator.fragment()
            fmt = fragment.charFormat()
            iterator += 1
            href = fmt.anchorHref() if fmt.isAnchor() else ""
            if not href or QUrl(href).scheme() in _WEB_SCHEMES:
                continue  # a plain fragment, a link target (a heading's name) or a web link
            plain = QTextCharFormat(fmt)
            # Cleared, not set empty: the PDF writer makes a link of any fragment that has
            # an address, even an empty one.
            plain.clearProperty(QTextFormat.Property.IsAnchor)
            plain.clearProperty(QTextFormat.Property.AnchorHref)
            plain.setFontUnderline(False)
            plain.clearProperty(QTextFormat.Property.ForegroundBrush)
            cursor = QTextCursor(document)
            cursor.setPosition(fragment.position())
            cursor.setPosition(
                fragment.position() + fragment.length(), QTextCursor.MoveMode.KeepAnchor
            )
            cursor.setCharFormat(plain)


def keep_headings_with_next(document: QTextDocument) -> None:
    """Move to the next page any heading left alone at the foot of a page, its text on the
    next one (Qt's rich text has no « keep with next »). Call after pagination."""
    height = document.pageSize().height()
    layout = document.documentLayout()
    for block in _blocks(document):
        if block.blockFormat().headingLevel() == 0:
            continue
        following = block.next()
        while following.isValid() and not following.text().strip():
            following = following.next()
        if not following.isValid():
            break
        heading_page = int(layout.blockBoundingRect(block).top() // height)
        if int(_first_line_top(layout, following) // height) <= heading_page:
            continue
        # Headings right above it (« Pas à pas » over its first step) go with it.
        first = block
        previous = _previous_text_block(first)
        while (
            previous is not None
            and previous.blockFormat().headingLevel()
            and int(layout.blockBoundingRect(previous).top() // height) == heading_page
        ):
            first = previous
            previous = _previous_text_block(first)
        page_top = document.documentMargin() + first.blockFormat().topMargin() + 1
        if layout.blockBoundingRect(first).top() - heading_page * height <= page_top:
            continue  # already first on its page: a break would only leave a blank page
        fmt = first.blockFormat()
        fmt.setPageBreakPolicy(fmt.pageBreakPolicy() | fmt.PageBreakFlag.PageBreak_AlwaysBefore)
        QTextCursor(first).setBlockFormat(fmt)
        # A full layout again: laid out piecemeal after a format change, blocks further on
        # were left without lines.
        document.setPageSize(document.pageSize())


def _previous_text_block(block: QTextBlock) -> QTextBlock | None:
    previous = block.previous()
    while previous.isValid() and not previous.text().strip():
        previous = previous.previous()
    return previous if previous.isValid() else None


def _first_line_top(layout: QAbstractTextDocumentLayout, block: QTextBlock) -> float:
    top = layout.blockBoundingRect(block).top()
    lines = block.layout()
    if lines is not None and lines.lineCount() > 0:
        return top + lines.lineAt(0).y()
    return top


def _blocks(document: QTextDocument):
    block = document.begin()
    while block.isValid():
        yield block
        block = block.next()


def print_document(parent: QWidget, document: QTextDocument) -> None:
    # Imported here: QtPrintSupport is only loaded when someone actually prints.
    from PySide6.QtPrintSupport import QPrintDialog, QPrinter

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(parent.tr("Imprimer le tutoriel"))
    if dialog.exec() == QPrintDialog.DialogCode.Accepted:
        paginate_for_paper(document, printer.pageLayout())
        document.print_(printer)
