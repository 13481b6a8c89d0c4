"""SemEval-2025 Task 10 file formats: rows, readers and writers that round-trip byte for byte.

Files (all UTF-8, tab-separated, one row per line, no header in the releases):

- ``subtask-1-annotations.txt``: ``article_id, mention, start, end, main_role, fine_role[, fine_role...]``
  (each fine role is its own column). ``start``/``end`` are character offsets into the raw document,
  ``end`` INCLUSIVE: ``text[start:end + 1] == mention``. ``subtask-1-entity-mentions.txt`` (the test
  input) has the first four columns only. Predictions use the annotation layout.
- ``subtask-2-annotations.txt``: ``article_id, narratives, subnarratives``; each list ``;``-separated.
- ``subtask-3-annotations.txt``: ``article_id, dominant_narrative, dominant_subnarrative, explanation``.
  ``subtask-3-dominant-narratives.txt`` (the dev/test input: the labels to explain) has the first three
  columns only; :func:`read_dominant` reads it.
  The official ST3 submission has two columns, ``article_id, explanation``; both are read, and a row
  without labels is written with two columns.

Article ids are the file names, ``.txt`` included (``EN_UA_012345.txt``); pairing uses
:func:`doc_key`, which ignores a trailing ``.txt`` and surrounding spaces.

Round trip: every parsed row keeps its original line (``raw``); the writer emits that line unchanged
while the row's fields still equal what the line parses to, and formats the fields otherwise. Line
endings (per line, so CRLF, LF and a missing final newline survive), a UTF-8 BOM, a header line and
blank lines are kept in the :class:`RowFile`. Parsed fields are normalised (labels stripped, empty
list items dropped); ST3 cells are read with :mod:`csv` quoting rules, as the official scorer does.
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator

from ..errors import ConfigError, InputError
from ..safecsv import safe_writer

MENTIONS_FILE = "subtask-1-entity-mentions.txt"
DOMINANT_FILE = "subtask-3-dominant-narratives.txt"
ANNOTATION_FILES = {1: "subtask-1-annotations.txt", 2: "subtask-2-annotations.txt", 3: "subtask-3-annotations.txt"}
RAW_DOCUMENTS = "raw-documents"


def documents_folder(subtask: int) -> str:
    return f"subtask-{subtask}-documents"


def doc_key(article_id: str) -> str:
    """The pairing key of an article id: spaces and a trailing ``.txt`` (any case) removed."""
    key = article_id.strip()
    return key[:-4] if key.lower().endswith(".txt") else key


@dataclass
class Mention:
    """One ST1 entity mention; ``end`` is inclusive. Roles are None/empty in the input file."""

    article_id: str
    text: str
    start: int
    end: int
    main_role: str | None = None
    fine_roles: list[str] = field(default_factory=list)
    raw: str | None = field(default=None, compare=False, repr=False)

    @property
    def key(self) -> tuple[str, int, int]:
        return doc_key(self.article_id), self.start, self.end

    def without_roles(self) -> "Mention":
        return Mention(self.article_id, self.text, self.start, self.end)


@dataclass
class NarrativeRow:
    """One ST2 row: the document's narratives and subnarratives, in file order."""

    article_id: str
    narratives: list[str] = field(default_factory=list)
    subnarratives: list[str] = field(default_factory=list)
    raw: str | None = field(default=None, compare=False, repr=False)


@dataclass
class ExplanationRow:
    """One ST3 row. Labels are None in a two-column (official submission) row."""

    article_id: str
    explanation: str = ""
    dominant_narrative: str | None = None
    dominant_subnarrative: str | None = None
    raw: str | None = field(default=None, compare=False, repr=False)


Row = Mention | NarrativeRow | ExplanationRow


@dataclass
class RowFile:
    """The rows of one file plus what is needed to write it back byte for byte."""

    rows: list[Any] = field(default_factory=list)
    header: str | None = None
    bom: bool = False
    blank_lines: list[tuple[int, str]] = field(default_factory=list)  # (line index, content)
    endings: list[str] = field(default_factory=list)  # one per line as read ("\n", "\r\n" or "")
    newline: str = "\n"

    def __iter__(self) -> Iterator[Any]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    def __getitem__(self, i: int) -> Any:
        return self.rows[i]


def _bad(source: str, lineno: int, detail: str) -> InputError:
    return InputError("E109", source=f"{source}:{lineno}", detail=detail)


def _labels(cell: str) -> list[str]:
    return [x.strip() for x in cell.split(";") if x.strip()]


def parse_row(line: str, subtask: int, source: str = "<text>", lineno: int = 1) -> Row:
    """Parse one line (without its line ending) of a subtask's annotation or prediction file."""
    if subtask == 1:
        cells = line.split("\t")
        if len(cells) < 4:
            raise _bad(source, lineno, f"{len(cells)} column(s); subtask 1 rows need article_id, mention, start, end")
        try:
            start, end = int(cells[2].strip()), int(cells[3].strip())
        except ValueError:
            raise _bad(source, lineno, f"offsets {cells[2]!r}, {cells[3]!r} are not integers") from None
        main = cells[4].strip() if len(cells) > 4 and cells[4].strip() else None
        fine = [c.strip() for c in cells[5:] if c.strip()]
        return Mention(cells[0].strip(), cells[1], start, end, main, fine, raw=line)
    if subtask == 2:
        cells = line.split("\t")
        if len(cells) < 2:
            raise _bad(source, lineno, "subtask 2 rows need article_id, narratives[, subnarratives]")
        return NarrativeRow(cells[0].strip(), _labels(cells[1]), _labels(cells[2]) if len(cells) > 2 else [], raw=line)
    if subtask == 3:
        cells = next(csv.reader([line], delimiter="\t"), [])
        if len(cells) == 2:
            return ExplanationRow(cells[0].strip(), cells[1], raw=line)
        if len(cells) < 4:
            raise _bad(source, lineno, f"{len(cells)} column(s); subtask 3 rows need article_id, dominant_narrative, "
                                       "dominant_subnarrative, explanation (or article_id, explanation)")
        return ExplanationRow(cells[0].strip(), "\t".join(cells[3:]), cells[1].strip(), cells[2].strip(), raw=line)
    raise ConfigError("E006", task="semeval2025", subtask=subtask, known="1, 2, 3")


