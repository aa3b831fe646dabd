"""Run as a child process: append entries forever, printing each seq once it is committed."""

import sys

from reviewtool.store.chain import Author
from reviewtool.store.reviewfile import ReviewFile

review = ReviewFile.open(sys.argv[1])
author = Author("Killed writer", "VAR")
n = 0
while True:
    n += 1
    entry = review.append("note", {"n": n, "text": "x" * (n % 500)}, author)
    print(entry.seq, flush=True)
