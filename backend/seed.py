"""`backorder seed`: a believable, deterministic demo data set, loaded through the CSV importer.

Dates are relative to "today" (BACKORDER_TODAY when set), so the demo always shows restock dates
ahead, one overdue purchase order and a history of supplier delays. The same today gives the same
data, row for row. The hand-made demo orders 100042-100046 are named in README.md.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from backend.imports.rows import OrderLineRow, OrderRow, ProductRow, PurchaseOrderRow, SupplierRow
from backend.imports.service import Batch

# supplier_id, name, lead time in days, (least, most) days late on past deliveries
SUPPLIERS = [
    ("SUP-NOVA", "Nova Components", 7, (0, 1)),
    ("SUP-ASTER", "Aster Distribution", 14, (0, 4)),
    ("SUP-KESTREL", "Kestrel Tech Supply", 21, (2, 12)),
    ("SUP-MERIDIAN", "Meridian Imports", 30, (0, 8)),
    ("SUP-HALCYON", "Halcyon Displays", 10, (1, 6)),
    ("SUP-ORBIT", "Orbit Software Licensing", 2, (0, 0)),
]

# sku, name, category, price (EUR), supplier, attributes
PRODUCTS: list[tuple[str, str, str, str, str, dict[str, Any]]] = [
    (
        "GPU-RTX4060-8G",
        "GeForce RTX 4060 8 GB Dual Fan",
        "graphics_cards",
        "319.00",
        "SUP-KESTREL",
        {"chipset": "RTX 4060", "vram_gb": 8},
    ),
    (
        "GPU-RTX4060TI-16G",
        "GeForce RTX 4060 Ti 16 GB",
        "graphics_cards",
        "469.00",
        "SUP-KESTREL",
        {"chipset": "RTX 4060 Ti", "vram_gb": 16},
    ),
    (
        "GPU-RTX4070-12G",
        "GeForce RTX 4070 12 GB Windforce",
        "graphics_cards",
        "619.00",
        "SUP-KESTREL",
        {"chipset": "RTX 4070", "vram_gb": 12},
    ),
    (
        "GPU-RTX4070S-12G",
        "GeForce RTX 4070 Super 12 GB",
        "graphics_cards",
        "679.00",
        "SUP-ASTER",
        {"chipset": "RTX 4070 Super", "vram_gb": 12},
    ),
    (
        "GPU-RTX4070TI-12G",
        "GeForce RTX 4070 Ti 12 GB Gaming OC",
        "graphics_cards",
        "829.00",
        "SUP-ASTER",
        {"chipset": "RTX 4070 Ti", "vram_gb": 12},
    ),
    (
        "GPU-RTX4080S-16G",
        "GeForce RTX 4080 Super 16 GB",
        "graphics_cards",
        "1099.00",
        "SUP-KESTREL",
        {"chipset": "RTX 4080 Super", "vram_gb": 16},
    ),
    (
        "GPU-RTX4090-24G",
        "GeForce RTX 4090 24 GB Founders",
        "graphics_cards",
        "1899.00",
        "SUP-MERIDIAN",
        {"chipset": "RTX 4090", "vram_gb": 24},
    ),
    (
        "GPU-RX7600-8G",
        "Radeon RX 7600 8 GB Pulse",
        "graphics_cards",
        "289.00",
        "SUP-ASTER",
        {"chipset": "RX 7600", "vram_gb": 8},
    ),
    (
        "GPU-RX7700XT-12G",
        "Radeon RX 7700 XT 12 GB",
        "graphics_cards",
        "459.00",
        "SUP-ASTER",
        {"chipset": "RX 7700 XT", "vram_gb": 12},
    ),
    (
        "GPU-RX7800XT-16G",
        "Radeon RX 7800 XT 16 GB Nitro+",
        "graphics_cards",
        "559.00",
        "SUP-MERIDIAN",
        {"chipset": "RX 7800 XT", "vram_gb": 16},
    ),
    (
        "GPU-RX7900XTX-24G",
        "Radeon RX 7900 XTX 24 GB",
        "graphics_cards",
        "999.00",
        "SUP-MERIDIAN",
        {"chipset": "RX 7900 XTX", "vram_gb": 24},
    ),
    (
        "GPU-ARC-A770-16G",
        "Intel Arc A770 16 GB",
        "graphics_cards",
        "329.00",
        "SUP-NOVA",
        {"chipset": "Arc A770", "vram_gb": 16},
    ),
    (
        "CPU-R5-7600X",
        "AMD Ryzen 5 7600X",
        "cpus",
        "229.00",
        "SUP-NOVA",
        {"socket": "AM5", "cores": 6},
    ),
    (
        "CPU-R7-7800X3D",
        "AMD Ryzen 7 7800X3D",
        "cpus",
        "389.00",
        "SUP-MERIDIAN",
        {"socket": "AM5", "cores": 8},
    ),
    (
        "CPU-R9-7900X",
        "AMD Ryzen 9 7900X",
        "cpus",
        "419.00",
        "SUP-NOVA",
        {"socket": "AM5", "cores": 12},
    ),
    (
        "CPU-R9-7950X",
        "AMD Ryzen 9 7950X",
        "cpus",
        "569.00",
        "SUP-NOVA",
        {"socket": "AM5", "cores": 16},
    ),
    (
        "CPU-I5-14600K",
        "Intel Core i5-14600K",
        "cpus",
        "309.00",
        "SUP-ASTER",
        {"socket": "LGA1700", "cores": 14},
    ),
    (
        "CPU-I7-14700K",
        "Intel Core i7-14700K",
        "cpus",
        "419.00",
        "SUP-ASTER",
        {"socket": "LGA1700", "cores": 20},
    ),
    (
        "CPU-I9-14900K",
        "Intel Core i9-14900K",
        "cpus",
        "589.00",
        "SUP-KESTREL",
        {"socket": "LGA1700", "cores": 24},
    ),
    (
        "CPU-R5-5600",
        "AMD Ryzen 5 5600",
        "cpus",
        "119.00",
        "SUP-NOVA",
        {"socket": "AM4", "cores": 6},
    ),
    (
        "SSD-SAM990-1TB",
        "Samsung 990 Pro 1 TB NVMe",
        "ssds",
        "119.00",
        "SUP-NOVA",
        {"capacity_gb": 1000, "interface": "PCIe 4.0 NVMe"},
    ),
    (
        "SSD-SAM990-2TB",
        "Samsung 990 Pro 2 TB NVMe",
        "ssds",
        "189.00",
        "SUP-NOVA",
        {"capacity_gb": 2000, "interface": "PCIe 4.0 NVMe"},
    ),
    (
        "SSD-WDSN850X-1TB",
        "WD Black SN850X 1 TB",
        "ssds",
        "109.00",
        "SUP-ASTER",
        {"capacity_gb": 1000, "interface": "PCIe 4.0 NVMe"},
    ),
    (
        "SSD-WDSN850X-2TB",
        "WD Black SN850X 2 TB",
        "ssds",
        "179.00",
        "SUP-ASTER",
        {"capacity_gb": 2000, "interface": "PCIe 4.0 NVMe"},
    ),
    (
        "SSD-CRUCIAL-T700-2TB",
        "Crucial T700 2 TB PCIe 5.0",
        "ssds",
        "299.00",
        "SUP-KESTREL",
        {"capacity_gb": 2000, "interface": "PCIe 5.0 NVMe"},
    ),
    (
        "SSD-CRUCIAL-P3-4TB",
        "Crucial P3 Plus 4 TB",
        "ssds",
        "239.00",
        "SUP-ASTER",
        {"capacity_gb": 4000, "interface": "PCIe 4.0 NVMe"},
    ),
    (
        "SSD-KINGSTON-KC3000-1TB",
        "Kingston KC3000 1 TB",
        "ssds",
        "99.00",
        "SUP-NOVA",
        {"capacity_gb": 1000, "interface": "PCIe 4.0 NVMe"},
    ),
    (
        "SSD-SAM870-1TB",
        "Samsung 870 EVO 1 TB SATA",
        "ssds",
        "89.00",
        "SUP-NOVA",
        {"capacity_gb": 1000, "interface": "SATA"},
    ),
    (
        "SSD-SAM870-2TB",
        "Samsung 870 EVO 2 TB SATA",
        "ssds",
        "159.00",
        "SUP-NOVA",
        {"capacity_gb": 2000, "interface": "SATA"},
    ),
    (
        "RAM-DDR5-32-6000",
        "Corsair Vengeance 32 GB DDR5-6000 (2x16)",
        "memory",
        "109.00",
        "SUP-ASTER",
        {"capacity_gb": 32, "type": "DDR5", "speed_mhz": 6000},
    ),
    (
        "RAM-DDR5-64-6000",
        "Corsair Vengeance 64 GB DDR5-6000 (2x32)",
        "memory",
        "209.00",
        "SUP-ASTER",
        {"capacity_gb": 64, "type": "DDR5", "speed_mhz": 6000},
    ),
    (
        "RAM-DDR5-32-5600",
        "Kingston Fury Beast 32 GB DDR5-5600",
        "memory",
        "95.00",
        "SUP-NOVA",
        {"capacity_gb": 32, "type": "DDR5", "speed_mhz": 5600},
    ),
    (
        "RAM-DDR5-96-6400",
        "G.Skill Trident Z5 96 GB DDR5-6400",
        "memory",
        "329.00",
        "SUP-KESTREL",
        {"capacity_gb": 96, "type": "DDR5", "speed_mhz": 6400},
    ),
    (
        "RAM-DDR4-16-3200",
        "Crucial 16 GB DDR4-3200 (2x8)",
        "memory",
        "39.00",
        "SUP-NOVA",
        {"capacity_gb": 16, "type": "DDR4", "speed_mhz": 3200},
    ),
    (
        "RAM-DDR4-32-3600",
        "G.Skill Ripjaws 32 GB DDR4-3600",
        "memory",
        "69.00",
        "SUP-ASTER",
        {"capacity_gb": 32, "type": "DDR4", "speed_mhz": 3600},
    ),
    (
        "RAM-SODIMM-32-5600",
        "Crucial 32 GB DDR5-5600 SO-DIMM",
        "memory",
        "89.00",
        "SUP-NOVA",
        {"capacity_gb": 32, "type": "DDR5 SO-DIMM", "speed_mhz": 5600},
    ),
    (
        "LAP-XPS14-U7-32",
        "Dell XPS 14 Core Ultra 7, 32 GB, 1 TB",
        "laptops",
        "1999.00",
        "SUP-MERIDIAN",
        {"cpu": "Core Ultra 7", "ram_gb": 32, "screen_in": 14.5},
    ),
    (
        "LAP-TP-X1C-U7-32",
        "Lenovo ThinkPad X1 Carbon Gen 12, 32 GB",
        "laptops",
        "2149.00",
        "SUP-MERIDIAN",
        {"cpu": "Core Ultra 7", "ram_gb": 32, "screen_in": 14},
    ),
    (
        "LAP-MBA13-M3-16",
        "MacBook Air 13 M3, 16 GB, 512 GB",
        "laptops",
        "1349.00",
        "SUP-ASTER",
        {"cpu": "Apple M3", "ram_gb": 16, "screen_in": 13.6},
    ),
    (
        "LAP-MBA15-M3-16",
        "MacBook Air 15 M3, 16 GB, 512 GB",
        "laptops",
        "1599.00",
        "SUP-ASTER",
        {"cpu": "Apple M3", "ram_gb": 16, "screen_in": 15.3},
    ),
    (
        "LAP-ROG-G14-4070",
        "ASUS ROG Zephyrus G14, RTX 4070, 32 GB",
        "laptops",
        "2099.00",
        "SUP-KESTREL",
        {"cpu": "Ryzen 9 8945HS", "ram_gb": 32, "screen_in": 14},
    ),
    (
        "LAP-LEGION-5-4060",
        "Lenovo Legion 5, RTX 4060, 16 GB",
        "laptops",
        "1399.00",
        "SUP-KESTREL",
        {"cpu": "Ryzen 7 7840HS", "ram_gb": 16, "screen_in": 16},
    ),
    (
        "LAP-FW13-R7-32",
        "Framework Laptop 13, Ryzen 7, 32 GB",
        "laptops",
        "1479.00",
        "SUP-MERIDIAN",
        {"cpu": "Ryzen 7 7840U", "ram_gb": 32, "screen_in": 13.5},
    ),
    (
        "LAP-ASPIRE5-I5-16",
        "Acer Aspire 5, Core i5, 16 GB",
        "laptops",
        "649.00",
        "SUP-ASTER",
        {"cpu": "Core i5-1335U", "ram_gb": 16, "screen_in": 15.6},
    ),
    (
        "LAP-IDEAPAD-R5-16",
        "Lenovo IdeaPad Slim 5, Ryzen 5, 16 GB",
        "laptops",
        "699.00",
        "SUP-ASTER",
        {"cpu": "Ryzen 5 7530U", "ram_gb": 16, "screen_in": 14},
    ),
    (
        "MON-DELL-U2724D",
        'Dell UltraSharp U2724D 27" QHD',
        "monitors",
        "449.00",
        "SUP-HALCYON",
        {"size_in": 27, "resolution": "2560x1440", "refresh_hz": 120},
    ),
    (
        "MON-LG-27GR95QE",
        'LG UltraGear 27GR95QE 27" OLED 240 Hz',
        "monitors",
        "899.00",
        "SUP-HALCYON",
        {"size_in": 27, "resolution": "2560x1440", "refresh_hz": 240},
    ),
    (
        "MON-SAM-G7-32",
        'Samsung Odyssey G7 32" 4K 144 Hz',
        "monitors",
        "649.00",
        "SUP-HALCYON",
        {"size_in": 32, "resolution": "3840x2160", "refresh_hz": 144},
    ),
    (
        "MON-AOC-24G2",
        'AOC 24G2 24" 144 Hz IPS',
        "monitors",
        "159.00",
        "SUP-HALCYON",
        {"size_in": 24, "resolution": "1920x1080", "refresh_hz": 144},
    ),
    (
        "MON-ASUS-PA278CV",
        'ASUS ProArt PA278CV 27" QHD',
        "monitors",
        "399.00",
        "SUP-HALCYON",
        {"size_in": 27, "resolution": "2560x1440", "refresh_hz": 75},
    ),
    (
        "MON-BENQ-PD3220U",
        'BenQ PD3220U 32" 4K Thunderbolt',
        "monitors",
        "999.00",
        "SUP-MERIDIAN",
        {"size_in": 32, "resolution": "3840x2160", "refresh_hz": 60},
    ),
    (
        "MON-LG-34WP65C",
        'LG 34WP65C 34" Ultrawide',
        "monitors",
        "379.00",
        "SUP-HALCYON",
        {"size_in": 34, "resolution": "3440x1440", "refresh_hz": 160},
    ),
    (
        "MON-DELL-P2425H",
        'Dell P2425H 24" FHD',
        "monitors",
        "199.00",
        "SUP-HALCYON",
        {"size_in": 24, "resolution": "1920x1080", "refresh_hz": 100},
    ),
    (
        "SW-WIN11-PRO",
        "Windows 11 Pro licence",
        "software",
        "199.00",
        "SUP-ORBIT",
        {"edition": "Pro", "licence": "perpetual"},
    ),
    (
        "SW-WIN11-HOME",
        "Windows 11 Home licence",
        "software",
        "139.00",
        "SUP-ORBIT",
        {"edition": "Home", "licence": "perpetual"},
    ),
    (
        "SW-M365-FAMILY",
        "Microsoft 365 Family, 1 year",
        "software",
        "99.00",
        "SUP-ORBIT",
        {"edition": "Family", "licence": "subscription"},
    ),
    (
        "SW-M365-PERSONAL",
        "Microsoft 365 Personal, 1 year",
        "software",
        "69.00",
        "SUP-ORBIT",
        {"edition": "Personal", "licence": "subscription"},
    ),
    (
        "SW-OFFICE-HB-2024",
        "Office Home & Business 2024",
        "software",
        "299.00",
        "SUP-ORBIT",
        {"edition": "Home & Business", "licence": "perpetual"},
    ),
    (
        "SW-ADOBE-CC-1Y",
        "Adobe Creative Cloud All Apps, 1 year",
        "software",
        "719.00",
        "SUP-ORBIT",
        {"edition": "All Apps", "licence": "subscription"},
    ),
    (
        "SW-ESET-HOME-3",
        "ESET Home Security, 3 devices",
        "software",
        "59.00",
        "SUP-ORBIT",
        {"edition": "3 devices", "licence": "subscription"},
    ),
    (
        "SW-VMWARE-WS-PRO",
        "VMware Workstation Pro licence",
        "software",
        "199.00",
        "SUP-ORBIT",
        {"edition": "Pro", "licence": "perpetual"},
    ),
    (
        "SW-JETBRAINS-AP-1Y",
        "JetBrains All Products Pack, 1 year",
        "software",
        "289.00",
        "SUP-ORBIT",
        {"edition": "All Products", "licence": "subscription"},
    ),
]

# Stock and supply the demo orders depend on; every other product gets seeded random stock.
FIXED_STOCK = {
    "GPU-RTX4070-12G": 0,
    "GPU-RTX4090-24G": 0,
    "CPU-R7-7800X3D": 0,
    "SSD-SAM990-2TB": 40,
    "LAP-MBA13-M3-16": 12,
    "MON-DELL-U2724D": 15,
    "SW-WIN11-PRO": 200,
    "RAM-DDR5-32-6000": 60,
}
# sku -> list of (po suffix, quantity, days from today the delivery is due)
FIXED_SUPPLY = {
    "GPU-RTX4070-12G": [("A", 40, 15), ("B", 30, 36)],
    "CPU-R7-7800X3D": [("A", 60, -4)],  # overdue: due four days ago, not received
}
STORE_TZ = ZoneInfo("Europe/Istanbul")

# order number, email, postal code, days ago placed, status, [(sku, quantity, line status)]
DEMO_ORDERS = [
    (
        "100042",
        "ada.lovelace@example.com",
        "34710",
        12,
        "open",
        [("GPU-RTX4070-12G", 1, "open"), ("SSD-SAM990-2TB", 1, "open")],
    ),
    (
        "100043",
        "alan.turing@example.com",
        "06510",
        9,
        "open",
        [("LAP-MBA13-M3-16", 1, "shipped"), ("MON-DELL-U2724D", 1, "open")],
    ),
    (
        "100044",
        "grace.hopper@example.com",
        "35220",
        8,
        "open",
        [("GPU-RTX4090-24G", 1, "open"), ("RAM-DDR5-32-6000", 2, "open")],
    ),
    (
        "100045",
        "linus.t@example.com",
        "16110",
        6,
        "open",
        [("CPU-R7-7800X3D", 1, "open"), ("SW-WIN11-PRO", 1, "shipped")],
    ),
    (
        "100046",
        "margaret.h@example.com",
        "07100",
        5,
        "cancelled",
        [("GPU-RTX4070-12G", 1, "cancelled")],
    ),
]

FIRST_NAMES = [
    "ayse",
    "mehmet",
    "elif",
    "can",
    "zeynep",
    "emre",
    "selin",
    "burak",
    "deniz",
    "ana",
    "lukas",
    "sofia",
    "omar",
    "mia",
    "noah",
    "lea",
    "ivan",
    "yuki",
    "ravi",
    "ola",
]
DOMAINS = ["example.com", "example.org", "example.net", "mail.example"]


def demo_batch(today: dt.date, orders: int = 320, seed: int = 20261124) -> Batch:
    rng = random.Random(seed)
    suppliers = [
        SupplierRow(supplier_id=s, name=n, lead_time_days=lead) for s, n, lead, _ in SUPPLIERS
    ]
    lateness = {s: late for s, _, _, late in SUPPLIERS}

    products = []
    for sku, name, category, price, supplier, attributes in PRODUCTS:
        on_hand = FIXED_STOCK.get(sku, rng.choice([0, 0, 3, 6, 10, 15, 25, 40, 60, 80]))
        products.append(
            ProductRow(
                sku=sku,
                name=name,
                category=category,
                price=Decimal(price),
                currency="EUR",
                on_hand=on_hand,
                supplier_id=supplier,
                attributes=attributes,
            )
        )

    purchase_orders = []
    po_no = 5000
    for product in products:
        po_no += 1
        # Two received deliveries each: the supplier's record of being late (or not).
        for back in (70, 40):
            expected = today - dt.timedelta(days=back)
            late = rng.randint(*lateness[product.supplier_id])
            purchase_orders.append(
                PurchaseOrderRow(
                    po_number=f"PO-{po_no}-H{back}",
                    supplier_id=product.supplier_id,
                    sku=product.sku,
                    quantity=rng.choice([10, 20, 30]),
                    expected_date=expected,
                    status="received",
                    received_date=expected + dt.timedelta(days=late),
                )
            )
        supply = FIXED_SUPPLY.get(product.sku)
        if supply is None and product.sku not in FIXED_STOCK and rng.random() < 0.6:
            supply = [("A", rng.choice([5, 10, 20, 30]), rng.randint(5, 40))]
        for suffix, quantity, days in supply or []:
            purchase_orders.append(
                PurchaseOrderRow(
                    po_number=f"PO-{po_no}-{suffix}",
                    supplier_id=product.supplier_id,
                    sku=product.sku,
                    quantity=quantity,
                    expected_date=today + dt.timedelta(days=days),
                    status="open",
                )
            )

    order_rows, line_rows = [], []
    for number, email, postal, days_ago, status, lines in DEMO_ORDERS:
        placed = dt.datetime.combine(
            today - dt.timedelta(days=days_ago), dt.time(10, 15), tzinfo=STORE_TZ
        )
        order_rows.append(
            OrderRow.model_validate(
                {
                    "order_number": number,
                    "email": email,
                    "postal_code": postal,
                    "placed_at": placed,
                    "status": status,
                }
            )
        )
        for line_no, (sku, quantity, line_status) in enumerate(lines, start=1):
            line_rows.append(
                OrderLineRow.model_validate(
                    {
                        "order_number": number,
                        "line_no": line_no,
                        "sku": sku,
                        "quantity": quantity,
                        "status": line_status,
                    }
                )
            )

    weights = [3 if p.category in ("graphics_cards", "ssds") else 1 for p in products]
    for index in range(orders):
        number = str(100100 + index)
        days_ago = rng.randint(0, 30)
        placed = dt.datetime.combine(
            today - dt.timedelta(days=days_ago),
            dt.time(rng.randint(8, 22), rng.randint(0, 59)),
            tzinfo=STORE_TZ,
        )
        name = rng.choice(FIRST_NAMES)
        order_status = "cancelled" if rng.random() < 0.04 else "open"
        order_rows.append(
            OrderRow.model_validate(
                {
                    "order_number": number,
                    "email": f"{name}.{index}@{rng.choice(DOMAINS)}",
                    "postal_code": f"{rng.randint(1, 81):02d}{rng.randint(0, 999):03d}",
                    "placed_at": placed,
                    "status": order_status,
                }
            )
        )
        chosen = rng.choices(
            range(len(products)), weights=weights, k=rng.choice([1, 1, 1, 2, 2, 3])
        )
        for line_no, product in enumerate((products[i] for i in dict.fromkeys(chosen)), start=1):
            if order_status == "cancelled":
                line_status = "cancelled"
            elif days_ago > 7 and rng.random() < 0.5:
                line_status = "shipped"
            else:
                line_status = "open"
            line_rows.append(
                OrderLineRow.model_validate(
                    {
                        "order_number": number,
                        "line_no": line_no,
                        "sku": product.sku,
                        "quantity": rng.choice([1, 1, 1, 1, 2, 2, 3]),
                        "status": line_status,
                    }
                )
            )

    return Batch.of(
        suppliers=suppliers,
        products=products,
        purchase_orders=purchase_orders,
        orders=order_rows,
        order_lines=line_rows,
    )
