"""The case file and its records: opening a case, its stages and closure, the records of each part
with their rules and consent gates, the case list, the home page, purge.
"""
