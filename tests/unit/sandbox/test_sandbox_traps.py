"""Each trap of the reference notes, reproduced on the engine (ent-sandbox.md §1, b3–b7)."""

from __future__ import annotations

import pytest

from ent_coach.domain.sandbox import (
    INTERNET,
    Action,
    AppKind,
    Comments,
    GrantKind,
    History,
    Level,
    Publication,
    Share,
    Visibility,
    Workspace,
    actions_of,
    can_message,
    explain,
    see_as,
)
from ent_coach.domain.sandbox.commands import (
    AddLink,
    AddToShare,
    CommandError,
    Embed,
    Move,
    RemoveShare,
    SetComments,
    SetDraft,
    SetInternalCommunication,
    SetPublication,
    SetShare,
    SetVisibility,
    ShareMany,
    TickLevel,
    UntickLevel,
)

L = Level


def can(ws: Workspace, who: str, action: Action, target: str) -> bool:
    return explain(ws, who=who, action=action, target=target).allowed


# --- share panel -----------------------------------------------------------------------------


def test_adding_someone_to_a_share_preticks_read_and_comment(school: Workspace) -> None:
    ws = AddToShare("blog", "parents-4b").apply(school)
    assert ws.items["blog"].share_for("parents-4b").levels == {L.LIRE, L.COMMENTER}
    # Once comments are switched on, the pre-ticked box lets every parent of 4B comment.
    ws = SetComments("blog", Comments.MODERES).apply(ws)
    assert can(ws, "parents-4b", Action.COMMENTER, "blog")
    assert can(ws, "bernard", Action.COMMENTER, "blog")


def test_apps_without_comments_pretick_read_only(school: Workspace) -> None:
    ws = AddToShare("mur", "eleves-4b").apply(school)
    assert ws.items["mur"].share_for("eleves-4b").levels == {L.LIRE}


def test_ticking_manage_ticks_everything_below_and_unticking_read_unticks_all(
    school: Workspace,
) -> None:
    ws = TickLevel("forum", "enseignants-4c", L.GERER).apply(school)
    assert ws.items["forum"].share_for("enseignants-4c").levels == {
        L.LIRE,
        L.CONTRIBUER,
        L.PUBLIER,
        L.GERER,
    }
    ws = UntickLevel("forum", "enseignants-4c", L.CONTRIBUER).apply(ws)
    assert ws.items["forum"].share_for("enseignants-4c").levels == {L.LIRE}
    ws = UntickLevel("forum", "enseignants-4c", L.LIRE).apply(ws)
    assert ws.items["forum"].share_for("enseignants-4c") is None


def test_a_level_the_app_does_not_offer_is_refused(school: Workspace) -> None:
    with pytest.raises(CommandError, match="ne propose pas"):
        TickLevel("mur", "eleves-4b", L.COMMENTER).apply(school)
    with pytest.raises(CommandError, match="ne se partage pas"):
        AddToShare("casier", "eleves-4b").apply(school)


def test_rights_only_add_up_a_narrow_share_cannot_restrict_a_broad_one(school: Workspace) -> None:
    ws = SetShare("blog", "eleves-etab", frozenset({L.LIRE})).apply(school)
    ws = SetShare("blog", "eleves-4c", frozenset()).apply(ws)  # "nothing for 4C": no effect
    assert can(ws, "tom", Action.VOIR, "blog")
    verdict = explain(ws, who="tom", action=Action.VOIR, target="blog")
    assert [g.principal for g in verdict.grants] == ["eleves-etab"]
    assert "Élèves de l'établissement" in verdict.reason


def test_the_owner_holds_every_right(school: Workspace) -> None:
    verdict = explain(school, who="durand", action=Action.GERER, target="blog")
    assert verdict.allowed
    assert verdict.grants[0].kind is GrantKind.PROPRIETAIRE


# --- workspace folders -----------------------------------------------------------------------


def test_folder_share_reaches_every_file_and_subfolder(school: Workspace) -> None:
    assert can(school, "lea", Action.VOIR, "corrige")
    verdict = explain(school, who="eleves-4b", action=Action.VOIR, target="corrige")
    assert verdict.grants[0].kind is GrantKind.HERITAGE
    assert verdict.grants[0].via == "ressources"
    assert "hérité du dossier « 4B – Ressources »" in verdict.reason
    assert not can(school, "tom", Action.VOIR, "corrige")


