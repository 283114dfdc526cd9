"""Property-based fuzzing of the readers and the record importer (hypothesis).

Inputs are seeds (valid documents made in seeds.py) mutated byte-wise, plus arbitrary bytes.
The property: a reader returns or fails with a documented error (``targets.ALLOWED``), never
anything else. Bounded here (``FUZZ_EXAMPLES``, default 60 per target, derandomized); `make
fuzz` runs many more with a random seed (``FUZZ_EXAMPLES=3000 FUZZ_RANDOM=1``).
"""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.fuzz.seeds import seeds
from tests.fuzz.targets import ALLOWED, TARGETS

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "60"))
RANDOM = os.environ.get("FUZZ_RANDOM") == "1"
SEEDS = seeds()


@st.composite
def mutated(draw: st.DrawFn, seed: bytes) -> bytes:
    data = bytearray(seed)
    for _ in range(draw(st.integers(0, 8))):
        op = draw(st.sampled_from(["flip", "insert", "delete", "repeat", "truncate"]))
        at = draw(st.integers(0, max(0, len(data) - 1)))
        if op == "flip" and data:
            data[at] = draw(st.integers(0, 255))
        elif op == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=64))
        elif op == "delete" and data:
            del data[at : at + draw(st.integers(1, 64))]
        elif op == "repeat" and data:
            chunk = bytes(data[at : at + draw(st.integers(1, 32))])
            data[at:at] = chunk * draw(st.integers(2, 200))
        elif op == "truncate":
            del data[at:]
    return bytes(data)


# a failing example of a few hundred KB is fine to print
@pytest.mark.filterwarnings("ignore::hypothesis.errors.HypothesisWarning")
@pytest.mark.fuzz
@pytest.mark.parametrize("name", sorted(TARGETS))
def test_reader_fails_only_as_documented(name: str) -> None:
    target = TARGETS[name]

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=not RANDOM,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(st.one_of(mutated(SEEDS[name]), st.binary(max_size=2048)))
    def fuzz(data: bytes) -> None:
        try:
            target(data)
        except ALLOWED:
            pass

    fuzz()
