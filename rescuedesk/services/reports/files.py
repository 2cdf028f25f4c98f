"""Writing an export file, optionally inside an AES-encrypted zip (pyzipper), whole or not
at all (through a temporary name)."""

from __future__ import annotations

from pathlib import Path

from rescuedesk.userfiles import staged, write_whole


def write_export_file(out: Path, data: bytes, password: str | None) -> Path:
    """Write ``data`` to ``out``, or as ``out``'s name inside ``out.zip`` under ``password``.

    Returns the path actually written.
    """
    if not password:
        write_whole(out, data)
        return out
    import pyzipper

    target = out.with_name(out.name + ".zip")
    with (
        staged(target) as tmp,
        pyzipper.AESZipFile(
            tmp, "w", compression=pyzipper.ZIP_DEFLATED, encryption=pyzipper.WZ_AES
        ) as archive,
    ):
        archive.setpassword(password.encode())
        archive.writestr(out.name, data)
    return target
