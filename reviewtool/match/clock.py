"""Match clock minutes as match reports print them: "5", "45+2", "90+8", "105+1".

A minute orders by its base and then its added time, so "45+3" comes before "46" and
"90+8" after "90". Parsing is strict so that a typing error is caught at the door.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import total_ordering

_MINUTE = re.compile(r"([0-9]{1,3})(?:\+([0-9]{1,2}))?")  # ASCII digits only

# Where each period's regular time ends, for reading added time.
PERIOD_END_MINUTE = {1: 45, 2: 90, 3: 105, 4: 120}
# Where each period's clock starts.
PERIOD_START_MINUTE = {1: 0, 2: 45, 3: 90, 4: 105}


@total_ordering
@dataclass(frozen=True)
class Minute:
    base: int
    added: int = 0

    @classmethod
    def parse(cls, text: str) -> Minute:
        m = _MINUTE.fullmatch(text) if isinstance(text, str) else None
        if not m:
            raise ValueError(f'expected a match minute like "45+2", got "{text}"')
        base, added = int(m.group(1)), int(m.group(2) or 0)
        if base > 130:
            raise ValueError(f'"{text}" is past the end of extra time')
        if added and base not in PERIOD_END_MINUTE.values():
            raise ValueError(f'"{text}": added time follows only 45, 90, 105 or 120')
        return cls(base, added)

    @classmethod
    def from_elapsed(cls, period: int, seconds: float) -> Minute:
        """The minute shown `seconds` after the kick-off of `period` (1-4)."""
        start = PERIOD_START_MINUTE[period]
        end = PERIOD_END_MINUTE[period]
        minute = start + int(seconds // 60) + 1
        if minute > end:
            return cls(end, minute - end)
        return cls(minute)

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Minute):
            return NotImplemented
        return (self.base, self.added) < (other.base, other.added)

    def __str__(self) -> str:
        return f"{self.base}+{self.added}" if self.added else str(self.base)


def clock_text(period: int, seconds: float) -> str:
    """A running match clock such as ``90+4:12`` (minutes:seconds, added time shown)."""
    start = PERIOD_START_MINUTE[period] * 60
    end = PERIOD_END_MINUTE[period] * 60
    total = start + max(0.0, seconds)
    if total >= end:
        over = int(total - end)
        return f"{end // 60}+{over // 60}:{over % 60:02d}"
    t = int(total)
    return f"{t // 60}:{t % 60:02d}"
