"""Training windows: session builder, trainee mode, grading, presenter."""
