"""Frame-exact video access: probing, demux index, exact frames, cache, playback clock."""
