"""Accounts, passwords, permissions and the tamper-evident audit chain. Never imports Qt."""
