"""Writing outputs: the one writer every file goes through, atomic and kept inside its folder.

A reader never sees a half-written file: each file is written to a temporary name beside
it, flushed to disk (fsync) and renamed over the old one. An output folder may hold links
planted by someone else, so a file written under a ``root`` folder is refused when any
folder on its way leads outside the root; FIFOs, sockets and devices are never written
through (opening a FIFO blocks until a reader comes, forever in a scheduled job). New files
and folders get the modes the umask gives (0644 and 0755 under the usual 022), and a file
written over keeps its mode. Every OS error (a full or read-only disk, a file where a
folder should be) becomes an :class:`~specdiff.errors.OutputError`.
"""

from __future__ import annotations

import errno
import os
import secrets
import shutil
import stat
from pathlib import Path

from specdiff.errors import OutputError

__all__ = ["check_output", "ensure_folder", "new_folder", "remove_tree", "swap_folder", "write_atomic"]

_FILE_MODE = 0o666  # the umask takes from it, as for any file a program creates
_FOLDER_MODE = 0o777


def write_atomic(path: str | Path, content: str | bytes, *, root: str | Path | None = None) -> None:
    """Write ``content`` to ``path`` through a temporary file in the same folder, then rename.

    Text is written as UTF-8 with ``\\n`` line ends on every platform, so that the same
    inputs give byte-identical files; a character UTF-8 cannot hold (a lone surrogate from
    damaged input) is written as its ``\\udXXX`` escape rather than failing the write.
    ``root`` is the output folder the file must stay in (default: the file's own folder).
    """
    path = Path(path)
    data = content.encode("utf-8", "backslashreplace") if isinstance(content, str) else content
    try:
        ensure_folder(path.parent, root=root)
        existing = _existing(path, root is None)
        if existing is not None and not stat.S_ISREG(existing.st_mode):
            # /dev/null named by the user itself: renaming over it would replace the device
            with open(path, "wb") as handle:
                handle.write(data)
            return
        tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), _FILE_MODE)
        try:
            with os.fdopen(fd, "wb") as handle:
                if existing is not None:
                    os.fchmod(handle.fileno(), stat.S_IMODE(existing.st_mode))
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, path)
        except BaseException:
            _unlink(tmp)
            raise
    except OSError as exc:
        raise _output_error(exc, path) from None


def check_output(path: str | Path, *, root: str | Path) -> None:
    """Refuse ``path`` as an output under ``root`` before anything is rendered for it: a way
    out of the root, a folder, a FIFO, socket or device in its place (a link is fine: the
    rename replaces the link itself)."""
    path = Path(path)
    ensure_folder(path.parent, root=root)
    try:
        _existing(path, named_by_user=False)
    except OSError as exc:
        raise _output_error(exc, path) from None


def ensure_folder(folder: str | Path, *, root: str | Path | None = None) -> Path:
    """``folder`` made if missing (with its missing parents), refusing a way out of ``root``.

    Each folder below ``root`` on the way is checked before anything is made in it: a link
    is followed only when it leads to a folder inside the root, and a file where a folder
    should be is an error naming it.
    """
    folder = Path(folder)
    try:
        if root is None:
            _make(folder)
            return folder
        base = Path(root)
        _make(base)
        resolved_base = base.resolve()
        try:
            relative = folder.relative_to(base)
        except ValueError:
            raise OutputError(f"refusing to write outside {base}", source=str(folder)) from None
        here = base
        for part in relative.parts:
            if part == "..":
                raise OutputError(f"refusing to write outside {base}", source=str(folder))
            here = here / part
            try:
                info = os.lstat(here)
            except FileNotFoundError:
                os.mkdir(here, _FOLDER_MODE)
                continue
            if stat.S_ISLNK(info.st_mode) and not here.resolve().is_relative_to(resolved_base):
                raise OutputError(f"refusing to follow a link that leads outside {base}", source=str(here))
            if not here.is_dir():
                raise OutputError("is not a folder", source=str(here))
        return folder
    except OSError as exc:
        raise _output_error(exc, folder) from None


def new_folder(parent: Path, prefix: str) -> Path:
    """A fresh, uniquely named folder in ``parent`` (mode by the umask, unlike ``mkdtemp``'s 0700)."""
    for _ in range(100):
        folder = parent / f"{prefix}{secrets.token_hex(4)}"
        try:
            os.mkdir(folder, _FOLDER_MODE)
            return folder
        except FileExistsError:
            continue
        except OSError as exc:
            raise _output_error(exc, folder) from None
    raise OutputError("cannot make a temporary folder", source=str(parent))


def swap_folder(staging: Path, target: Path) -> None:
    """Put the whole folder ``staging`` in place of ``target`` by renames (the old one is removed).

    A link at ``target`` is replaced, never followed; a reader sees the old folder or the new.
    """
    try:
        if target.is_symlink() or target.exists():
            retired = new_folder(target.parent, f".{target.name}.old-")
            os.replace(target, retired / target.name)
            os.replace(staging, target)
            remove_tree(retired)
        else:
            os.replace(staging, target)
    except OSError as exc:
        raise _output_error(exc, target) from None


def remove_tree(folder: Path) -> None:
    """Remove a folder of our own making; links in it are removed, never followed."""
    shutil.rmtree(folder, ignore_errors=True)


def _make(folder: Path) -> None:
    if folder.is_dir():
        return
    if os.path.lexists(folder) and not folder.is_dir():
        raise OutputError("is not a folder", source=str(folder))
    folder.mkdir(parents=True, exist_ok=True, mode=_FOLDER_MODE)


def _existing(path: Path, named_by_user: bool) -> os.stat_result | None:
    """What is at ``path`` now (a link is replaced, never written through), refusing what cannot be written."""
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return None
    mode = info.st_mode
    if stat.S_ISLNK(mode) or stat.S_ISREG(mode):
        return None if stat.S_ISLNK(mode) else info
    if stat.S_ISDIR(mode):
        raise OutputError("is a folder, not a file", source=str(path))
    if (stat.S_ISCHR(mode) or stat.S_ISFIFO(mode)) and named_by_user:
        return info  # -o /dev/null, -o >(gzip > x): the user's own pipe or device, written through
    kind = "FIFO" if stat.S_ISFIFO(mode) else "socket" if stat.S_ISSOCK(mode) else "device"
    raise OutputError(f"refusing to write to a {kind}", source=str(path))


def _unlink(path: Path) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


_REASONS = {
    errno.ENOSPC: "no space left on the disk",
    errno.EROFS: "the disk is read-only",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.EISDIR: "is a folder, not a file",
    errno.ENOTDIR: "a file stands where a folder should be",
    errno.EDQUOT: "disk quota exceeded",
}


def _output_error(exc: OSError, path: Path) -> OutputError:
    reason = _REASONS.get(exc.errno or 0) or exc.strerror or str(exc)
    where = exc.filename if isinstance(exc.filename, str) else str(path)
    return OutputError(f"cannot write: {reason}", source=where)
