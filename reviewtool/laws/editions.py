"""IFAB Laws editions and the rule changes between them that the engine must honour.

An edition runs from 1 July to 30 June. Competitions may adopt one early or late, so a match
stores the edition explicitly; the date only supplies the default.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

FIRST_YEAR = 1997  # 1997/98: the Laws rewritten and renumbered in their modern form
LAST_YEAR = 2026  # the newest edition the engine knows
VAR_YEAR = 2016  # 2016/17: the VAR entered the Laws as an experiment (permanent in 2018/19)


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
    def has_var(self) -> bool:
        """2016/17: video assistant referees exist in the Laws (an experiment until 2018/19)."""
        return self.start_year >= VAR_YEAR

    @property
    def double_jeopardy_relief(self) -> bool:
        """2016/17: DOGSO (or SPA) in the area by an attempt to play the ball, penalty given,
        is a caution (no card for SPA); before, every DOGSO was a sending-off, every SPA a YC."""
        return self.start_year >= 2016

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


_NAME = re.compile(r"([0-9]{4})/([0-9]{2})")


def edition_named(name: str) -> Edition:
    """Parse ``"2025/26"``; raise ``ValueError`` naming the problem otherwise."""
    m = _NAME.fullmatch(name.strip())
    if not m:
        raise ValueError(f'expected a Laws edition like "2025/26", got "{name}"')
    start = int(m.group(1))
    if int(m.group(2)) != (start + 1) % 100:
        raise ValueError(f'"{name}" is not a season: the second year must follow the first')
    if not FIRST_YEAR <= start <= LAST_YEAR:
        raise ValueError(f'unknown Laws edition "{name}" (known: {known_range()})')
    return Edition(start)


def known_range() -> str:
    """``"1997/98 to 2026/27"``: the editions a match log may name."""
    return f"{Edition(FIRST_YEAR).name} to {Edition(LAST_YEAR).name}"


NEWEST = Edition(LAST_YEAR)


def edition_for_date(date: dt.date) -> Edition:
    """The edition in force on ``date`` (editions start on 1 July).

    A date before 1 July 1997 is refused (``ValueError``): the engine knows no older Laws. A
    date after the newest known edition gets the newest one; ``is_after_newest`` tells the
    caller so it can say so.
    """
    start = date.year if date.month >= 7 else date.year - 1
    if start < FIRST_YEAR:
        raise ValueError(f"{date.isoformat()} is before the oldest Laws edition the engine "
                         f"knows (known: {known_range()})")
    return Edition(min(start, LAST_YEAR))


def is_after_newest(date: dt.date) -> bool:
    """True if ``date`` falls after the newest edition the engine knows (it then applies)."""
    return date >= dt.date(LAST_YEAR + 1, 7, 1)
