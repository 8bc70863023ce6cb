"""The actor runtime (mailbox, ask/tell, supervision) and ticketd's actors."""

from ticketd.actors.runtime import Actor, ActorCrashed, ActorRef, run_actor
from ticketd.actors.supervisor import RestartIntensityExceeded, Supervisor

__all__ = [
    "Actor",
    "ActorCrashed",
    "ActorRef",
    "RestartIntensityExceeded",
    "Supervisor",
    "run_actor",
]
