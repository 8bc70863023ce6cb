"""Question, wish and how-to frames: the situation parts a frame holds.

"It would be nice if admins could see every user's login history" is an
idea, not another person's data seen; "how do I return an item and get the
money back" a question, not a demand. A frame (a part of
``classifier_situations.SENTENCE_FRAMES``) drops the parts it names from
where it starts to the end of its sentence; a whole-sentence frame
(``WHOLE_SENTENCE_FRAMES``: "every customer sees their own invoices")
drops them in its whole sentence. A frame never reaches past its sentence.
"""

from __future__ import annotations

from ticketd.domain.classifier_situations import SENTENCE_FRAMES, WHOLE_SENTENCE_FRAMES
from ticketd.domain.classifier_table import POSITION
from ticketd.domain.classifier_text import SENTENCE_ENDS

__all__ = ["without_framed"]

# Question, wish and how-to frames: the parts they name are dropped from the
# frame to the end of its sentence ("It would be nice if admins could see
# every user's login history" is an idea, not another person's data seen).
_FRAMES = {
    POSITION[frame]: frozenset(POSITION[part] for part in framed)
    for frame, framed in SENTENCE_FRAMES.items()
}
# Frames that hold their whole sentence ("every customer sees their own").
_WHOLE_FRAMES = {
    POSITION[frame]: frozenset(POSITION[part] for part in framed)
    for frame, framed in WHOLE_SENTENCE_FRAMES.items()
}


def without_framed(tokens: list[str], parts: list) -> list:
    """The parts without those a question or wish frame holds in its sentence."""
    dropped: set[tuple[int, int]] = set()
    for start, _, position, _ in parts:
        framed = _FRAMES.get(position)
        if framed is None:
            framed = _WHOLE_FRAMES.get(position)
            if framed is None:
                continue
            while start and tokens[start - 1] not in SENTENCE_ENDS:
                start -= 1
        end = start
        while end < len(tokens) and tokens[end] not in SENTENCE_ENDS:
            end += 1
        dropped.update((s, p) for s, _, p, _ in parts if p in framed and start <= s < end)
    if not dropped:
        return parts
    return [p for p in parts if (p[0], p[2]) not in dropped]
