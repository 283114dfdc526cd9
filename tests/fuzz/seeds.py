"""Valid seed documents the fuzzer mutates: made here, one per target (see targets.py)."""

from __future__ import annotations

import io
import json

from tests.fixtures import hostile
from tests.fixtures.files import GUIDE_MD

RECORD = {
    "id": "p-1",
    "år": 2024,
    "tittel": "Digital innbyggerdialog",
    "kommuner": ["Malvik", "Hitra"],
    "sektorer": ["Plan"],
    "søkt_beløp": "1 600 000 kr",
    "status": "Aktiv",
}


def _docx() -> bytes:
    import docx

    d = docx.Document()
    d.add_heading("Veileder", level=1)
    d.add_paragraph("Tittel: Digital dialog")
    d.add_paragraph("Søker: Malvik kommune")
    t = d.add_table(rows=2, cols=2)
    t.cell(0, 0).text = "Søknadsbeløp"
    t.cell(0, 1).text = "350 000 kr"
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def seeds() -> dict[str, bytes]:
    csv_text = "År;Tittel;Kommuner;Søkt beløp\n2024;Digital dialog;Malvik, Hitra;1 600 000 kr\n"
    return {
        "pdf": hostile.pdf_pages(2, "Tittel: Digital dialog\nSøker: Malvik kommune"),
        "docx": _docx(),
        "markdown": GUIDE_MD.encode(),
        "text": "Søknad om skjønnsmidler.\n\nFrist 20. juni.\n".encode(),
        "html": b"<html><body><main><h1>Frist</h1><p>Kommunene kan s\xc3\xb8ke.</p></main></body></html>",
        "records-json": json.dumps([RECORD], ensure_ascii=False).encode(),
        "records-jsonl": (json.dumps(RECORD, ensure_ascii=False) + "\n").encode(),
        "records-csv": csv_text.encode(),
        "importer-jsonl": (json.dumps(RECORD, ensure_ascii=False) + "\n").encode(),
    }
