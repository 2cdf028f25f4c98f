"""Domain services: the only way anything is written. Never imports Qt."""
