"""Diagrams drawn from their SVG at the size shown and the screen's pixel ratio."""

from __future__ import annotations

from PySide6.QtCore import QUrl

from ent_coach.ui.diagrams import diagram_image, natural_size, sized_html

HTML = '<p><img alt="Schéma" src="images/services-ent.svg"></p>'


def test_sized_html_gives_width_height_and_theme(qapp) -> None:
    natural = natural_size("images/services-ent.svg")
    assert natural is not None
    narrow = sized_html(HTML, available=400, dark=True)
    assert 'width="400"' in narrow and "largeur=400" in narrow and "theme=sombre" in narrow
    assert f'height="{round(400 * natural[1] / natural[0])}"' in narrow
    wide = sized_html(HTML, available=5000, dark=False)
    assert f'width="{natural[0]}"' in wide and "theme" not in wide  # never enlarged
    assert 'alt="Schéma"' in wide


def test_image_is_drawn_at_the_pixel_ratio_for_crisp_text(qapp) -> None:
    url = QUrl("images/services-ent.svg?largeur=300")
    image = diagram_image(url, pixel_ratio=2.0)
    assert image is not None
    assert image.width() == 600 and image.devicePixelRatio() == 2.0
    plain = diagram_image(url, pixel_ratio=1.0)
    assert plain is not None and plain.width() == 300


def test_dark_image_has_a_dark_page(qapp) -> None:
    light = diagram_image(QUrl("images/services-ent.svg?largeur=300"), pixel_ratio=1.0)
    dark = diagram_image(QUrl("images/services-ent.svg?largeur=300&theme=sombre"), pixel_ratio=1.0)
    assert light is not None and dark is not None
    assert light.pixelColor(2, 2).lightness() > 230
    assert dark.pixelColor(2, 2).lightness() < 60


def test_only_diagrams_of_the_tutorials_folder_are_drawn(qapp) -> None:
    assert diagram_image(QUrl("../../etc/x.svg?largeur=300"), pixel_ratio=1.0) is None
    assert diagram_image(QUrl("images/services-ent.svg"), pixel_ratio=1.0) is None
    assert diagram_image(QUrl("images/photo.png?largeur=300"), pixel_ratio=1.0) is None
