"""Storage: the match-log JSON interchange format (and, later, the review file)."""