def format_row(row: Row) -> str:
    """The line for a row: its original line if unchanged, else the fields in the official layout."""
    if row.raw is not None:
        try:
            if parse_row(row.raw, _subtask_of(row)) == row:
                return row.raw
        except InputError:
            pass
    if isinstance(row, Mention):
        cells = [row.article_id, row.text, str(row.start), str(row.end)]
        if row.main_role is not None or row.fine_roles:
            cells += [row.main_role or "", *row.fine_roles]
        return "\t".join(cells)
    if isinstance(row, NarrativeRow):
        return "\t".join([row.article_id, ";".join(row.narratives), ";".join(row.subnarratives)])
    explanation = " ".join(row.explanation.splitlines())  # one row per line
    cells = [row.article_id, explanation]
    if row.dominant_narrative is not None or row.dominant_subnarrative is not None:
        cells = [row.article_id, row.dominant_narrative or "", row.dominant_subnarrative or "", explanation]
    buf = io.StringIO()
    safe_writer(buf, delimiter="\t", lineterminator="").writerow(cells)
    return buf.getvalue()


def _subtask_of(row: Row) -> int:
    return 1 if isinstance(row, Mention) else 2 if isinstance(row, NarrativeRow) else 3


def parse_text(text: str, subtask: int, source: str = "<text>") -> RowFile:
    """All rows of a file's text. A first line starting with ``article_id`` is kept as the header."""
    out = RowFile()
    if text.startswith("\ufeff"):
        out.bom, text = True, text[1:]
    if not text:
        return out
    pieces = text.split("\n")
    last = pieces.pop()  # "" when the text ends with a newline
    lines = [(p[:-1], "\r\n") if p.endswith("\r") else (p, "\n") for p in pieces]
    if last:
        lines.append((last, ""))
    out.endings = [e for _, e in lines]
    out.newline = "\r\n" if out.endings and out.endings[0] == "\r\n" else "\n"
    for i, (line, _) in enumerate(lines):
        if not line.strip():
            out.blank_lines.append((i, line))
        elif i == 0 and line.split("\t")[0].strip().lower() == "article_id":
            out.header = line
        else:
            out.rows.append(parse_row(line, subtask, source, i + 1))
    return out


def format_text(rows: RowFile | Iterable[Row]) -> str:
    """The text of a file: a :class:`RowFile` exactly as read (with edits applied), or plain rows with LF."""
    rf = rows if isinstance(rows, RowFile) else RowFile(rows=list(rows))
    lines = [format_row(r) for r in rf.rows]
    if rf.header is not None:
        lines.insert(0, rf.header)
    for index, content in rf.blank_lines:
        lines.insert(min(index, len(lines)), content)
    if len(rf.endings) == len(lines):
        endings = rf.endings
    else:  # rows were added or removed: one newline style, a final newline as the file had
        final = "" if rf.endings and rf.endings[-1] == "" else rf.newline
        endings = [rf.newline] * (len(lines) - 1) + [final] if lines else []
    return ("\ufeff" if rf.bom else "") + "".join(l + e for l, e in zip(lines, endings))


def read_text(path: Path) -> str:
    """A file's characters exactly as stored (no newline translation), decoded as UTF-8."""
    try:
        return path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError("E103", source=str(path), detail=str(exc)) from None


def read_rows(path: str | Path, subtask: int) -> RowFile:
    path = Path(path)
    return parse_text(read_text(path), subtask, str(path))


def write_rows(rows: RowFile | Iterable[Row], path: str | Path) -> None:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(format_text(rows).encode("utf-8"))


def concat(files: list[RowFile]) -> RowFile:
    """Rows of several files (e.g. one per language) as one, in order; formatting of the first."""
    if len(files) == 1:
        return files[0]
    first = files[0] if files else RowFile()
    return RowFile(rows=[r for f in files for r in f.rows], newline=first.newline)


def read_dominant(path: str | Path) -> dict[str, tuple[str, str]]:
    """doc key -> (dominant narrative, dominant subnarrative) of a ``subtask-3-dominant-narratives.txt``
    (or of the annotation file's label columns). A ``;``-list keeps its first label.

        >>> read_dominant(Path("EN/subtask-3-dominant-narratives.txt"))["EN_CC_1"]   # doctest: +SKIP
        ('CC: Criticism of climate movement', 'CC: Criticism of climate movement: Other')
    """
    path = Path(path)
    out: dict[str, tuple[str, str]] = {}
    for i, line in enumerate(read_text(path).splitlines(), 1):
        cells = line.split("\t")
        if not line.strip() or (i == 1 and cells[0].strip().lower() == "article_id"):
            continue
        if len(cells) < 3:
            raise _bad(str(path), i, f"{len(cells)} column(s); rows need article_id, dominant_narrative, "
                                     "dominant_subnarrative")
        narr, sub = (_labels(c)[:1] or ["Other"] for c in cells[1:3])
        out[doc_key(cells[0])] = (narr[0], sub[0])
    return out