def test_move_drops_own_shares_and_takes_the_destination_rights(school: Workspace) -> None:
    ws = SetShare("photo", "parents-4b", frozenset({L.LIRE})).apply(school)
    assert can(ws, "bernard", Action.VOIR, "photo")
    ws = Move("photo", "ressources").apply(ws)
    assert ws.items["photo"].shares == ()
    assert not can(ws, "bernard", Action.VOIR, "photo")
    assert can(ws, "lea", Action.VOIR, "photo")  # the destination's share now applies


def test_moving_a_subfolder_out_of_a_shared_folder_hides_it(school: Workspace) -> None:
    ws = Move("corriges", "app-docs").apply(school)
    assert not can(ws, "lea", Action.VOIR, "corrige")
    with pytest.raises(CommandError):
        Move("ressources", "corriges").apply(school)


def test_sharing_several_items_at_once_overwrites_their_shares(school: Workspace) -> None:
    ws = SetShare("fiche", "enseignants-4b", frozenset({L.LIRE, L.CONTRIBUER})).apply(school)
    ws = ShareMany(("fiche", "cours"), (Share("parents-4b", frozenset({L.LIRE})),)).apply(ws)
    assert ws.items["fiche"].shares == (Share("parents-4b", frozenset({L.LIRE})),)
    assert not can(ws, "enseignants-4b", Action.CONTRIBUER, "fiche")


# --- publication, moderation, public exposure ------------------------------------------------


def test_blog_publication_workflow(school: Workspace) -> None:
    ws = SetShare("blog", "eleves-4b", frozenset({L.CONTRIBUER})).apply(school)
    # Server default: posts submitted for validation.
    assert ws.items["blog"].publication is Publication.VALIDATION
    assert can(ws, "eleves-4b", Action.CONTRIBUER, "blog")
    assert not can(ws, "eleves-4b", Action.PUBLIER_SANS_VALIDATION, "blog")
    ws = SetPublication("blog", Publication.IMMEDIATE).apply(ws)
    assert can(ws, "eleves-4b", Action.PUBLIER_SANS_VALIDATION, "blog")


def test_comments_disabled_by_default_block_commenting_whatever_the_shares(
    school: Workspace,
) -> None:
    ws = AddToShare("blog", "parents-4b").apply(school)
    verdict = explain(ws, who="parents-4b", action=Action.COMMENTER, target="blog")
    assert not verdict.some
    assert "désactivés" in verdict.reason


def test_news_contributors_need_a_publisher_and_forum_moderator_is_publish(
    school: Workspace,
) -> None:
    ws = SetShare("fil", "enseignants-4b", frozenset({L.CONTRIBUER})).apply(school)
    assert not can(ws, "enseignants-4b", Action.PUBLIER_SANS_VALIDATION, "fil")
    ws = SetShare("forum", "eleves-4b", frozenset({L.PUBLIER})).apply(ws)
    assert can(ws, "eleves-4b", Action.MODERER, "forum")
    assert not can(ws, "eleves-4b", Action.GERER, "forum")


def test_public_blog_exposes_embedded_documents_even_a_colleagues(school: Workspace) -> None:
    ws = Embed("blog", "fiche").apply(school)
    assert not explain(ws, who=INTERNET, action=Action.VOIR, target="fiche").some
    ws = SetVisibility("blog", Visibility.PUBLIC).apply(ws)
    verdict = explain(ws, who=INTERNET, action=Action.VOIR, target="fiche")
    assert verdict.allowed
    assert verdict.grants[0].kind is GrantKind.INTEGRATION
    assert can(ws, "tom", Action.VOIR, "blog")  # public means everyone, logged in or not
    assert not can(ws, INTERNET, Action.COMMENTER, "blog")


def test_only_blogs_and_pages_can_be_public(school: Workspace) -> None:
    assert (
        SetVisibility("site", Visibility.PUBLIC).apply(school).items["site"].visibility == "public"
    )
    with pytest.raises(CommandError):
        SetVisibility("wiki", Visibility.PUBLIC).apply(school)


def test_a_diary_draft_is_seen_by_its_author_only(school: Workspace) -> None:
    ws = SetShare("seance", "eleves-4b", frozenset({L.LIRE})).apply(school)
    ws = SetDraft("seance", True).apply(ws)
    assert not can(ws, "lea", Action.VOIR, "seance")
    assert can(ws, "durand", Action.VOIR, "seance")
    assert can(SetDraft("seance", False).apply(ws), "lea", Action.VOIR, "seance")


# --- groups: every member vs some member -----------------------------------------------------


def test_group_answer_distinguishes_every_member_from_some_member(school: Workspace) -> None:
    ws = SetShare("wiki", "lea", frozenset({L.LIRE})).apply(school)
    verdict = explain(ws, who="eleves-4b", action=Action.VOIR, target="wiki")
    assert verdict.some and not verdict.allowed
    assert "Certains membres seulement" in verdict.reason


