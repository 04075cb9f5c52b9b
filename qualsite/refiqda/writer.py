"""The one place the import writes files: the whole data folder, or nothing."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path, PurePosixPath

from .log import ImportFailed


def write_folder(files: dict[str, str], target: Path, *, overwrite: bool) -> None:
    """Write `files` (relative POSIX path → text) into `target`, which must be missing or empty unless `overwrite`.

    With `overwrite`, the folder's previous contents are replaced, except `private/` files the import does not
    write (your own forbidden terms stay). The files are first written to a temporary folder beside `target`.
    """
    _refuse_links(target)
    if target.exists() and not target.is_dir():
        raise ImportFailed(f"{target}: is a file, not a folder; name a folder to import into, e.g. --into data")
    existing = sorted(p for p in target.iterdir()) if target.is_dir() else []
    if existing and not overwrite:
        shown = ", ".join(p.name for p in existing[:5]) + (", …" if len(existing) > 5 else "")
        raise ImportFailed(f"{target}: is not empty ({shown}); import into a new folder, or pass --overwrite to"
                           " replace its contents")
    for name in files:
        path = PurePosixPath(name)
        if path.is_absolute() or ".." in path.parts:
            raise AssertionError(f"unsafe path from the importer: {name}")  # a bug, not the user's mistake
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}-import-", dir=target.parent))
    try:
        for name, text in sorted(files.items()):
            path = staging / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8", newline="\n")
        private = target / "private"
        if private.is_dir():
            for old in private.rglob("*"):
                relative = old.relative_to(target).as_posix()
                if old.is_symlink() and not old.resolve().is_relative_to(target.resolve()):
                    raise ImportFailed(f"{old}: links outside the data folder, so it is not copied into the new"
                                       " folder; replace the link with the file itself")
                if old.is_file() and relative not in files:
                    (staging / relative).parent.mkdir(parents=True, exist_ok=True)
                    shutil.copy2(old, staging / relative)
        if target.exists():
            shutil.rmtree(target)
        staging.rename(target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _refuse_links(target: Path) -> None:
    """The folder to import into must be a folder of its own, not a link to one: the import replaces it whole."""
    if target.is_symlink():
        raise ImportFailed(f"{target}: is a symbolic link; import into a real folder (the import replaces the folder"
                           " it writes, and would write through the link into another one)")


def write_files(files: dict[str, str], target: Path) -> None:
    """Write `files` into the existing folder `target`, replacing those files only (a codebook imported into a
    study). Each is written beside its place first and then renamed over it, so none is left half written."""
    for name in files:
        path = PurePosixPath(name)
        if path.is_absolute() or ".." in path.parts:
            raise AssertionError(f"unsafe path from the importer: {name}")  # a bug, not the user's mistake
    _refuse_links(target)
    for name, text in sorted(files.items()):
        path = target / name
        if path.parent.exists() and not path.parent.resolve().is_relative_to(target.resolve()):
            raise ImportFailed(f"{path.parent}: links outside {target}; replace the link with a folder")
        path.parent.mkdir(parents=True, exist_ok=True)
        staging = path.with_name(f".{path.name}.import")
        try:
            staging.write_text(text, encoding="utf-8", newline="\n")
            staging.replace(path)
        except OSError as error:
            staging.unlink(missing_ok=True)
            raise ImportFailed(f"{path}: cannot be written ({error.strerror}); check the folder's permissions") from None
