"""The demo match: the seed match log, the stoppage-time incident seen by four cameras with
sound, two offside moments with their truth, and the demo review built from them."""
