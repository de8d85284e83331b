"""A fresh Linux without Qt's display libraries: `make run` / `make test` install them through
scripts/system-deps.sh, and the application (and its self-test) names a missing one in French
with the command to install it, instead of Qt's English abort."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from ent_coach import paths, system_libs
from ent_coach.services import selftest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "system-deps.sh"

# What ldd prints for the xcb plug-in on a Debian without libxcb-icccm4 and libxcb-keysyms1.
LDD_MISSING = """\
\tlinux-vdso.so.1 (0x00007ffd3b9f2000)
\tlibQt6XcbQpa.so.6 => /opt/PySide6/Qt/plugins/platforms/../../lib/libQt6XcbQpa.so.6 (0x00007f)
\tlibxcb-cursor.so.0 => /lib/x86_64-linux-gnu/libxcb-cursor.so.0 (0x00007f)
\tlibxcb-icccm.so.4 => not found
\tlibxcb-keysyms.so.1 => not found
\tlibxcb-icccm.so.4 => not found
\t/lib64/ld-linux-x86-64.so.2 (0x00007f)
"""


def test_missing_libraries_are_read_from_ldd_output_once_each() -> None:
    assert system_libs.missing_from_ldd(LDD_MISSING) == ["libxcb-icccm.so.4", "libxcb-keysyms.so.1"]
    assert system_libs.missing_from_ldd("\tlibc.so.6 => /lib/libc.so.6 (0x1)\n") == []


@pytest.mark.parametrize(
    ("family", "command"),
    [
        ("debian", "sudo apt-get install libxcb-icccm4 libxcb-keysyms1"),
        ("fedora", "sudo dnf install xcb-util-keysyms xcb-util-wm"),
        ("arch", "sudo pacman -S --needed xcb-util-keysyms xcb-util-wm"),
        (None, "(sous Debian ou Ubuntu : sudo apt-get install libxcb-icccm4 libxcb-keysyms1)"),
    ],
)
def test_the_french_message_names_each_missing_library_and_the_command(
    family: str | None, command: str
) -> None:
    message = system_libs.platform_failure_message(
        ["qt.qpa.plugin: Could not load the Qt platform plugin \"xcb\" in \"\" even though it was found."],
        ldd_report=LDD_MISSING, family=family, display=":0",
    )  # fmt: skip
    assert message.startswith("ENT Coach ne peut pas ouvrir sa fenêtre")
    assert "libxcb-icccm.so.4, libxcb-keysyms.so.1 manquent" in message
    assert command in message
    assert "Could not load" not in message


def test_without_missing_library_the_message_gives_the_likely_cause() -> None:
    no_display = system_libs.platform_failure_message(
        ["qt.qpa.xcb: could not connect to display :5"], ldd_report="", family="debian", display=":5"
    )
    assert "aucun écran graphique n'est accessible (variable DISPLAY « :5 »)" in no_display
    other = system_libs.platform_failure_message(
        ['qt.qpa.plugin: Could not find the Qt platform plugin "wayland" in ""'],
        ldd_report=None, family=None, display=None,
    )  # fmt: skip
    assert "le module d'affichage « wayland » de Qt n'a pas pu démarrer" in other


def test_os_release_gives_the_distribution_family(tmp_path: Path) -> None:
    release = tmp_path / "os-release"
    for text, family in [
        ('ID=linuxmint\nID_LIKE="ubuntu debian"\n', "debian"),
        ("ID=fedora\n", "fedora"),
        ("ID=endeavouros\nID_LIKE=arch\n", "arch"),
        ("ID=gentoo\n", None),
    ]:
        release.write_text(text, encoding="utf-8")
        assert system_libs.linux_family(release) == family
    assert system_libs.linux_family(tmp_path / "absent") is None


def test_the_list_knows_every_system_library_the_xcb_plugin_links() -> None:
    plugin = system_libs.qt_plugin_path("xcb")
    report = system_libs.run_ldd(plugin) if plugin else None
    if not report:
        pytest.skip("no xcb plug-in or no ldd here")
    table = system_libs.library_table()
    prefixes = ("libxcb", "libX11", "libxkbcommon", "libEGL", "libGL.", "libfontconfig", "libglib", "libdbus")
    linked = {line.split()[0] for line in report.splitlines() if line.strip().startswith(prefixes)}
    assert linked and linked <= set(table), sorted(linked - set(table))


def test_self_test_names_a_missing_display_library(monkeypatch: pytest.MonkeyPatch) -> None:
    if not sys.platform.startswith("linux"):
        pytest.skip("Linux only")
    monkeypatch.setattr(system_libs, "qt_plugin_path", lambda platform="xcb": Path("/libqxcb.so"))
    monkeypatch.setattr(system_libs, "run_ldd", lambda plugin: LDD_MISSING)
    [failure] = selftest.check_display_libraries()
    assert "libxcb-icccm.so.4" in failure and "libxcb-keysyms1" in failure
    monkeypatch.setattr(system_libs, "run_ldd", lambda plugin: "\tlibc.so.6 => /lib/libc.so.6\n")
    assert selftest.check_display_libraries() == []


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Qt's xcb plug-in is Linux only")
def test_a_window_that_cannot_open_says_why_in_french_instead_of_aborting(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("WAYLAND", "XDG_SESSION"))}
    env.update(QT_QPA_PLATFORM="xcb", DISPLAY=":7391", PYTHONPATH=str(ROOT))
    done = subprocess.run(
        [sys.executable, "-m", "ent_coach", "--data-dir", str(tmp_path / "donnees")],
        capture_output=True, text=True, env=env, timeout=60,
    )  # fmt: skip
    assert done.returncode == 2, done.stderr
    assert done.stderr.startswith("ENT Coach ne peut pas ouvrir sa fenêtre"), done.stderr
    assert "Could not load the Qt platform plugin" not in done.stderr
    # Qt's own words stay available in the log for whoever helps.
    assert "Could not load the Qt platform plugin" in (tmp_path / "donnees" / "ent-coach.log").read_text(
        encoding="utf-8"
    )


# --- scripts/system-deps.sh ------------------------------------------------------------------


def _script_copy(tmp_path: Path, rows: str) -> Path:
    """The script beside a list holding ``rows`` (so a library can be missing on purpose)."""
    (tmp_path / "scripts").mkdir()
    (tmp_path / "resources" / "system").mkdir(parents=True)
    shutil.copy(SCRIPT, tmp_path / "scripts" / SCRIPT.name)
    (tmp_path / "resources" / "system" / "qt-libs.txt").write_text(
        "# test list\n" + rows, encoding="utf-8"
    )
    return tmp_path / "scripts" / SCRIPT.name


def _run(script: Path, *args: str, os_release: str = "ID=fedora\n") -> subprocess.CompletedProcess[str]:
    release = script.parent / "os-release"
    release.write_text(os_release, encoding="utf-8")
    return subprocess.run(
        ["bash", str(script), *args], capture_output=True, text=True, timeout=60,
        env=dict(os.environ, OS_RELEASE=str(release)),
    )  # fmt: skip


@pytest.mark.skipif(not sys.platform.startswith("linux") or not shutil.which("bash"), reason="Linux")
def test_the_script_finds_a_missing_library_and_prints_the_exact_command(tmp_path: Path) -> None:
    script = _script_copy(
        tmp_path,
        "libc.so.6  libc6  glibc  glibc\n"
        "libabsent-pour-le-test.so.9  libabsent9  absent-libs  absent\n",
    )
    check = _run(script, "check")
    assert check.returncode == 1
    assert check.stdout.strip() == "libabsent-pour-le-test.so.9"
    fedora = _run(script, "install")
    assert fedora.returncode == 1
    assert "absentes de cet ordinateur : libabsent-pour-le-test.so.9." in fedora.stderr
    assert "sudo dnf install absent-libs" in fedora.stderr
    other = _run(script, "install", os_release="ID=gentoo\n")
    assert other.returncode == 1 and "libabsent9" in other.stderr


@pytest.mark.skipif(not sys.platform.startswith("linux") or not shutil.which("bash"), reason="Linux")
def test_the_script_is_silent_when_nothing_is_missing(tmp_path: Path) -> None:
    script = _script_copy(tmp_path, "libc.so.6  libc6  glibc  glibc\n")
    for mode in ("check", "install"):
        done = _run(script, mode, os_release="ID=debian\n")
        assert (done.returncode, done.stdout, done.stderr) == (0, "", "")


def test_one_list_serves_the_makefile_the_ci_and_the_application() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "scripts/system-deps.sh" in makefile and "scripts/system-deps.sh install" in ci
    for target in ("run:", "test:"):
        line = next(line for line in makefile.splitlines() if line.startswith(target))
        assert "system" in line.split(":", 1)[1], line
    assert "apt-get install" not in ci  # no second list there
    assert (paths.resources_dir() / "system" / "qt-libs.txt").is_file()
    assert "libxcb-cursor.so.0" in system_libs.library_table()


@pytest.mark.skipif(not sys.platform.startswith("linux") or not shutil.which("bash"), reason="Linux")
def test_the_script_asks_for_binutils_before_building_the_bundle(tmp_path: Path) -> None:
    # A PATH with the shell's basic tools but neither objdump nor objcopy (a fresh Debian).
    tools = tmp_path / "bin"
    tools.mkdir()
    for name in ("bash", "uname", "dirname", "awk", "sed", "id", "cat", "paste", "sort", "tr", "grep"):
        found = shutil.which(name)
        if found:
            (tools / name).symlink_to(found)
    release = tmp_path / "os-release"
    release.write_text("ID=fedora\n", encoding="utf-8")
    done = subprocess.run(
        [str(tools / "bash"), str(SCRIPT), "bundle"], capture_output=True, text=True, timeout=60,
        env={"PATH": str(tools), "OS_RELEASE": str(release)},
    )  # fmt: skip
    assert done.returncode == 1
    assert "objdump et objcopy (paquet binutils)" in done.stderr
    assert "sudo dnf install binutils" in done.stderr


def test_qt_modules_that_cannot_load_a_system_library_give_the_same_french_message(
    monkeypatch: pytest.MonkeyPatch, capsys, tmp_path: Path
) -> None:
    import builtins

    from ent_coach import app

    monkeypatch.setattr(system_libs, "linux_family", lambda *args: "debian")
    real_import = builtins.__import__

    def without_egl(name, *args, **kwargs):  # QtWidgets as on a system without libEGL
        if name == "PySide6.QtWidgets":
            raise ImportError("libEGL.so.1: cannot open shared object file: No such file or directory")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", without_egl)
    assert app.run_gui(data_dir=tmp_path / "donnees") == 2
    err = capsys.readouterr().err
    assert err.startswith("ENT Coach ne peut pas ouvrir sa fenêtre : la bibliothèque système libEGL.so.1 manque")
    assert "Pour l'installer :\n    sudo apt-get install libegl1" in err
    assert system_libs.import_failure_message(ImportError("No module named 'PySide6'")) is None
