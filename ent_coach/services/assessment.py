"""Self-assessment use cases: the framework, the profile's sittings, saving a new one."""

from __future__ import annotations

import datetime as dt
import threading
import uuid
from collections.abc import Callable

from ent_coach.domain import statements as xapi
from ent_coach.domain.assessment import Assessment, AssessmentError, Rating, check_ratings
from ent_coach.domain.competences import Framework
from ent_coach.domain.profiles import Profile
from ent_coach.store.database import Store

DEFAULT_FRAMEWORK = "crcn"


def _writes():
    """ORM modules, imported on first use (keeps SQLAlchemy off the start-up path)."""
    from ent_coach.store import assessments, profiles, progress

    return assessments, profiles, progress


class AssessmentService:
    def __init__(self, store: Store, load_frameworks: Callable[[], tuple[Framework, ...]]) -> None:
        self._store = store
        self._load_frameworks = load_frameworks
        self._frameworks: tuple[Framework, ...] | None = None
        self._lock = threading.Lock()

    def framework(self) -> Framework:
        """The framework teachers assess themselves on (the CRCN)."""
        with self._lock:
            if self._frameworks is None:
                self._frameworks = self._load_frameworks()
        found = next((f for f in self._frameworks if f.id == DEFAULT_FRAMEWORK), None)
        if found is None:
            raise AssessmentError(
                "Le référentiel de compétences n'a pas pu être chargé : l'auto-évaluation est "
                "indisponible. Réinstallez ENT Coach si le problème persiste."
            )
        return found

    def history(self, profile: Profile) -> list[Assessment]:
        """The profile's self-assessments on the framework, oldest first."""
        assessments, _, _ = _writes()
        framework = self.framework()
        with self._store.session() as session:
            return assessments.history(session, profile_id=profile.id, framework_id=framework.id)

    def save(self, profile: Profile, ratings: dict[str, Rating]) -> Assessment:
        """Record a new sitting (earlier ones are kept) and its ``completed`` statement."""
        assessments, profiles, progress = _writes()
        framework = self.framework()
        checked = check_ratings(framework, ratings)
        # Local time with its offset for the statement (xAPI wants one); the store keeps it naive.
        stamped = dt.datetime.now().astimezone()
        now = stamped.replace(tzinfo=None)
        assessment_id = str(uuid.uuid4())
        with self._store.session() as session:
            saved = assessments.add(
                session, profile_id=profile.id, assessment_id=assessment_id,
                framework_id=framework.id, created_at=now, ratings=checked,
            )  # fmt: skip
            statement = xapi.self_assessment_statement(
                actor_=xapi.actor(
                    install_id=profiles.install_id(session), pseudonym=profile.pseudonym
                ),
                registration=assessment_id,
                framework_id=framework.id,
                title=f"Auto-évaluation : {framework.short_title}",
                levels={cid: r.level for cid, r in checked.items() if r.level is not None},
                competences_total=len(framework.competences()),
                timestamp=stamped.replace(microsecond=0),
            )
            progress.record_activity(
                session, profile_id=profile.id,
                activity_id=xapi.self_assessment_iri(framework.id),
                kind=xapi.SELF_ASSESSMENT_KIND, now=now.replace(microsecond=0),
                statement=statement, completed=True, new_attempt=True,
            )  # fmt: skip
        return saved
