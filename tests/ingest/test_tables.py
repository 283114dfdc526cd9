"""Tables as data: rows keep caption, headers and units, and read as plain sentences."""

from __future__ import annotations

from assistant.readers.tables import Row, split_tables

TEXT = """Tabellen viser søknader og tildelinger i 2020-runden, i millioner kroner:

| Område | Søknader (antall) | Søkt (mill. kr) | Tildelt (mill. kr) |
|---|---|---|---|
| Oppvekst og velferd | 13 | 14,1 | 10,3 |
| Landbruk | 2 | 0,7 | 0,7 |

I alt kom det 51 søknader."""


def test_rows_become_sentences_and_the_table_leaves_the_text() -> None:
    text, rows = split_tables(TEXT)
    assert "|" not in text and "I alt kom det 51 søknader." in text
    assert [r.label for r in rows] == ["Oppvekst og velferd", "Landbruk"]
    first = rows[0]
    assert first.caption == "søknader og tildelinger i 2020-runden"
    assert first.sentence() == (
        "Oppvekst og velferd – søknader og tildelinger i 2020-runden: 13 søknader; "
        "søkt 14,1 mill. kr; tildelt 10,3 mill. kr."
    )
    # the asked cell can go first, and the row survives the trip through metadata
    assert (
        Row.from_json(first.to_json())
        .sentence([2, 0, 1])
        .split(": ", 1)[1]
        .startswith("tildelt 10,3 mill. kr")
    )


def test_years_as_row_labels_name_their_column() -> None:
    _, rows = split_tables("| Tilskuddsår | Søknadsfrist |\n|---|---|\n| 2018 | 1. februar 2018 |")
    assert rows[0].sentence() == "Tilskuddsår 2018: søknadsfrist 1. februar 2018."


def test_text_without_tables_is_untouched() -> None:
    assert split_tables("En linje | med strek\nog mer") == ("En linje | med strek\nog mer", [])
