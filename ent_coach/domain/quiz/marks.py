"""The quiz's pass mark, on its own: pathways need it without the quiz model (start-up)."""

from __future__ import annotations

PASS_MARK = 0.8  # a training or the assessment is passed at 80 %
