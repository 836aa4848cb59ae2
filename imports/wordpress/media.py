"""Featured images from a copy of the old site's wp-content/uploads folder.

Nothing outside that folder is ever read: a path in the export is resolved (symbolic links
followed) and must land inside the folder, links found while indexing it are checked the
same way, and the file is then opened without following a link.
"""

import os
import stat
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from articles.images import validate_image_upload

from .content import plain_text
from .records import Attachment


class ImageRefused(Exception):
    """The file is there but is not an image we take (too large, damaged, not an image)."""


class MediaFolder:
    """Finds an attachment's file: by its path below uploads/, else by its file name
    anywhere in the folder (for a flattened or partial copy). Never outside the folder."""

    def __init__(self, root: Path) -> None:
        self.root = root.resolve()
        self._by_name: dict[str, Path] | None = None

    def find(self, attachment: Attachment) -> Path | None:
        url_path = unquote(urlsplit(attachment.url).path)
        for relative in filter(None, (attachment.file, url_path.partition("/uploads/")[2])):
            if path := self._inside(self.root / relative.lstrip("/")):
                return path
        name = os.path.basename(attachment.file or url_path)
        return self._index().get(name) if name else None

    def _inside(self, candidate: Path) -> Path | None:
        """The real file behind ``candidate``, if it is a file inside the folder."""
        try:
            path = candidate.resolve(strict=True)
        except (OSError, RuntimeError, ValueError):  # missing, a link loop, a NUL byte
            return None
        return path if path.is_relative_to(self.root) and path.is_file() else None

    def _index(self) -> dict[str, Path]:
        """Every file by name, built once, on the first image not found by its path.

        Linked folders are not entered, and a linked file counts only if what it points
        to is inside the folder too."""
        if self._by_name is None:
            self._by_name = {}
            for folder, _, files in sorted(os.walk(self.root)):
                for file in sorted(files):
                    if file not in self._by_name and (path := self._inside(Path(folder) / file)):
                        self._by_name[file] = path
        return self._by_name


def load_image(path: Path) -> SimpleUploadedFile:
    """The file as an upload, checked as an editor's upload would be.

    Model validators run only in forms, so the check is made here; Article.save() then
    strips the metadata and makes the renditions as for any new lead image.
    """
    limit = settings.IMAGE_MAX_UPLOAD_BYTES
    try:
        # Not through a link: the path was checked, and a link put there since is refused.
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError as error:
        raise ImageRefused(f"it could not be opened ({error.strerror}).") from None
    with os.fdopen(descriptor, "rb") as file:
        info = os.fstat(file.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise ImageRefused("it is not a regular file.")
        if info.st_size > limit:
            raise ImageRefused("it is larger than IMAGE_MAX_UPLOAD_MB.")
        content = file.read(limit + 1)
    if len(content) > limit:
        raise ImageRefused("it is larger than IMAGE_MAX_UPLOAD_MB.")
    upload = SimpleUploadedFile(path.name, content)
    try:
        validate_image_upload(upload)
    except ValidationError as error:
        raise ImageRefused(" ".join(error.messages)) from None
    return upload


def alt_text(attachment: Attachment, file_name: str) -> str:
    """The image's alt text; else its title, unless that is only the file name, as
    WordPress makes it on upload ("IMG_2041" for IMG_2041.jpg); else ""."""
    if alt := plain_text(attachment.alt):
        return alt
    title = plain_text(attachment.title)

    def words(text: str) -> str:
        return " ".join(text.replace("-", " ").replace("_", " ").lower().split())

    return "" if words(title) == words(os.path.splitext(file_name)[0]) else title
