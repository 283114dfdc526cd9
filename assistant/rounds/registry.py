"""One registry of every round pack and region, loaded once per set of corpus folders.

The corpus folders are the configured one (``SKJONN_CORPUS_DIR``, the bundled corpus by
default) and the operator's own (``SKJONN_CORPUS_EXTRA``, several paths separated by
``os.pathsep``). In each, ``regions/*.yaml`` are the regions and ``rules/*.yaml`` the round
packs. Answers, pre-check, pages, ``/v1/rounds`` and the CLI all read rounds from here, so a
new round or county is a matter of files. A changed file is picked up on the next call.
"""

from __future__ import annotations

import datetime as dt
import re
import threading
from pathlib import Path
from typing import Any

from assistant.errors import ConfigError, InputError
from assistant.rounds.load import Problems, load_pack, load_region
from assistant.rounds.model import Region, RoundRules
from assistant.settings import BUNDLED_CORPUS, Settings


class Registry:
    def __init__(self, roots: list[Path]) -> None:
        self.roots = roots
        self.problems = Problems()
        self.regions: dict[str, Region] = {}
        for root in roots:
            for path in sorted((root / "regions").glob("*.yaml")):
                region = load_region(path, self.problems, root)
                if region is None:
                    continue
                if region.key in self.regions:
                    self.problems.error(
                        str(path),
                        f"regionen {region.key} finnes også i {self.regions[region.key].source}.",
                    )
                self.regions[region.key] = region
        rounds: dict[str, RoundRules] = {}
        for root in roots:
            for path in sorted((root / "rules").glob("*.yaml")):
                r = load_pack(path, root, roots, self.regions, self.problems)
                if r is None:
                    continue
                if r.key in rounds:
                    self.problems.error(
                        str(path), f"runden {r.key} finnes også i {rounds[r.key].source}."
                    )
                rounds[r.key] = r
        self.rounds: tuple[RoundRules, ...] = tuple(
            sorted(rounds.values(), key=lambda r: (r.year, r.region_key))
        )
        claimed: dict[str, str] = {}
        for region in self.regions.values():
            for n in region.municipalities:
                other = claimed.setdefault(n.lower(), region.key)
                if other != region.key:
                    self.problems.error(
                        f"regions/{region.key}.yaml",
                        f"kommunen «{n}» hører også til regionen {other}. En kommune hører til "
                        "én region.",
                    )

    # ------------------------------------------------------------------ regions

    @property
    def default_region(self) -> Region:
        """The region of the first corpus folder's first region file (the bundled one)."""
        if not self.regions:
            raise ConfigError(f"Fant ingen regionfiler (regions/*.yaml) i {self._where()}")
        return next(iter(self.regions.values()))

    def region(self, key: str | None = None) -> Region:
        if not key:
            return self.default_region
        low = key.strip().lower()
        for r in self.regions.values():
            if low in (r.key, r.name.lower(), r.embete.lower()):
                return r
        known = ", ".join(r.key for r in self.regions.values())
        raise InputError(f"Ukjent region «{key}». Kjente regioner: {known}.")

    def region_of(self, municipality: str) -> Region | None:
        """The region a municipality (today's or a former name) belongs to."""
        for r in self.regions.values():
            if r.has_municipality(municipality):
                return r
        return None

    def municipality_names(self) -> tuple[str, ...]:
        return tuple(n for r in self.regions.values() for n in r.names)

    def ambiguous_names(self) -> tuple[str, ...]:
        return tuple(n for r in self.regions.values() for n in r.ambiguous)

    # ------------------------------------------------------------------- rounds

    def rounds_of(self, region_key: str) -> tuple[RoundRules, ...]:
        return tuple(r for r in self.rounds if r.region_key == region_key)

    def all(self, region: str | None = None) -> tuple[RoundRules, ...]:
        """The rounds of one region (default: the default region), oldest first."""
        key = self.region(region).key
        out = tuple(r for r in self.rounds if r.region_key == key)
        if not out:
            raise ConfigError(
                f"Fant ingen runder (rules/*.yaml) for regionen {key} i {self._where()}"
            )
        return out

    def current(self, today: dt.date, region: str | None = None) -> RoundRules:
        """The round whose deadline is next, or the newest when every deadline has passed."""
        rounds = self.all(region)
        year = current_year({r.year: r.deadline for r in rounds}, today)
        return next(r for r in rounds if r.year == year)

    def get(self, key: str) -> RoundRules | None:
        return next((r for r in self.rounds if r.key == key), None)

    def find(self, name: str, region: str | None = None) -> RoundRules:
        """A round by key ("trondelag-2025"), year ("2025") or name ("Prosjektskjønn 2025");
        a year or name is looked up in ``region`` (default: the default region)."""
        wanted = name.strip().lower()
        exact = self.get(wanted)
        if exact is not None:
            return exact
        rounds = self.all(region)
        for r in rounds:
            if wanted in (str(r.year), r.round.lower()):
                return r
        m = re.search(r"\b(19|20)\d{2}\b", wanted)
        if m:
            for r in rounds:
                if r.year == int(m.group(0)):
                    return r
        valid = ", ".join(str(r.year) for r in rounds)
        raise InputError(f"Ukjent runde «{name}». Gyldige runder: {valid}.")

    def deadlines(self, region: str | None = None) -> dict[int, dt.date]:
        return {r.year: r.deadline for r in self.all(region)}

    def status(self, today: dt.date, region: str | None = None) -> dict[str, Any]:
        """Is a round open today? ``open``/``next_round_announced`` are False once the newest
        known round's deadline has passed, and ``message`` then says so in Norwegian and names
        the contact; None while a round is open."""
        current = self.current(today, region)
        is_open = current.deadline >= today
        message = None
        if not is_open:
            name = current.round[:1].lower() + current.round[1:]
            message = (
                f"Søknadsfristen for {name} var {current.deadline_note}. "
                "Neste runde er ikke kunngjort ennå. "
                f"Kontakt {current.contact} for å høre når neste runde kommer."
            )
        return {
            "open": is_open,
            "next_round_announced": is_open,
            "round": current.key,
            "region": current.region_key,
            "deadline": current.deadline.isoformat(),
            "message": message,
        }

    def status_of(self, round_key: str, today: dt.date) -> dict[str, Any]:
        """``status`` for the region of the round ``round_key`` (a pre-check report's round)."""
        r = self.get(round_key)
        return self.status(today, r.region_key if r else None)

    def _where(self) -> str:
        return ", ".join(str(r) for r in self.roots)


