"""Domain services: the only way anything is written. Never imports Qt."""

# Registers the mapper events that keep search tokens in step with every write of a Person.
from rescuedesk.services.people import search_tokens as _search_tokens  # noqa: F401