# --- communication rules ---------------------------------------------------------------------


def test_default_rules_follow_edifice_summary(school: Workspace) -> None:
    def talk(a: str, b: str) -> bool:
        return can_message(school, sender=a, recipient=b).allowed

    assert talk("lea", "hugo")  # classmates
    assert not talk("lea", "tom")  # another class
    assert talk("lea", "durand") and talk("lea", "cpe")  # class teacher, staff
    assert not talk("lea", "roche")  # not her class's teacher
    assert talk("bernard", "durand") and talk("bernard", "lea")  # own child
    assert not talk("bernard", "martin") and not talk("bernard", "hugo")
    assert talk("durand", "petit") and talk("cpe", "tom")  # staff see everyone


def test_opening_school_wide_pupil_messaging(school: Workspace) -> None:
    ws = SetInternalCommunication("eleves-etab", True).apply(school)
    assert can_message(ws, sender="lea", recipient="tom").allowed
    ws = AddLink("parents-etab", "personnels-etab").apply(school)
    assert can_message(ws, sender="petit", recipient="cpe").allowed


# --- « Voir comme… » and history -------------------------------------------------------------


def test_see_as_lists_only_what_the_persona_sees(school: Workspace) -> None:
    seen = {line.item_id: line.actions for line in see_as(school, who="lea")}
    assert {"ressources", "cours", "corriges", "corrige"} <= set(seen)
    assert "blog" not in seen and "photo" not in seen
    assert seen["cours"] == {Action.VOIR}
    assert seen["classe"] == frozenset()  # a container on the way
    assert {line.item_id for line in see_as(school, who=INTERNET)} == set()


def test_actions_of_the_owner(school: Workspace) -> None:
    assert Action.GERER in actions_of(school, who="durand", target="wiki")
    assert actions_of(school, who="petit", target="wiki") == frozenset()


def test_history_labels_undo_redo_and_reset(school: Workspace) -> None:
    history = History(school)
    assert history.undo_description is None and not history.can_undo
    history.execute(AddToShare("blog", "parents-4b"))
    assert history.undo_description == "partager « Blog de la 4B » avec Parents de la classe 4B"
    history.execute(RemoveShare("blog", "parents-4b"))
    assert history.action_count == 2
    history.undo()
    assert history.redo_description.startswith("retirer Parents de la classe 4B du partage")
    history.undo()
    assert history.current is school
    history.redo()
    assert history.current.items["blog"].share_for("parents-4b") is not None
    with pytest.raises(CommandError):
        history.execute(AddToShare("blog", "parents-4b"))  # already there: refused, no change
    assert history.action_count == 1
    history.reset()
    assert history.current is school and not history.can_undo and not history.can_redo


def test_a_command_that_changes_nothing_is_not_recorded(school: Workspace) -> None:
    history = History(school)
    assert not history.execute(SetComments("blog", Comments.DESACTIVES))
    assert not history.can_undo


def test_app_labels_follow_each_application(school: Workspace) -> None:
    assert AppKind.FORUM.spec.level_label(L.PUBLIER) == "Modérateur"
    assert AppKind.BLOG.spec.level_label(L.LIRE) == "Consulter"
    assert AppKind.MUR_COLLABORATIF.spec.level_label(L.CONTRIBUER) == "Contribution"


def test_messaging_explanations_say_aux_membres_not_a_les(school) -> None:
    from ent_coach.domain.sandbox.communication import can_message
    from ent_coach.domain.sandbox.wording import to_whom

    group = next(iter(school.groups))
    assert to_whom(school, group).startswith("aux membres du groupe « ")
    user = next(iter(school.users))
    verdict = can_message(school, sender=user, recipient=group)
    assert "à les " not in verdict.reason and "aux membres" in verdict.reason


def test_deleting_the_object_of_a_goal_fails_the_goal_without_crashing(school) -> None:
    from ent_coach.domain.sandbox.commands import Delete
    from ent_coach.domain.sandbox.goals import Can, SettingIs
    from ent_coach.domain.sandbox.rights import Action

    target = next(i.id for i in school.items.values() if i.parent is not None)
    group = next(iter(school.groups))
    gone = Delete(target).apply(school)
    for goal in (
        Can(group, Action.VOIR, target, True),
        SettingIs(target, "commentaires", "moderes"),
    ):
        result = goal.evaluate(gone)
        assert not result.met and "n'existe plus" in result.explanation
    # « Nobody may see it » does hold once it is gone.
    assert Can(group, Action.VOIR, target, False).evaluate(gone).met
