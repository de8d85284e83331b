"""PDFs painted on a painting thread behind a progress dialog: the work runs off the GUI
thread, progress and results come back on it, cancel stops between files, and a failure is
reported in French without losing what was written."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from PySide6.QtWidgets import QProgressDialog, QPushButton, QWidget

from ent_coach.ui.coaching.report import write_attestations
from ent_coach.ui.paint_job import PaintJob, running_jobs
from tests.ui.test_coaching_dashboard import make_dashboard


@pytest.fixture
def parent(qtbot) -> QWidget:
    widget = QWidget()
    qtbot.addWidget(widget)
    widget.show()
    return widget


def test_the_job_runs_off_the_gui_thread_and_answers_on_it(parent, qtbot) -> None:
    seen: dict[str, object] = {}

    def work(progress, _cancelled) -> str:
        seen["worker"] = threading.current_thread() is threading.main_thread()
        progress(1, 3)
        progress(3, 3)
        return "fait"

    def done(result: object) -> None:
        seen["gui"] = threading.current_thread() is threading.main_thread()
        seen["result"] = result

    PaintJob(parent=parent, title="Essai", label="Production…", job=work).success(done).run()
    qtbot.waitUntil(lambda: "result" in seen and running_jobs() == 0)
    assert seen == {"worker": False, "gui": True, "result": "fait"}
    assert not [d for d in parent.findChildren(QProgressDialog) if d.isVisible()]


def test_cancelling_stops_the_attestations_between_files(parent, qtbot, tmp_path: Path) -> None:
    dashboard = make_dashboard()
    release = threading.Event()
    outcome: list[list[Path]] = []

    def work(progress, cancelled) -> list[Path]:
        def first_then_wait(done: int, total: int) -> None:
            progress(done, total)
            release.wait(5)  # the tutor clicks « Annuler » while the first file is done

        return write_attestations(
            dashboard, tmp_path, progress=first_then_wait, cancelled=cancelled
        )

    job = PaintJob(parent=parent, title="Attestations", label="Production…", job=work)
    job.success(outcome.append).run()
    qtbot.waitUntil(lambda: job.dialog.maximum() == len(dashboard.rows))
    assert job.dialog.value() == 1
    job.dialog.findChild(QPushButton).click()  # « Annuler »
    assert job.cancelled()
    release.set()
    qtbot.waitUntil(lambda: bool(outcome))
    assert len(outcome[0]) == 1 < len(dashboard.rows)
    assert [path.name for path in tmp_path.iterdir()] == [outcome[0][0].name]
    assert outcome[0][0].read_bytes().startswith(b"%PDF")


def test_a_failure_comes_back_to_the_failure_callback(parent, qtbot, tmp_path: Path) -> None:
    errors: list[Exception] = []
    blocked = tmp_path / "fichier"
    blocked.write_text("pas un dossier", encoding="utf-8")

    job = PaintJob(
        parent=parent, title="Attestations", label="Production…",
        job=lambda progress, cancelled: write_attestations(make_dashboard(), blocked / "sous"),
    )  # fmt: skip
    job.success(lambda _files: pytest.fail("no file can be written there")).failure(
        errors.append
    ).run()
    qtbot.waitUntil(lambda: bool(errors))
    assert isinstance(errors[0], OSError)
    assert running_jobs() == 0
