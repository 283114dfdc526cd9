"""The strict scorer of the blind answer sets: tolerant of spelling of a value, never of
another value; the first sentence must hold the asked value."""

from __future__ import annotations

from evals.strict import find, first_sentence, judge


def test_values_match_in_any_spelling() -> None:
    assert find("20. juni 2024", "Fristen er 20.06.2024.") is not None
    assert find("28,5 mill. kr", "Tildelt 28 500 000 kroner.") is not None
    assert find("8,9", "fikk 8,9 mill. kr [1].") is not None
    assert find("150 000 kr", "under 150000 kroner") is not None
    assert find("treårig", "et treårige prosjekt") is not None
    assert find("1. juni 2022", "rapport 1. juni 2021") is None
    assert find("150 000 kr", "under 100 000 kroner") is None


def test_first_sentence_keeps_dates_and_markers_together() -> None:
    assert first_sentence("1. september 2020 kl. 23.59. Søknadsfristen var [1].") == (
        "1. september 2020 kl. 23.59."
    )


def _row(**kw: object) -> dict[str, object]:
    base: dict[str, object] = {"answerable": True, "asks": "date", "lead": ["20. juni 2024"]}
    base.update(kw)
    base.setdefault("facts", [["20. juni 2024"]])
    return base


def test_judge() -> None:
    good = "Søknadsfristen for prosjektskjønn 2025 var 20. juni 2024 [1]."
    assert judge(_row(), good, True, 1)["correct"]
    assert not judge(_row(), good, True, 0)["correct"]  # a marker without a citation
    late = "Utlysningen kom rundt 1. juni 2024 [1]. Fristen var 20. juni 2024 [1]."
    assert judge(_row(), late, True, 1)["reason"].startswith("first sentence lacks")
    wrong_first = "Fristen var 1. september 2020, senere 20. juni 2024 [1]."
    assert judge(_row(wrong=["1. september 2020"]), wrong_first, True, 1)["reason"] == (
        "leads with a wrong value"
    )
    assert judge(_row(answerable=False, facts=[]), "Kildene svarer ikke.", False, 0)["correct"]
    assert not judge(_row(answerable=False, facts=[]), good, True, 1)["correct"]
    assert judge(
        _row(asks="yesno", lead=["nei"], facts=[["drift"]]), "Nei. Ikke drift [1].", True, 1
    )["correct"]
    assert not judge(
        _row(asks="yesno", lead=["nei"], facts=[["drift"]]), "Ja. Drift [1].", True, 1
    )["correct"]
