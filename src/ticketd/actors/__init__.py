"""The actor runtime (mailbox, ask/tell, supervision) and ticketd's actors."""

from ticketd.actors.runtime import Actor, ActorCrashed, ActorRef, Ping, RefState, run_actor
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
