"""« Raccourcis clavier » (F1): every shortcut of the main window and its sections, read from
the shortcuts and actions the screens created, grouped by section.

A shortcut object says its keys, not what it does: the descriptions below are keyed by the
screen that owns the shortcut and its keys, and list the shortcuts of screens not built yet
(sections are built on first use). A test builds every screen and checks that each shortcut
found there is described and shown, and that no entry describes a shortcut that no longer
exists: the list cannot drift from the application.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from html import escape

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import QAbstractButton, QFrame, QLabel, QScrollArea, QVBoxLayout, QWidget

from ent_coach.ui.widgets import heading_label, muted_label

EVERYWHERE = "partout"
READER = "lecteur"

# (class of the screen owning the shortcut, keys in portable text) → (section, what it does).
# Shortcuts of screens built on demand (a séance's dashboard) are listed from here even before
# that screen was first opened.
DESCRIPTIONS: dict[tuple[str, str], tuple[str, str]] = {
    ("MainWindow", "Ctrl+K"): (EVERYWHERE, "Rechercher dans les contenus"),
    ("MainWindow", "Ctrl+F"): (EVERYWHERE, "Rechercher dans les contenus"),
    ("MainWindow", "Ctrl+Q"): (EVERYWHERE, "Quitter ENT Coach"),
    ("MainWindow", "Ctrl+Shift+P"): (EVERYWHERE, "Changer de profil"),
    ("MainWindow", "F1"): (EVERYWHERE, "Afficher cette liste des raccourcis clavier"),
    ("HomePage", "Esc"): ("accueil", "Masquer le guide de bienvenue"),
    ("PathwayView", "Alt+Left"): ("parcours", "Revenir à la liste des parcours"),
    ("ReaderPage", "Alt+Left"): (READER, "Revenir à la liste des tutoriels"),
    ("ReaderPage", "Ctrl+["): (READER, "Tutoriel précédent"),
    ("ReaderPage", "Ctrl+]"): (READER, "Tutoriel suivant"),
    ("ReaderPage", "Ctrl+D"): (READER, "Marquer le tutoriel comme terminé"),
    ("ReaderPage", "Ctrl+P"): (READER, "Imprimer le tutoriel"),
    ("QuestionView", "Esc"): ("quiz", "Interrompre le quiz (vous pourrez le reprendre)"),
    ("SandboxCatalogue", "Ctrl+Tab"): ("bac-a-sable", "Passer des scénarios au mode libre, et inversement"),
    ("WorkspaceView", "Alt+Left"): ("bac-a-sable", "Revenir au catalogue des scénarios"),
    ("WorkspaceView", "Ctrl+Z"): ("bac-a-sable", "Annuler la dernière action"),
    ("WorkspaceView", "Ctrl+Y"): ("bac-a-sable", "Rétablir l'action annulée"),
    ("WorkspaceView", "Ctrl+Shift+Z"): ("bac-a-sable", "Rétablir l'action annulée"),
    ("WorkspaceView", "Ctrl+Shift+S"): ("bac-a-sable", "Partager l'élément choisi"),
    ("WorkspaceView", "Ctrl+Shift+V"): ("bac-a-sable", "Voir l'espace comme une autre personne"),
    ("WorkspaceView", "Ctrl+Shift+M"): ("bac-a-sable", "Régler la communication entre groupes"),
    ("WorkspaceView", "Ctrl+Return"): ("bac-a-sable", "Vérifier le scénario"),
    ("WorkspaceView", "Ctrl+Enter"): ("bac-a-sable", "Vérifier le scénario"),
    ("WorkspaceView", "F2"): ("bac-a-sable", "Renommer l'élément choisi"),
    ("WorkspaceView", "Del"): ("bac-a-sable", "Supprimer l'élément choisi"),
    ("WorkspaceView", "Ctrl+Shift+I"): ("bac-a-sable", "Afficher un indice"),
    ("AssessmentPage", "Ctrl+N"): ("auto-evaluation", "Commencer une nouvelle auto-évaluation"),
    ("AssessmentForm", "Return"): ("auto-evaluation", "Garder le niveau choisi et passer à la compétence suivante"),
    ("AssessmentForm", "Enter"): ("auto-evaluation", "Garder le niveau choisi et passer à la compétence suivante"),
    ("AssessmentForm", "Ctrl+PgDown"): ("auto-evaluation", "Compétence suivante"),
    ("AssessmentForm", "Ctrl+PgUp"): ("auto-evaluation", "Compétence précédente"),
    ("AssessmentForm", "Ctrl+S"): ("auto-evaluation", "Enregistrer l'auto-évaluation"),
    ("PracticesPage", "Ctrl+N"): ("bonnes-pratiques", "Rédiger une nouvelle pratique"),
    ("PracticesPage", "Ctrl+D"): ("bonnes-pratiques", "Ajouter la pratique aux favoris, ou l'en retirer"),
    ("PracticesPage", "Del"): ("bonnes-pratiques", "Supprimer la pratique rédigée choisie"),
    ("CoachingPage", "Ctrl+N"): ("seances", "Préparer une nouvelle séance"),
    ("SeanceList", "Del"): ("seances", "Supprimer la séance choisie"),
    ("SeanceView", "Alt+Left"): ("seances", "Revenir à la liste des séances"),
    ("SeanceEditor", "Ctrl+S"): ("seances", "Enregistrer le plan de séance"),
    ("SeanceEditor", "Del"): ("seances", "Retirer l'étape choisie du plan"),
    ("SeanceEditor", "Alt+Up"): ("seances", "Monter l'étape choisie dans le plan"),
    ("SeanceEditor", "Alt+Down"): ("seances", "Descendre l'étape choisie dans le plan"),
    ("ShareSplitter", "Del"): ("seances", "Retirer de la séance la personne choisie (tableau de bord)"),
    ("DashboardView", "Esc"): ("seances", "Quitter le mode projection (tableau de bord)"),
}

# Moving around: Qt's and the application's conventions, not shortcut objects.
CONVENTIONS: tuple[tuple[str, str], ...] = (
    ("Tab / Maj+Tab", "Passer au contrôle suivant ou précédent (une liste ou un tableau se quitte en une fois)"),
    ("↑ ↓ ← →", "Se déplacer dans une liste, un tableau ou un groupe de choix"),
    ("Espace", "Cocher, choisir ou appuyer sur le bouton qui a le focus"),
    ("Entrée", "Ouvrir l'élément choisi dans une liste ; valider une fenêtre"),
    ("Échap", "Fermer une fenêtre sans rien changer"),
    ("Ctrl+Tab", "Passer à l'onglet suivant"),
    ("Alt + lettre soulignée", "Aller au champ ou au bouton de cette lettre"),
)


@dataclass(frozen=True, slots=True)
class Entry:
    section: str
    keys: str  # portable text, e.g. "Ctrl+Shift+P"
    owner: str  # class of the screen that owns the shortcut
    description: str


def owner_of(obj: QObject) -> str:
    """Class name of the nearest screen of the application holding ``obj``."""
    node: QObject | None = obj.parent()
    while node is not None:
        if type(node).__module__.startswith("ent_coach."):
            return type(node).__name__
        node = node.parent()
    return ""


def live_shortcuts(window: QWidget) -> list[tuple[QObject, str]]:
    """(holder, keys) for every shortcut, action and button shortcut in the window."""
    found: list[tuple[QObject, str]] = []
    for shortcut in window.findChildren(QShortcut):
        sequences = shortcut.keys()  # a QShortcut's key sequences (not a mapping)
        found += [(shortcut, key.toString()) for key in sequences if not key.isEmpty()]
    for action in window.findChildren(QAction):
        found += [(action, key.toString()) for key in action.shortcuts() if not key.isEmpty()]
    for button in window.findChildren(QAbstractButton):
        key = button.shortcut()
        if not key.isEmpty() and key != QKeySequence.mnemonic(button.text()):  # Alt+letter: shown underlined
            found.append((button, key.toString()))
    return found


def collect(window: QWidget, section_of: Mapping[QWidget, str]) -> list[Entry]:
    """Every shortcut found in ``window`` (``section_of``: each section's page) and every
    described one of a screen not built yet."""
    entries: dict[tuple[str, str], Entry] = {}
    for holder, keys in live_shortcuts(window):
        owner = owner_of(holder)
        section, description = DESCRIPTIONS.get((owner, keys), ("", ""))
        if not section:
            section = _section_of(holder, section_of)
        if not description:
            description = holder.whatsThis() or (_action_text(holder) if isinstance(holder, QAction) else "")
        entries[(owner, keys)] = Entry(section, keys, owner, description)
    for (owner, keys), (section, description) in DESCRIPTIONS.items():
        entries.setdefault((owner, keys), Entry(section, keys, owner, description))
    return list(entries.values())


def _section_of(holder: QObject, section_of: Mapping[QWidget, str]) -> str:
    node: QObject | None = holder
    while node is not None:
        if isinstance(node, QWidget) and node in section_of:
            return section_of[node]
        node = node.parent()
    return EVERYWHERE


def _action_text(action: QAction) -> str:
    return action.text().replace("&", "").rstrip("…").split(" : ")[0].strip()


def native_keys(keys: str) -> str:
    """The keys as printed on a French keyboard (« Maj », « Suppr », « Entrée »)."""
    text = QKeySequence(keys).toString(QKeySequence.SequenceFormat.NativeText)
    return text.replace("Retour", "Entrée")


class ShortcutsPage(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.entries: list[Entry] = []
        body = QWidget(self)
        self.heading = heading_label(self.tr("Raccourcis clavier"), level=1, parent=body)
        self.intro = muted_label(
            self.tr(
                "Tout ENT Coach s'utilise au clavier. Les raccourcis d'une section marchent quand "
                "elle est affichée ; ceux de « Partout », depuis n'importe quel écran. F1 rouvre "
                "cette liste."
            ),
            body,
        )
        self.table = QLabel(body)
        self.table.setObjectName("shortcutsTable")
        self.table.setTextFormat(Qt.TextFormat.RichText)
        self.table.setWordWrap(True)
        self.table.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.table.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        layout = QVBoxLayout(body)
        layout.addWidget(self.heading)
        layout.addWidget(self.intro)
        layout.addWidget(self.table)
        layout.addStretch(1)
        self.scroll = QScrollArea(self)
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setWidget(body)
        self.scroll.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # ↑ ↓ Page suiv scroll the list
        self.scroll.setAccessibleName(self.tr("Raccourcis clavier"))
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.scroll)

    def show_entries(self, entries: Iterable[Entry], section_labels: Mapping[str, str]) -> None:
        """``section_labels``: section key → label, in the order the sections are shown."""
        self.entries = list(entries)
        parts = [self._group(self.tr("Se déplacer"), CONVENTIONS)]
        for section, label in section_labels.items():
            rows: dict[str, list[str]] = {}  # description → keys, in first-seen order
            for entry in sorted(
                (e for e in self.entries if e.section == section), key=lambda e: _key_order(e.keys)
            ):
                shown = native_keys(entry.keys)
                keys = rows.setdefault(self.tr(entry.description), [])
                if shown not in keys:
                    keys.append(shown)
            if rows:
                parts.append(self._group(label, [(" ou ".join(keys), text) for text, keys in rows.items()]))
        # One table, so that the keys line up from one section to the next.
        self.table.setText(f"<table cellspacing='0' cellpadding='3'>{''.join(parts)}</table>")
        self.scroll.verticalScrollBar().setValue(0)

    def _group(self, title: str, rows: Iterable[tuple[str, str]]) -> str:
        cells = "".join(
            f"<tr><td style='white-space: nowrap; padding-right: 18px'><b>{escape(keys)}</b></td>"
            f"<td>{escape(text)}</td></tr>"
            for keys, text in rows
        )
        return f"<tr><td colspan='2'><h3>{escape(title)}</h3></td></tr>{cells}"


def _key_order(keys: str) -> tuple[int, str]:
    # Ctrl+1 … Ctrl+0 in the sidebar's order, then the others alphabetically.
    digits = "1234567890"
    if keys.startswith("Ctrl+") and keys[5:] in digits and len(keys) == 6:
        return (0, str(digits.index(keys[5:])))
    return (1, keys)
