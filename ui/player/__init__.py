"""The player: video view, timeline, transport and the controller that ties them to a clip."""
