"""Refuse SQLite files on network shares.

SQLite's documentation: WAL "does not work over a network filesystem" and file locking on
network filesystems is unreliable, so two workstations on one file corrupt it. An office that
shares a database uses PostgreSQL instead.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from rescuedesk.errors import DatabaseLocationError

NETWORK_FILESYSTEMS = frozenset(
    {
        "cifs",
        "smb",
        "smbfs",
        "smb2",
        "smb3",
        "nfs",
        "nfs4",
        "ncpfs",
        "afs",
        "ceph",
        "glusterfs",
        "fuse.sshfs",
        "sshfs",
        "9p",
        "davfs",
        "fuse.davfs2",
        "fuse.rclone",
        "lustre",
        "gpfs",
        "beegfs",
        "fuse.glusterfs",
        "fuse.cephfs",
        "webdav",
    }
)

MESSAGE = (
    "数据库文件 {path} 位于网络共享（{why}）上。SQLite 的 WAL 模式不能跨主机工作，"
    "多台电脑共用一个文件会损坏数据。请把数据库放在本机磁盘上；"
    "办公室多台工作站共享数据时，请使用 PostgreSQL 服务器。"
)


def is_unc_path(path: str) -> bool:
    return path.startswith("\\\\") or path.startswith("//")


def mount_fstype(path: Path, mounts_text: str) -> str | None:
    """Filesystem type of the mount point holding ``path``, from /proc/mounts text."""
    best, best_type = "", None
    target = str(path)
    for line in mounts_text.splitlines():
        parts = line.split()
        if len(parts) < 3:
            continue
        mount_point = parts[1].replace("\\040", " ")
        prefix = mount_point.rstrip("/") + "/"
        if (target == mount_point or target.startswith(prefix) or mount_point == "/") and len(
            mount_point
        ) > len(best):
            best, best_type = mount_point, parts[2]
    return best_type


def network_reason(
    path: Path, *, mounts_text: str | None = None, platform: str = sys.platform
) -> str | None:
    """Why ``path`` is on a network share, or None when it is local."""
    raw = str(path)
    if is_unc_path(raw):
        return "UNC 路径"
    if platform == "win32":
        return _windows_remote_drive(raw)
    resolved = Path(os.path.realpath(path.parent if not path.exists() else path))
    if mounts_text is None:
        try:
            mounts_text = Path("/proc/mounts").read_text()
        except OSError:
            return None
    fstype = mount_fstype(resolved, mounts_text)
    if fstype and fstype.lower() in NETWORK_FILESYSTEMS:
        return f"{fstype} 网络文件系统"
    return None


def _windows_remote_drive(raw: str) -> str | None:  # pragma: no cover - Windows only
    import ctypes

    drive = os.path.splitdrive(os.path.abspath(raw))[0]
    if not drive:
        return None
    drive_remote = 4
    if ctypes.windll.kernel32.GetDriveTypeW(drive + "\\") == drive_remote:  # type: ignore[attr-defined]
        return f"映射的网络驱动器 {drive}"
    return None


def ensure_local_sqlite_path(path: Path, *, mounts_text: str | None = None) -> None:
    why = network_reason(path, mounts_text=mounts_text)
    if why:
        raise DatabaseLocationError(MESSAGE.format(path=path, why=why))
