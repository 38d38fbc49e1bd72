"""Ranking in-stock products as alternatives to one that is back-ordered (pure functions)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

# The specs a customer compares first, per category, with how to name them in a reason.
KEY_SPECS: dict[str, list[tuple[str, str]]] = {
    "graphics_cards": [("chipset", "chipset"), ("vram_gb", "GB VRAM")],
    "ssds": [("capacity_gb", "GB capacity"), ("interface", "interface")],
    "cpus": [("socket", "socket"), ("cores", "cores")],
    "memory": [("capacity_gb", "GB capacity"), ("type", "memory type"), ("speed_mhz", "MHz")],
    "laptops": [
        ("graphics", "graphics"),
        ("cpu", "processor"),
        ("ram_gb", "GB RAM"),
        ("screen_in", "inch screen"),
    ],
    "monitors": [("size_in", "inch size"), ("resolution", "resolution"), ("refresh_hz", "Hz")],
    "software": [("edition", "edition"), ("licence", "licence")],
}


# Specs that weigh more than the others: a gaming laptop's like is another with a graphics
# card of its own before one with the same RAM.
SPEC_WEIGHTS: dict[tuple[str, str], float] = {("laptops", "graphics"): 2.0}


@dataclass(frozen=True, slots=True)
class Candidate:
    sku: str
    name: str
    price: Decimal
    available: int
    attributes: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class RankedAlternative:
    sku: str
    name: str
    price: Decimal
    available: int
    score: float
    reasons: list[str]


def _spec_similarity(a: Any, b: Any) -> float:
    if a is None or b is None:
        return 0.0
    if isinstance(a, int | float) and isinstance(b, int | float) and not isinstance(a, bool):
        high = max(abs(a), abs(b))
        return 1.0 if high == 0 else max(0.0, 1.0 - abs(a - b) / high)
    return 1.0 if str(a).casefold() == str(b).casefold() else 0.0


def _spec_reason(key: str, label: str, value: Any) -> str:
    if key == "graphics":
        # A laptop's kind of graphics, not its chip: "a dedicated graphics card too" (an RTX
        # 4060 is not "the same graphics" as an RTX 4070).
        return f"a {value} graphics card too"
    if isinstance(value, int | float) and not isinstance(value, bool):
        return f"same {value:g} {label}"
    return f"same {label} ({value})" if label != str(value) else f"same {value}"


def rank_alternatives(
    category: str,
    wanted_attributes: Mapping[str, Any],
    wanted_price: Decimal,
    candidates: Sequence[Candidate],
    limit: int = 5,
) -> list[RankedAlternative]:
    """Candidates in stock, best first: key specs weigh 70%, price closeness 30%."""
    specs = KEY_SPECS.get(category) or [(key, key) for key in sorted(wanted_attributes)]
    ranked: list[RankedAlternative] = []
    for candidate in candidates:
        if candidate.available <= 0:
            continue
        reasons: list[str] = []
        spec_score = 0.0
        weights = 0.0
        for key, label in specs:
            weight = SPEC_WEIGHTS.get((category, key), 1.0)
            similarity = _spec_similarity(wanted_attributes.get(key), candidate.attributes.get(key))
            spec_score += weight * similarity
            weights += weight
            if similarity == 1.0:
                reasons.append(_spec_reason(key, label, candidate.attributes[key]))
        spec_score = spec_score / weights if weights else 0.0
        price_score = 0.0
        if wanted_price > 0:
            change = (candidate.price - wanted_price) / wanted_price
            price_score = max(0.0, 1.0 - abs(float(change)))
            percent = round(abs(float(change)) * 100)
            if percent == 0:
                reasons.append("same price")
            else:
                reasons.append(f"{percent}% {'cheaper' if change < 0 else 'dearer'}")
        # Not "ships today": a ready item leaves after the handling days, not on a Sunday.
        reasons.append("in stock now")
        ranked.append(
            RankedAlternative(
                candidate.sku,
                candidate.name,
                candidate.price,
                candidate.available,
                round(0.7 * spec_score + 0.3 * price_score, 4),
                reasons,
            )
        )
    ranked.sort(key=lambda alt: (-alt.score, alt.price, alt.sku))
    return ranked[:limit]
