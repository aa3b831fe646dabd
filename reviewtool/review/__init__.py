"""Incidents, decisions and the VAR path, folded from the decision log of a review file."""
