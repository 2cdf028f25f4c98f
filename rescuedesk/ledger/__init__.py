"""Bringing existing ledgers (台账) in: reading, normalising, mapping, importing."""
