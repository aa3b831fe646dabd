"""``reviewtool training new|pack|grade``: training sessions without the window."""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from typing import Any

from reviewtool.store.atomic import write_text
from reviewtool.training.answers import read_sheet
from reviewtool.training.grading import Grading, grade
from reviewtool.training.pack import export_pack
from reviewtool.training.question import PART_NAMES, PARTS, TrainingError
from reviewtool.training.quiz import Quiz, items_from_review
from reviewtool.training.signing import fingerprint, public_key_of


def _message(e: Exception) -> str:
    """One line: a file error names the file and the problem, not the errno."""
    if isinstance(e, OSError) and e.filename and e.strerror:
        return f"{e.filename}: {e.strerror}"
    return str(e)


def _pct(x: float | None) -> str:
    return "  —" if x is None else f"{100 * x:3.0f}%"


def _k(x: float | None, note: str = "") -> str:
    """A kappa, or why there is none (e.g. "needs 2+ trainees")."""
    return (note or "   —") if x is None else f"{x:+.2f}"


def print_grading(g: Grading, out: Any = None) -> None:
    """Per-trainee and per-question tables, agreement and confidence, as plain text (to
    standard output as it is when called, not as it was when this module was imported)."""
    out = out or sys.stdout
    short = {"offence_or_not": "foul?", "offence": "offence", "sanction": "sanction",
             "restart": "restart", "var": "VAR"}
    head = "".join(f"{short[p]:>10}" for p in PARTS)
    print(f"Training session: {g.session.title}  ({len(g.sheets)} trainees, "
          f"{len(g.session.items)} questions)\n", file=out)
    print(f"{'Trainee':<24}{'score':>7}{head}{'kappa sanction (w)':>20}{'time':>8}", file=out)
    for r in g.trainee_rows():
        parts = "".join(f"{_pct(r['accuracy'][p]):>10}" for p in PARTS)
        time = f"{r['seconds']:.0f}s" if r["seconds"] else "—"
        kappa = _k(r["kappa"]["sanction"], r["kappa_note"]["sanction"])
        print(f"{r['trainee'][:23]:<24}{_pct(r['score']):>7}{parts}{kappa:>20}{time:>8}",
              file=out)
    print("\nSignatures", file=out)
    for r in g.trainee_rows():
        key = f"  (key {r['key']})" if r["key"] else ""
        print(f"  {r['trainee'][:23]:<24}{r['signature']}{key}", file=out)
    print(f"\n{'Question':<30}{'score':>7}{head}{'answers':>9}", file=out)
    for r in g.question_rows():
        parts = "".join(f"{_pct(r['accuracy'].get(p)):>10}" for p in PARTS)
        print(f"{(r['item'] + ' ' + r['title'])[:29]:<30}{_pct(r['score']):>7}{parts}"
              f"{r['answers']:>9}", file=out)
    print("\nFleiss' kappa across trainees: " + ", ".join(
        f"{PART_NAMES[p]} {_k(g.fleiss(p), g.fleiss_note(p))}" for p in PARTS), file=out)
    m = g.sanction_confusion()
    print("\nSanctions (rows: reference, columns: given)   none caution   red", file=out)
    for name, row in zip(("none", "caution", "sending-off"), m, strict=True):
        print(f"  {name:<44}" + "".join(f"{v:>7}" for v in row), file=out)
    print("\nConfidence  answers  score  all parts right", file=out)
    for r in g.confidence_rows():
        print(f"  {r['confidence']:>8}  {r['answers']:>7}  {_pct(r['score']):>5}  "
              f"{_pct(r['all_right']):>8}", file=out)
    print(f"  Pearson r (confidence, score): {_k(g.confidence_correlation())}", file=out)


