"""Files and folders that appear whole or not at all.

Everything is first written under a hidden name (starting with '.') in the destination's own
folder, then renamed into place. A rename within one file system is atomic, and nm-render
ignores names starting with '.', so a reader sees either nothing or the complete file/folder.
"""

import os
import shutil
import uuid


def hidden_temporary_path(final_path):
    """A hidden, unique sibling of `final_path` to build it under."""
    folder, name = os.path.split(os.path.abspath(final_path))
    return os.path.join(folder, f".{name}.tmp-{os.getpid()}-{uuid.uuid4().hex[:8]}")


def write_file_atomically(path, write):
    """Calls write(file) on a hidden temporary file, then renames it to `path` (replacing it)."""
    temporary = hidden_temporary_path(path)
    try:
        with open(temporary, "wb") as file:
            write(file)
        os.replace(temporary, path)
    except BaseException:
        _remove_quietly(temporary)
        raise


def write_text_atomically(path, text):
    write_file_atomically(path, lambda file: file.write(text.encode("utf-8")))


def build_folder_atomically(path, fill):
    """Calls fill(folder) on a hidden temporary folder, then renames it to `path`, which must
    not exist yet (FileExistsError otherwise). On any error the temporary folder is removed."""
    temporary = hidden_temporary_path(path)
    os.mkdir(temporary)
    try:
        fill(temporary)
        if os.path.lexists(path):
            raise FileExistsError(f"{path} already exists; an epoch is written only once")
        os.rename(temporary, path)
    except BaseException:
        shutil.rmtree(temporary, ignore_errors=True)
        raise


def _remove_quietly(path):
    try:
        os.remove(path)
    except OSError:
        pass
