from pathlib import Path

import pytest

from rescuedesk.errors import DatabaseLocationError
from rescuedesk.netshare import ensure_local_sqlite_path, network_reason

MOUNTS = """\
/dev/sda1 / ext4 rw 0 0
//fileserver/shared /mnt/office cifs rw 0 0
server:/export /srv/nfs nfs4 rw 0 0
/dev/sdb1 /mnt/office/local ext4 rw 0 0
"""


@pytest.mark.parametrize(
    ("path", "network"),
    [
        ("/home/user/rescuedesk.sqlite3", False),
        ("/mnt/office/cases.sqlite3", True),
        ("/srv/nfs/a/b.sqlite3", True),
        ("/mnt/office/local/cases.sqlite3", False),  # a local disk mounted below the share
        ("/mnt/officeX/cases.sqlite3", False),
    ],
)
def test_mount_types_decide(path: str, network: bool) -> None:
    assert (network_reason(Path(path), mounts_text=MOUNTS, platform="linux") is not None) is network


def test_unc_path_is_refused_with_the_reason() -> None:
    with pytest.raises(DatabaseLocationError, match="PostgreSQL") as err:
        ensure_local_sqlite_path(Path("//server/share/cases.sqlite3"), mounts_text=MOUNTS)
    assert "UNC" in err.value.message
    assert "WAL" in err.value.message


def test_cifs_mount_is_refused() -> None:
    with pytest.raises(DatabaseLocationError, match="cifs"):
        ensure_local_sqlite_path(Path("/mnt/office/x.sqlite3"), mounts_text=MOUNTS)