def _grade(args: argparse.Namespace) -> int:
    try:
        session = Quiz.load(args.session)
        grading = grade(session, [read_sheet(p) for p in args.answers])
    except (TrainingError, OSError) as e:
        print(f"reviewtool training grade: {_message(e)}", file=sys.stderr)
        return 2
    if args.json:
        json.dump(grading.to_json(), sys.stdout, indent=1, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        print_grading(grading)
    if args.csv:
        try:
            write_text(args.csv, grading.csv())
        except OSError as e:
            print(f"reviewtool training grade: {args.csv}: cannot be written "
                  f"({e.strerror or e})", file=sys.stderr)
            return 2
    return 0


def _new(args: argparse.Namespace) -> int:
    try:
        session = Quiz.new(args.title or Path(args.output).stem)
        session = items_from_review(args.review, args.incidents, session,
                                    pre_roll=args.pre, post_roll=args.post)
        session.save(args.output)
    except (TrainingError, OSError) as e:
        print(f"reviewtool training new: {_message(e)}", file=sys.stderr)
        return 2
    for item in session.items:
        missing = item.missing_reference()
        note = f"  (no reference yet for: {', '.join(missing)})" if missing else ""
        print(f"{item.id}: {item.title}, {len(item.segments)} clip(s){note}")
    return 0


def _pack(args: argparse.Namespace) -> int:
    try:
        session = Quiz.load(args.session)
        counts = export_pack(session, args.output)
    except (TrainingError, OSError) as e:
        print(f"reviewtool training pack: {_message(e)}", file=sys.stderr)
        return 2
    print(f"{args.output}: {len(session.items)} questions, {counts['copy']} segment(s) copied, "
          f"{counts['encode']} re-encoded")
    return 0


def _key(args: argparse.Namespace) -> int:
    try:
        key = public_key_of(args.name)
    except TrainingError as e:
        print(f"reviewtool training key: {e}", file=sys.stderr)
        return 2
    print(f"{args.name}: {key}  (fingerprint {fingerprint(key)})")
    return 0


def _trust(args: argparse.Namespace) -> int:
    """Put trainees' public keys on the session's list: from answers files whose signature
    checks out (trust on first use), or one handed over in person (--name, --key)."""
    try:
        session = Quiz.load(args.session)
        found: list[tuple[str, str, str]] = []  # trainee, key, where from
        if args.name or args.key:
            if not (args.name and args.key) or not re.fullmatch(r"[0-9a-fA-F]{64}", args.key):
                raise TrainingError("give --name and --key (64 hex digits) together")
            found.append((args.name, args.key.lower(), "given"))
        for path in args.answers:
            sheet = read_sheet(path)
            if not sheet.public_key:
                raise TrainingError(f"{Path(path).name}: not signed; nothing to trust")
            found.append((sheet.trainee, sheet.public_key, Path(path).name))
        for trainee, key, origin in found:
            listed = session.trainees.get(trainee)
            if listed is not None and listed != key and not args.replace:
                raise TrainingError(f"{origin}: {trainee} is listed with another key "
                                    f"({fingerprint(listed)}); --replace to change it")
            session = session.with_trainee(trainee, key)
            print(f"{trainee}: key {fingerprint(key)} ({origin})")
        session.save(args.session)
    except TrainingError as e:
        print(f"reviewtool training trust: {e}", file=sys.stderr)
        return 2
    return 0


def add_commands(sub: Any) -> None:
    training = sub.add_parser(
        "training", help="training sessions: build, pack, grade",
        description="Training sessions: clip quizzes built from the incidents of a review "
        "(tag them at the review desk first), the trainees' pack, and grading.")
    tsub = training.add_subparsers(dest="training_command", metavar="TRAINING_COMMAND",
                                   required=True)

    p = tsub.add_parser("new", help="a training session from incidents of a review",
                        description="A training session from tagged incidents of a review; "
                        "each incident's recorded final decision is the reference answer. The "
                        "review must have incidents: tag them at the review desk first.")
    p.add_argument("review", metavar="MATCH.review", help="review file with tagged incidents")
    p.add_argument("incidents", nargs="+", metavar="INCIDENT",
                   help="incident ids: i1, i2, ... in the order they were tagged")
    p.add_argument("-o", "--output", required=True, metavar="SESSION.training",
                   help="the training session file to write")
    p.add_argument("--title", help="the session's title (default: the file name)")
    p.add_argument("--pre", type=float, default=3.0, help="seconds before the incident")
    p.add_argument("--post", type=float, default=2.0, help="seconds after the incident")
    p.set_defaults(func=_new)

    p = tsub.add_parser("pack", help="export the trainees' pack (no answers in it)",
                        description="Export the trainees' pack: frame-exact clip segments and "
                        "the questions, without the reference answers.")
    p.add_argument("session", metavar="SESSION.training", help="training session file")
    p.add_argument("-o", "--output", required=True, metavar="PACK.rtpack",
                   help="the pack file to write")
    p.set_defaults(func=_pack)

    p = tsub.add_parser("grade", help="grade answers files; per trainee and per question",
                        description="Grade trainees' answers files against the session's "
                        "reference: per trainee and question, kappas, confusion, confidence.")
    p.add_argument("session", metavar="SESSION.training", help="training session file")
    p.add_argument("answers", nargs="+", metavar="ANSWERS",
                   help="answers files the trainees saved from their pack")
    p.add_argument("--json", action="store_true", help="print JSON instead of tables")
    p.add_argument("--csv", metavar="FILE.csv", help="also write every answer as CSV")
    p.set_defaults(func=_grade)

    p = tsub.add_parser("key", help="print a trainee's public key (to give the instructor)",
                        description="Print the public key that signs this trainee's answers "
                        "files (created on first use), to hand to the instructor.")
    p.add_argument("name", help="the trainee's name, as in their answers files")
    p.set_defaults(func=_key)

    p = tsub.add_parser("trust", help="list trainees' public keys in the training session",
                        description="Put trainees' public keys on the training session's list, "
                        "from signed answers files or from a key handed over in person; "
                        "grading then says which answers are signed by a known trainee.")
    p.add_argument("session", help="training session file")
    p.add_argument("answers", nargs="*", help="signed answers files to trust the keys of")
    p.add_argument("--name", help="a trainee whose key was handed over in person")
    p.add_argument("--key", help="that trainee's public key (64 hex digits)")
    p.add_argument("--replace", action="store_true", help="replace a listed key")
    p.set_defaults(func=_trust)
