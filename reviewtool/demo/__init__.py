"""The demo match: the seed match log and the rendered clip of its stoppage-time incident."""
