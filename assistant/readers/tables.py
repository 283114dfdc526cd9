"""Tables as data: Markdown pipe tables become one row record each.

A row keeps its table's caption (the sentence before the table), the column headers and its
cells, and is rendered as one plain sentence ("Oppvekst og velferd – søknader og tildelinger
for 2020-midlene: søknader 13; søkt 14,1 mill. kr; …"), so search finds the row and the
answerer can quote the cell that was asked for, without table pipes. A unit in a header,
"Søkt (mill. kr)", goes with every value of that column.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

_SEP = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")
_UNIT = re.compile(r"^(.*?)\s*\(([^()]*)\)\s*$")
_CAPTION_LEAD = re.compile(r"^(tabellen (viser|gir)|tabell:?)\s+", re.I)


@dataclass
class Cell:
    header: str
    value: str
    unit: str = ""

    def render(self) -> str:
        header = self.header.lower()
        if not self.unit or not _numeric(self.value):
            return f"{header} {self.value}"
        if self.unit.lower() == "antall":  # "19 søknader", "11 innvilget"
            return f"{self.value} {header}"
        sep = ": " if header[:1].isdigit() else " "  # "2019: 10,0 mill. kr"
        return f"{header}{sep}{self.value} {self.unit}"


@dataclass
class Row:
    caption: str
    label_header: str
    label: str
    cells: list[Cell] = field(default_factory=list)

    def sentence(self, order: list[int] | None = None) -> str:
        cells = [self.cells[i] for i in order] if order else self.cells
        body = "; ".join(c.render() for c in cells)
        label = self.label
        if label[:1].isdigit() and self.label_header:  # "Tilskuddsår 2018", not "2018"
            label = f"{self.label_header} {label}"
        head = f"{label} – {self.caption}" if self.caption else label
        return f"{head}: {body}."

    def to_json(self) -> str:
        return json.dumps(
            {
                "caption": self.caption,
                "label_header": self.label_header,
                "label": self.label,
                "cells": [[c.header, c.value, c.unit] for c in self.cells],
            },
            ensure_ascii=False,
        )

    @classmethod
    def from_json(cls, data: str) -> Row:
        d = json.loads(data)
        return cls(
            d["caption"], d["label_header"], d["label"], [Cell(h, v, u) for h, v, u in d["cells"]]
        )


def _numeric(value: str) -> bool:
    return bool(re.fullmatch(r"[\d  .,]+", value.strip()))


def _cells(line: str) -> list[str]:
    s = line.strip()
    if s.startswith("|"):
        s = s[1:]
    if s.endswith("|"):
        s = s[:-1]
    return [c.strip().strip("*").strip() for c in s.split("|")]


def _caption(text: str) -> str:
    c = _CAPTION_LEAD.sub("", text.strip()).rstrip(":").strip()
    c = re.sub(r",?\s*i millioner kroner$", "", c, flags=re.I)
    return c[:1].lower() + c[1:] if c[:2] != c[:2].upper() else c


def split_tables(text: str) -> tuple[str, list[Row]]:
    """The text without its tables, and the rows of every table in it."""
    lines = text.splitlines()
    keep: list[str] = []
    rows: list[Row] = []
    i = 0
    while i < len(lines):
        if i + 1 < len(lines) and "|" in lines[i] and _SEP.match(lines[i + 1]):
            headers = _cells(lines[i])
            headers_split = [_UNIT.match(h) for h in headers]
            names = [m.group(1) if m else h for h, m in zip(headers, headers_split, strict=True)]
            units = [m.group(2) if m else "" for m in headers_split]
            prev = [ln for ln in keep if ln.strip()]
            caption = _caption(prev[-1]) if prev and prev[-1].rstrip().endswith(":") else ""
            i += 2
            while i < len(lines) and "|" in lines[i] and lines[i].strip():
                values = _cells(lines[i])
                if len(values) >= 2:
                    cells = [
                        Cell(names[j], values[j], units[j])
                        for j in range(1, min(len(values), len(names)))
                        if values[j]
                    ]
                    rows.append(Row(caption, names[0], values[0], cells))
                i += 1
            continue
        keep.append(lines[i])
        i += 1
    return "\n".join(keep), rows
