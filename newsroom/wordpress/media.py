"""Featured images from a copy of the old site's wp-content/uploads folder."""

import os
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from articles.images import validate_image_upload

from .content import plain_text
from .reader import Attachment


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
            path = (self.root / relative.lstrip("/")).resolve()
            if path.is_relative_to(self.root) and path.is_file():
                return path
        name = os.path.basename(attachment.file or url_path)
        return self._index().get(name) if name else None

    def _index(self) -> dict[str, Path]:
        """Every file by name, built once, on the first image not found by its path."""
        if self._by_name is None:
            self._by_name = {}
            for folder, _, files in sorted(os.walk(self.root)):
                for file in sorted(files):
                    self._by_name.setdefault(file, Path(folder) / file)
        return self._by_name


def load_image(path: Path) -> SimpleUploadedFile:
    """The file as an upload, checked as an editor's upload would be.

    Model validators run only in forms, so the check is made here; Article.save() then
    strips the metadata and makes the renditions as for any new lead image.
    """
    if path.stat().st_size > settings.IMAGE_MAX_UPLOAD_BYTES:
        raise ImageRefused("it is larger than IMAGE_MAX_UPLOAD_MB.")
    upload = SimpleUploadedFile(path.name, path.read_bytes())
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
