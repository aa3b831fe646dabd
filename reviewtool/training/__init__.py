"""Training sessions: clip quizzes built from reviews, trainee packs, answers, grading."""
