"""Images with renditions — a story's lead image, an author's photo — as one idea.

An ``ImageSlot`` names a model's image field, the JSON field listing its renditions, and the
widths to make. A model lists its slots in ``image_slots`` and inherits ``WithRenditions``:
a fresh upload is cleaned before it is stored, and the renditions are made once it has its
storage name. Everything that shows the image (pages, feeds, structured data) reads it
through a ``Picture``, so which file is "the" image is decided here and nowhere else.
"""

import mimetypes
from dataclasses import dataclass
from functools import cached_property

from django.conf import settings
from django.db import models
from django.db.models.fields.files import FieldFile

from .images import clean_image, is_fresh, make_renditions


class Picture:
    """A stored image and its renditions ({"width", "height", "jpeg", "webp"} storage names)."""

    def __init__(self, file: FieldFile, renditions: list[dict] | None) -> None:
        self.file = file
        self.renditions = sorted(renditions or [], key=lambda rendition: rendition["width"])

    def __bool__(self) -> bool:
        return bool(self.file)

    @cached_property
    def size(self) -> tuple[int | None, int | None]:
        """The original's size from the model's width and height fields, read from the file
        only when the model has none, since that means a trip to storage."""
        field, instance = getattr(self.file, "field", None), getattr(self.file, "instance", None)
        width_field = getattr(field, "width_field", None)
        height_field = getattr(field, "height_field", None)
        if width_field and height_field:
            width, height = getattr(instance, width_field), getattr(instance, height_field)
            if width and height:
                return width, height
        try:
            return self.file.width, self.file.height
        except (AttributeError, OSError, ValueError):
            return None, None

    @property
    def url(self) -> str:
        """The largest JPEG, which every browser and feed reader shows."""
        return self.jpegs()[0]["url"]

    def srcset(self, image_format: str) -> str:
        """``"url 400w, url 800w, …"`` of the ``"jpeg"`` or ``"webp"`` renditions."""
        url = self.file.storage.url
        return ", ".join(f"{url(r[image_format])} {r['width']}w" for r in self.renditions)

    def jpegs(self) -> list[dict]:
        """The JPEG renditions, largest first, or the original alone when there are none
        (and nothing without an image).

        Each is ``{"name", "url", "width", "height", "mime_type"}``, ``name`` in storage.
        """
        if not self.file:
            return []
        url = self.file.storage.url
        if self.renditions:
            return [
                {
                    "name": r["jpeg"],
                    "url": url(r["jpeg"]),
                    "width": r["width"],
                    "height": r["height"],
                    "mime_type": "image/jpeg",
                }
                for r in reversed(self.renditions)
            ]
        width, height = self.size
        return [
            {
                "name": self.file.name,
                "url": self.file.url,
                "width": width,
                "height": height,
                "mime_type": mimetypes.guess_type(self.file.name)[0] or "image/jpeg",
            }
        ]


@dataclass(frozen=True)
class ImageSlot:
    """An image field, its renditions field and the widths to render (None: the site's)."""

    field: str
    renditions_field: str
    widths: tuple[int, ...] | None = None

    def picture(self, instance: models.Model) -> Picture:
        return Picture(getattr(instance, self.field), getattr(instance, self.renditions_field))

    def before_save(self, instance: models.Model) -> bool:
        """Clean a fresh upload in place before the model saves; True when renditions are due.

        The stored original is then the cleaned file, and the width and height fields
        describe it after rotation. The old renditions belong to the old image, so they are
        cleared and saved with the row; if making the new ones fails, pages fall back to
        the original rather than showing another picture.
        """
        file = getattr(instance, self.field)
        if not file:
            setattr(instance, self.renditions_field, [])
            return False
        if not is_fresh(file):
            return False
        # Assigning a File makes a new uncommitted FieldFile, and ImageField's descriptor
        # recomputes width_field and height_field from it.
        setattr(instance, self.field, clean_image(file))
        setattr(instance, self.renditions_field, [])
        return True

    def after_save(self, instance: models.Model) -> None:
        """Make renditions of the stored image and save only the renditions field.

        It saves with ``update()`` so the model's save() logic (history, redirects,
        timestamps) does not run twice. Renditions of a replaced image are left in storage:
        history may still point at them.
        """
        file = getattr(instance, self.field)
        widths = self.widths or settings.IMAGE_RENDITION_WIDTHS
        renditions = make_renditions(file, widths) if file else []
        type(instance)._default_manager.filter(pk=instance.pk).update(
            **{self.renditions_field: renditions}
        )
        setattr(instance, self.renditions_field, renditions)


class WithRenditions:
    """Mixed into a model whose ``image_slots`` each get cleaned and rendered on save."""

    image_slots: tuple[ImageSlot, ...] = ()

    def save(self, *args, **kwargs) -> None:
        due = [slot for slot in self.image_slots if slot.before_save(self)]
        super().save(*args, **kwargs)
        for slot in due:
            slot.after_save(self)
