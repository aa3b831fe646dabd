"""The multi-angle station: several angles of a review, one transport."""
