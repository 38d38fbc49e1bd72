"""First-come-first-served allocation of stock and incoming supply to order lines."""
