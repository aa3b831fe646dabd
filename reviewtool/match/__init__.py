"""The match model and the match-state engine (a pure fold of match events)."""
