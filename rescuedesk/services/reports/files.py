"""Writing an export file, optionally inside an AES-encrypted zip (pyzipper), whole or not
at all (through a temporary name)."""

from __future__ import annotations

from pathlib import Path

from rescuedesk.userfiles import new_file, staged, write_whole


def new_outputs(out: Path, password: str | None, *extra: str) -> list[Path]:
    """The files an export to ``out`` will write (``out.zip`` under a password, and ``out``
    + each of ``extra``), each checked to be new (nothing is overwritten) before any work."""
    first = out.with_name(out.name + ".zip") if password else out
    paths = [first, *(out.with_name(out.name + suffix) for suffix in extra)]
    for path in dict.fromkeys([out, *paths]):
        new_file(path)
    return paths


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
