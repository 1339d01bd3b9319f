"""Reads what a PySpark script printed: console-sink batches ("Batch: N" banners) and show()
tables, split into phases by the scripts' "=== … ===" lines. Independent of Spate: it only knows
Spark's printed formats (spark_semantics.md §4.1)."""
import re
from dataclasses import dataclass, field

BORDER = re.compile(r"^\+(-+\+)+$")
MORE = re.compile(r"^only showing top (\d+) rows?$")


@dataclass
class Table:
    header: list
    rows: list  # lists of cell strings, stripped
    batch: int = None  # the console sink's batch id, None for show()
    more: int = None  # N of "only showing top N rows"
    phase: str = ""

    def column(self, name):
        return [row[self.header.index(name)] for row in self.rows]

    def dicts(self):
        return [dict(zip(self.header, row)) for row in self.rows]


@dataclass
class Output:
    tables: list = field(default_factory=list)
    lines: list = field(default_factory=list)

    def phase(self, name):
        return [t for t in self.tables if t.phase == name]

    def batches(self, phase=""):
        return [t for t in self.phase(phase) if t.batch is not None]

    def shows(self, phase=""):
        return [t for t in self.phase(phase) if t.batch is None]


def cells(line):
    assert line.startswith("|") and line.endswith("|"), line
    return [c.strip() for c in line[1:-1].split("|")]


def parse(text):
    out = Output(lines=text.split("\n"))
    lines = out.lines
    phase = ""
    batch = None
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.startswith("=== ") and line.endswith(" ==="):
            phase = line[4:-4]
        elif line.startswith("Batch: ") and i > 0 and lines[i - 1].startswith("-----"):
            batch = int(line[len("Batch: ") :])
        elif BORDER.match(line) and i + 2 < len(lines) and lines[i + 1].startswith("|"):
            header = cells(lines[i + 1])
            assert BORDER.match(lines[i + 2]), lines[i + 2]
            rows = []
            j = i + 3
            while not BORDER.match(lines[j]):
                row = cells(lines[j])
                assert len(row) == len(header), (lines[j], header)
                rows.append(row)
                j += 1
            more = None
            if j + 1 < len(lines) and MORE.match(lines[j + 1]):
                more = int(MORE.match(lines[j + 1]).group(1))
                j += 1
            out.tables.append(Table(header, rows, batch, more, phase))
            batch = None
            i = j
        i += 1
    return out
