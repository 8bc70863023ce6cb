"""The actor runtime (mailbox, ask/tell, supervision) and ticketd's actors."""

from ticketd.actors.mailbox import ActorCrashed, ActorRef, Ping, RefState
from ticketd.actors.runtime import Actor, run_actor
from ticketd.actors.supervisor import Liveness, RestartIntensityExceeded, Supervisor

__all__ = [
    "Actor",
    "ActorCrashed",
    "ActorRef",
    "Liveness",
    "Ping",
    "RefState",
    "RestartIntensityExceeded",
    "Supervisor",
    "run_actor",
]
