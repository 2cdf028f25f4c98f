"""The ledgers (台账): importing persons, cases and visits from spreadsheets, and the identifiable
ledger export.
"""
