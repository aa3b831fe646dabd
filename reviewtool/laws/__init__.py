"""The Laws of the Game as data: editions, the Law 12 catalogue and the VAR protocol."""

from reviewtool.laws.editions import Edition, edition_for_date, edition_named

__all__ = ["Edition", "edition_for_date", "edition_named"]
