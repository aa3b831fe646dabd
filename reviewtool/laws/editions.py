"""IFAB Laws editions and the rule changes between them that the engine must honour.

An edition runs from 1 July to 30 June. Competitions may adopt one early or late, so a match
stores the edition explicitly; the date only supplies the default.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

FIRST_YEAR = 2016
LAST_YEAR = 2026


@dataclass(frozen=True)
class Edition:
    """One season's Laws of the Game, e.g. ``2025/26`` (starting 1 July 2025)."""

    start_year: int

    @property
    def name(self) -> str:
        return f"{self.start_year}/{(self.start_year + 1) % 100:02d}"

    @property
    def in_force_from(self) -> dt.date:
        return dt.date(self.start_year, 7, 1)

    # --- rule changes, each keyed to the edition that introduced it -------------------------

    @property
    def goalkeeper_first_penalty_offence_is_warning(self) -> bool:
        """2020/21: a goalkeeper's first penalty-kick offence is a warning, not a caution."""
        return self.start_year >= 2020

    @property
    def non_deliberate_handball_dogso_in_area_is_caution(self) -> bool:
        """2024/25: a non-deliberate handball denying a goal in the area, penalty given: YC."""
        return self.start_year >= 2024

    @property
    def goalkeeper_holding_limit_seconds(self) -> int:
        """2025/26 raised the limit from 6 to 8 seconds."""
        return 8 if self.start_year >= 2025 else 6

    @property
    def goalkeeper_holding_restart(self) -> str:
        """2025/26: holding the ball too long gives a corner kick instead of an IFK."""
        return "corner_kick" if self.start_year >= 2025 else "indirect_free_kick"

    @property
    def penalty_encroachment_needs_impact(self) -> bool:
        """2024/25: encroachment at a penalty is penalised only if it has an impact."""
        return self.start_year >= 2024

    @property
    def var_reviews_second_caution(self) -> bool:
        """2026/27: the VAR may review a red card that came from a clearly wrong second yellow."""
        return self.start_year >= 2026

    @property
    def var_reviews_corner_option(self) -> bool:
        """2026/27: a clearly wrong corner may be reviewed where the competition opts in."""
        return self.start_year >= 2026

    @property
    def mistaken_identity_covers_wrong_team(self) -> bool:
        """2026/27: mistaken identity also covers a card after penalising the wrong team."""
        return self.start_year >= 2026

    def __str__(self) -> str:
        return self.name


_NAME = re.compile(r"^(\d{4})/(\d{2})$")


def edition_named(name: str) -> Edition:
    """Parse ``"2025/26"``; raise ``ValueError`` naming the problem otherwise."""
    m = _NAME.match(name.strip())
    if not m:
        raise ValueError(f'expected a Laws edition like "2025/26", got "{name}"')
    start = int(m.group(1))
    if int(m.group(2)) != (start + 1) % 100:
        raise ValueError(f'"{name}" is not a season: the second year must follow the first')
    if not FIRST_YEAR <= start <= LAST_YEAR:
        first, last = Edition(FIRST_YEAR).name, Edition(LAST_YEAR).name
        raise ValueError(f'unknown Laws edition "{name}" (known: {first} to {last})')
    return Edition(start)


def edition_for_date(date: dt.date) -> Edition:
    """The edition in force on ``date`` (editions start on 1 July)."""
    start = date.year if date.month >= 7 else date.year - 1
    return Edition(min(max(start, FIRST_YEAR), LAST_YEAR))
