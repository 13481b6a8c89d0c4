"""The one CSV writer every narrascope CSV goes through, neutralising CSV (formula) injection.

A spreadsheet runs a cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return
as a formula (``=HYPERLINK(...)``). As OWASP advises, such a TEXT cell is written with a single
quote ``'`` in front, and quoted. Numbers we write ourselves (``-0.5``) are not text and stay numbers.

    >>> import io
    >>> buf = io.StringIO()
    >>> safe_writer(buf, lineterminator="\\n").writerow(["=1+2", -0.5, "ok"])
    >>> buf.getvalue()
    '"\\'=1+2",-0.5,ok\\n'
"""
from __future__ import annotations

import csv
import io
from typing import Any, Iterable

# Leading characters a spreadsheet reads as the start of a formula (OWASP "CSV Injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """``value`` with a ``'`` in front when it is text a spreadsheet would run as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class SafeWriter:
    """A ``csv.writer`` whose text cells are neutralised; a neutralised cell is always quoted.

    ``quote_text=True`` quotes every text cell (numbers stay bare), for the tables narrascope
    designs; shared-task formats keep their minimal quoting and only the neutralised cells are quoted.
    """

    def __init__(self, out, quote_text: bool = False, **fmtparams: Any):
        self.out, self.fmtparams = out, fmtparams
        self.quoting = csv.QUOTE_NONNUMERIC if quote_text else csv.QUOTE_MINIMAL
        self._writer = csv.writer(out, quoting=self.quoting, **fmtparams)

    def writerow(self, row: Iterable[Any]) -> None:
        cells = list(row)
        safe = [safe_cell(c) for c in cells]
        if self.quoting == csv.QUOTE_NONNUMERIC or all(s is c for s, c in zip(safe, cells)):
            self._writer.writerow(safe)
            return
        # csv cannot quote one chosen cell: format the row cell by cell, forcing quotes on the risky ones.
        parts = [self._one(s, csv.QUOTE_ALL if s is not c else self.quoting) for s, c in zip(safe, cells)]
        dialect = csv.writer(io.StringIO(), **self.fmtparams).dialect
        self.out.write(dialect.delimiter.join(parts) + dialect.lineterminator)

    def _one(self, value: Any, quoting: int) -> str:
        if quoting != csv.QUOTE_ALL and (value is None or value == ""):
            return ""  # a lone empty cell would otherwise come out as ""
        buf = io.StringIO()
        csv.writer(buf, quoting=quoting, **{**self.fmtparams, "lineterminator": ""}).writerow([value])
        return buf.getvalue()

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def safe_writer(out, quote_text: bool = False, **fmtparams: Any) -> SafeWriter:
    """The CSV writer to use everywhere in narrascope (``csv.writer`` arguments pass through)."""
    return SafeWriter(out, quote_text=quote_text, **fmtparams)