def current_year(deadlines: dict[int, dt.date | None], today: dt.date) -> int | None:
    """The one rule for "the current round": the year whose deadline is next (today counts
    as open), else the newest year. Used by the registry and by the answerer's year choice."""
    upcoming = [(d, y) for y, d in deadlines.items() if d is not None and d >= today]
    if upcoming:
        return min(upcoming)[1]
    return max(deadlines) if deadlines else None


def corpus_roots(settings: Settings) -> list[Path]:
    """The corpus folders: the configured one (the bundled corpus when it holds no rounds),
    then ``SKJONN_CORPUS_EXTRA``."""
    first = settings.corpus_dir.expanduser().resolve()
    roots = [first]
    if not (first / "rules").is_dir():
        roots.append(BUNDLED_CORPUS.resolve())
    roots += [p.expanduser().resolve() for p in settings.corpus_extra_dirs()]
    return list(dict.fromkeys(roots))


_CACHE: dict[tuple[Path, ...], tuple[tuple[Any, ...], Registry]] = {}
_LOCK = threading.Lock()


def _signature(roots: list[Path]) -> tuple[Any, ...]:
    out: list[Any] = []
    for root in roots:
        for sub in ("regions", "rules"):
            for p in sorted((root / sub).glob("*.yaml")):
                st = p.stat()
                out.append((str(p), st.st_mtime_ns, st.st_size))
    return tuple(out)


def load_registry(roots: list[Path], strict: bool = True) -> Registry:
    """The registry of ``roots`` (cached until a pack or region file changes). ``strict``
    raises ConfigError on any error in a pack, naming what to fix."""
    key = tuple(roots)
    sig = _signature(roots)
    with _LOCK:
        hit = _CACHE.get(key)
        if hit is None or hit[0] != sig:
            hit = (sig, Registry(roots))
            _CACHE[key] = hit
    reg = hit[1]
    if strict and reg.problems.errors:
        lines = "\n".join(f"  {p}" for p in reg.problems.errors)
        raise ConfigError(
            f"Rundefilene har feil (kjør `skjonn rounds validate` for detaljer):\n{lines}"
        )
    return reg


def registry(settings: Settings) -> Registry:
    """The registry for the configured corpus folders."""
    return load_registry(corpus_roots(settings))


def contact_of(settings: Settings) -> tuple[str, str]:
    """Who users are sent to: the settings' override, else the default region's contact."""
    if settings.contact_name and settings.contact_email:
        return settings.contact_name, settings.contact_email
    region = registry(settings).region(settings.region)
    return (
        settings.contact_name or region.contact_name,
        settings.contact_email or region.contact_email,
    )
