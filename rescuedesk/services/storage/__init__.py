"""Keeping the database safe: backups, the daily backup, restoring a backup."""
