"""Ranking alternatives: closest key specs and price first, reasons a customer can read."""

from __future__ import annotations

from decimal import Decimal

from backend.alternatives.ranking import Candidate, rank_alternatives

WANTED = {"chipset": "RTX 4070", "vram_gb": 12}


def candidate(sku: str, price: str, available: int = 5, **attributes) -> Candidate:  # noqa: ANN003
    return Candidate(sku, sku, Decimal(price), available, attributes)


def test_same_specs_and_close_price_rank_first_with_reasons():
    ranked = rank_alternatives(
        "graphics_cards",
        WANTED,
        Decimal("600"),
        [
            candidate("FAR", "300", chipset="RTX 4060", vram_gb=8),
            candidate("CLOSE", "552", chipset="RTX 4070", vram_gb=12),
            candidate("MID", "650", chipset="RTX 4070 Super", vram_gb=12),
        ],
    )
    assert [alt.sku for alt in ranked] == ["CLOSE", "MID", "FAR"]
    assert ranked[0].reasons == [
        "same chipset (RTX 4070)",
        "same 12 GB VRAM",
        "8% cheaper",
        "in stock now",
    ]
    assert "8% dearer" in ranked[1].reasons


def test_products_out_of_stock_are_never_offered():
    ranked = rank_alternatives(
        "graphics_cards", WANTED, Decimal("600"), [candidate("NONE", "600", available=0, **WANTED)]
    )
    assert ranked == []


def test_limit_and_unknown_categories_compare_all_attributes():
    candidates = [candidate(f"S{i}", str(100 + i), colour="black") for i in range(8)]
    ranked = rank_alternatives("cables", {"colour": "black"}, Decimal("100"), candidates, limit=3)
    assert [alt.sku for alt in ranked] == ["S0", "S1", "S2"]
    assert "same black" in ranked[0].reasons[0] or "same colour" in ranked[0].reasons[0]


def test_a_gaming_laptop_s_like_has_a_graphics_card_of_its_own_before_the_same_ram():
    wanted = {"graphics": "dedicated", "cpu": "Ryzen 9 8945HS", "ram_gb": 32, "screen_in": 14}
    ranked = rank_alternatives(
        "laptops",
        wanted,
        Decimal("2099"),
        [
            candidate(
                "OFFICE", "2149", graphics="integrated", cpu="Core Ultra 7", ram_gb=32, screen_in=14
            ),
            candidate(
                "GAMING",
                "1399",
                graphics="dedicated",
                cpu="Ryzen 7 7840HS",
                ram_gb=16,
                screen_in=16,
            ),
        ],
    )
    assert [alt.sku for alt in ranked] == ["GAMING", "OFFICE"]
    assert "a dedicated graphics card too" in ranked[0].reasons
