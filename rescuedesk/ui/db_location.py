"""Where this workstation's database is: chosen once by the first-start wizard, remembered.

The choice is remembered in a plain config file that the command line reads too
(config.py), without any password; a PostgreSQL password lives in the OS keyring
(services/workspace.py, security/secrets.py). Where no secure keyring exists the password
is asked at each start instead: it is never written to a file. Earlier versions kept the
URL in QSettings: such a choice is moved to the file at the next start.
"""

from __future__ import annotations

from PySide6.QtCore import QSettings

from rescuedesk import config
from rescuedesk.services.workspace import (  # noqa: F401  (the wizard's and tests' names)
    needs_password,
    postgres_url,
    secret_name,
    store_password,
    stored_password,
    with_password,
)

SETTING = "database/url"  # where versions before the config file kept the choice


def remembered_url() -> str | None:
    return config.remembered_db_url()


def remember(url: str) -> None:
    """Keep the URL for the next start and for every command, always without its password."""
    config.remember_db_url(url)


def adopt_qsettings_choice() -> None:
    """A choice an earlier version remembered in QSettings goes to the config file, once,
    so that a user who already ran the wizard is not asked again (and the CLI sees it)."""
    settings = QSettings()
    old = settings.value(SETTING)
    if not old:
        return
    if config.remembered_db_url() is None:
        config.remember_db_url(str(old))
    settings.remove(SETTING)


def startup_url(explicit: str | None) -> str | None:
    """The database to open (config.chosen_db_url); None means a first start (the wizard
    asks)."""
    adopt_qsettings_choice()
    return config.chosen_db_url(explicit)
