"""Items and their stock journal: receiving, issuing, stocktakes, lending and the item CSV."""
