"""Why Qt cannot open a window on this Linux machine, said in French with the command to fix it.

Qt's display plug-in (``libqxcb.so`` under X11) needs system libraries that a fresh Linux may
lack; Qt then aborts with an English message that names none of them. ``ldd`` on the plug-in
lists the ones missing; ``resources/system/qt-libs.txt`` (the list ``scripts/system-deps.sh``
installs from) gives the package of each on Debian/Ubuntu, Fedora and Arch.

Nothing here runs on a normal start: only once Qt has failed (``ui.platform_guard``) or in
``self-test``. No Qt import either, so the headless self-test can use it.
"""

from __future__ import annotations

import contextlib
import importlib.util
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from ent_coach import paths

FONT_ENTRY = "police"
FAMILIES = ("debian", "fedora", "arch")
_INSTALL = {
    "debian": "sudo apt-get install {packages}",
    "fedora": "sudo dnf install {packages}",
    "arch": "sudo pacman -S --needed {packages}",
}
_NOT_FOUND = re.compile(r"^\s*(\S+)\s+=>\s+not found\s*$", re.MULTILINE)


@dataclass(frozen=True)
class SystemLibrary:
    soname: str
    packages: dict[str, str]  # family → package name


def library_table(path: Path | None = None) -> dict[str, SystemLibrary]:
    """soname → its packages, from the shared list (empty if the file cannot be read)."""
    source = path or paths.resources_dir() / "system" / "qt-libs.txt"
    table: dict[str, SystemLibrary] = {}
    with contextlib.suppress(OSError, UnicodeDecodeError):
        for line in source.read_text(encoding="utf-8").splitlines():
            fields = line.split()
            if len(fields) < 4 or line.startswith("#") or fields[0] == FONT_ENTRY:
                continue
            table[fields[0]] = SystemLibrary(fields[0], dict(zip(FAMILIES, fields[1:4], strict=True)))
    return table


def missing_from_ldd(output: str) -> list[str]:
    """The libraries ``ldd`` reports « not found », each once, in its order."""
    return list(dict.fromkeys(_NOT_FOUND.findall(output)))


def run_ldd(library: Path) -> str | None:
    """``ldd``'s report on ``library``; None when ldd is absent or fails."""
    import shutil  # only once something went wrong
    import subprocess

    ldd = shutil.which("ldd")
    if ldd is None or not library.is_file():
        return None
    try:
        done = subprocess.run([ldd, str(library)], capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout


def linux_family(os_release: Path = Path("/etc/os-release")) -> str | None:
    """``debian``, ``fedora`` or ``arch`` from ID and ID_LIKE; None for another system."""
    try:
        text = os_release.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    values: dict[str, str] = {}
    for line in text.splitlines():
        key, _, value = line.partition("=")
        values[key.strip()] = value.strip().strip("\"'")
    names = [values.get("ID", ""), *values.get("ID_LIKE", "").split()]
    for name in names:
        if name in ("debian", "ubuntu"):
            return "debian"
        if name in ("fedora", "rhel", "centos"):
            return "fedora"
        if name == "arch":
            return "arch"
    return None


def install_advice(missing: list[str], table: dict[str, SystemLibrary], family: str | None) -> str:
    """The exact command for this family; the Debian one as a hint elsewhere."""
    chosen = family if family in _INSTALL else "debian"
    packages = sorted(
        {table[name].packages[chosen] for name in missing if name in table}
    )
    if not packages:
        return "Installez le paquet de votre distribution qui fournit ces bibliothèques."
    command = _INSTALL[chosen].format(packages=" ".join(packages))
    if family == chosen:
        lead = "Pour les installer" if len(missing) > 1 else "Pour l'installer"
        return f"{lead} :\n    {command}"
    what = "les paquets" if len(packages) > 1 else "le paquet"
    verb = "fournissent" if len(packages) > 1 else "fournit"
    them = "les" if len(missing) > 1 else "la"
    return f"Installez {what} de votre distribution qui {them} {verb} (sous Debian ou Ubuntu : {command})."


def missing_libraries_message(missing: list[str], family: str | None, table: dict[str, SystemLibrary] | None = None) -> str:
    """French explanation naming each missing library and how to install it."""
    names = ", ".join(missing)
    plural = len(missing) > 1
    intro = (
        f"ENT Coach ne peut pas ouvrir sa fenêtre : {'les bibliothèques système' if plural else 'la bibliothèque système'} "
        f"{names} {'manquent' if plural else 'manque'} sur cet ordinateur (Qt en a besoin pour l'affichage)."
    )
    return f"{intro}\n{install_advice(missing, table if table is not None else library_table(), family)}"


def import_failure_message(error: ImportError) -> str | None:
    """The French message when importing Qt failed for want of a system library (Qt's own
    modules link some directly, libEGL for one); None for any other import error."""
    found = re.search(r"(lib[\w.+-]*\.so[\w.]*): cannot open shared object file", str(error))
    if found is None:
        return None
    return missing_libraries_message([found.group(1)], linux_family())


def qt_plugin_path(platform: str = "xcb") -> Path | None:
    """Qt's display plug-in for ``platform`` shipped with PySide6 (found without importing Qt)."""
    spec = importlib.util.find_spec("PySide6")
    folders = [Path(folder) for folder in (spec.submodule_search_locations or [])] if spec else []
    folders.append(paths.bundle_root() / "PySide6")  # the frozen bundle's copy
    for folder in folders:
        candidate = folder / "Qt" / "plugins" / "platforms" / f"libq{platform}.so"
        if candidate.is_file():
            return candidate
    return None


def platform_failure_message(
    qt_messages: list[str], *, ldd_report: str | None, family: str | None, display: str | None
) -> str:
    """What to tell the person once Qt gave up loading its display plug-in: the missing
    libraries (from ``ldd_report``) when there are any, else the likely cause."""
    missing = missing_from_ldd(ldd_report or "")
    if missing:
        return missing_libraries_message(missing, family)
    text = "\n".join(qt_messages)
    if "could not connect to display" in text:
        shown = f"« {display} »" if display else "non définie"
        return (
            "ENT Coach ne peut pas ouvrir sa fenêtre : aucun écran graphique n'est accessible "
            f"(variable DISPLAY {shown}). Lancez-le depuis une session de bureau."
        )
    name = requested_platform(qt_messages) or "xcb"
    return (
        f"ENT Coach ne peut pas ouvrir sa fenêtre : le module d'affichage « {name} » de Qt n'a pas "
        "pu démarrer. Réinstaller ENT Coach peut résoudre le problème ; le détail est dans son journal."
    )


def requested_platform(qt_messages: list[str]) -> str | None:
    """The plug-in Qt tried, from its « Could not load/find the Qt platform plugin "xcb" »."""
    for message in qt_messages:
        found = re.search(r'Qt platform plugin "([^"]+)"', message)
        if found:
            return found.group(1)
    return None


def diagnose(plugin: Path | None) -> list[str]:
    """The libraries missing for ``plugin`` (empty when none, or when it cannot be told)."""
    if plugin is None or not sys.platform.startswith("linux"):
        return []
    report = run_ldd(plugin)
    return missing_from_ldd(report) if report else []
