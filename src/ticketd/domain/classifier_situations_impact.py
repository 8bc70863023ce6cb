"""Situations for how far a malfunction reaches (ruleset 2026.11-20),
composed of the parts of ``classifier_parts_reach`` and the impact parts.

High: the business halted by the fault, customers waiting in person, staff
back on paper, none of a whole set working, a whole set of places failing,
data gone with no other copy, a catalogue's values written over. The
other side of the boundary is an outcome of its own: the rest still
working ("all other 40 VMs are backing up fine", "my mate's works") is
one thing failing, which cancels "broken for everyone" and an outage cue.
"""

from __future__ import annotations

from ticketd.domain.classifier_rules import NEAR, SENTENCE, TICKET, Rule, Situation

__all__ = ["IMPACT_OUTCOMES", "IMPACT_SITUATIONS"]

# fmt: off
IMPACT_OUTCOMES: tuple[Rule, ...] = (
    # One thing failing while the rest works: a plain malfunction.
    Rule("rest_working", (), urgency=1, report=False,
         cancels=("stopped_for_everyone", "outage")),
    # Every person of the team failing: other things working does not make
    # it one thing ("none of us can open the Q3 board; other boards open").
    Rule("team_stopped", (), sentiment=-2, strong=True, family="impact"),
    # One connector stopped: a broken integration, whatever stopped reaching
    # the business through it ("the webhook hasn't fired since Monday, just
    # nothing arrives"). A whole set of them ("none of our webhooks") is not
    # one connector.
    Rule("connector_stopped", (), urgency=1, report=False, cancels=("stopped_for_everyone",)),
)

IMPACT_SITUATIONS: tuple[Situation, ...] = (
    Situation("stopped_for_everyone", "business cannot operate", (("business_halted",),),
              SENTENCE),
    Situation("stopped_for_everyone", "business cannot operate", (("people_waiting",),),
              SENTENCE),
    Situation("stopped_for_everyone", "business cannot operate",
              (("paper_fallback",), ("fallback_staff",)), SENTENCE),
    Situation("stopped_for_everyone", "stopped for everyone", (("none_set",), ("goes",)),
              SENTENCE),
    Situation("stopped_for_everyone", "stopped for everyone",
              (("zero_of", "no_kind"), ("goes",)), SENTENCE),
    Situation("stopped_for_everyone", "broken for everyone", (("group_all_stuck",),), SENTENCE),
    Situation("stopped_for_everyone", "broken for everyone", (("all_shut_out",),), SENTENCE),
    Situation("stopped_for_everyone", "broken for everyone", (("all_fail",),), SENTENCE),
    Situation("data_destroyed", "data lost", (("lost_owned",),), SENTENCE),
    Situation("data_destroyed", "data lost",
              (("whole_store",), ("empty_word",)), SENTENCE),
    Situation("stopped_for_everyone", "stopped for everyone",
              (("any_set",), ("not_functioning",)), SENTENCE),
    Situation("stopped_for_everyone", "broken for everyone",
              (("all_set",), ("fails", "failure", "not_functioning", "down_word")), SENTENCE),
    Situation("stopped_for_everyone", "broken for everyone",
              (("everyone_all",), ("affected",)), SENTENCE),
    Situation("stopped_for_everyone", "stopped for everyone",
              (("did_nothing",),), SENTENCE),
    Situation("data_destroyed", "data lost", (("only_copy",), ("data_broken",)), TICKET),
    Situation("data_destroyed", "data lost", (("files_not_exist",),), SENTENCE),
    Situation("data_destroyed", "data corrupted",
              (("set_all",), ("every_item",), ("data_broken",)), SENTENCE),
    Situation("data_destroyed", "data corrupted",
              (("overwrote_every",), ("data_broken",)), SENTENCE),
    Situation("team_stopped", "broken for everyone", (("people_none",),), SENTENCE),
    Situation("team_stopped", "broken for everyone",
              (("people_all",), ("failure", "not_functioning", "fails", "blank_word")), SENTENCE),
    Situation("data_destroyed", "data lost",
              (("period_data", "all_data"), ("data_broken", "empty_word")), SENTENCE),
    Situation("data_destroyed", "data lost",
              (("overwrote_verb",), ("people_all", "whole_org")), SENTENCE),
    Situation("data_destroyed", "data corrupted", (("every_item",), ("zero_value",)), SENTENCE),
    Situation("stopped_for_everyone", "messages not going out",
              (("outbound_customers",), ("not_going_out", "fails")), SENTENCE),
    Situation("stopped_for_everyone", "business cannot operate",
              (("shop_closed",), ("failure", "not_functioning", "site_down", "fails")), NEAR),
    # At scale (2026.11-26): every document, reply or recording of a kind
    # blank, empty or silent; everyone a business serves hit twice; a
    # mailing sent to the whole list or to those who opted out.
    Situation("data_destroyed", "data corrupted", (("every_output",), ("output_blank",)),
              SENTENCE),
    Situation("stopped_for_everyone", "duplicated for everyone",
              (("every_person",), ("got_act",), ("twice_over",)), SENTENCE),
    Situation("stopped_for_everyone", "sent to everyone",
              (("whole_list",), ("sent_past", "sent_out"), ("wrong_audience",)), NEAR),
    Situation("stopped_for_everyone", "sent to everyone",
              (("opted_out",), ("sent_past", "sent_out")), SENTENCE),
    Situation("rest_working", "", (("the_others",), ("still_fine",)), SENTENCE),
    Situation("connector_stopped", "", (("connector",), ("connector_stop",)), SENTENCE),
    Situation("wrong_result", "wrong result", (("metric_view",), ("reads_zero",)), SENTENCE),
)
# fmt: on
