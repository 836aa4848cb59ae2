"""Responsive pictures: WebP for browsers that take it, JPEG for the rest, sized to fit."""

from django import template
from django.db.models.fields.files import FieldFile

register = template.Library()


@register.inclusion_tag("includes/picture.html")
def picture(
    image: FieldFile | None,
    renditions: list[dict] | None,
    alt: str = "",
    sizes: str = "100vw",
    lazy: bool = True,
    css_class: str = "",
) -> dict:
    """A ``<picture>`` offering every rendition, or the original alone when there are none.

    Width and height always come from the original, so the browser reserves the right space
    before any bytes arrive and the page does not jump. ``alt=""`` is how a decorative image
    is marked, so an empty alt is kept. Renders nothing when there is no image.
    """
    if not image:
        return {"image": None}
    width, height = _dimensions(image)
    context = {
        "image": image,
        "alt": alt or "",
        "sizes": sizes,
        "lazy": lazy,
        "css_class": css_class,
        "width": width,
        "height": height,
        "src": image.url,
    }
    renditions = sorted(renditions or [], key=lambda rendition: rendition["width"])
    if renditions:
        url = image.storage.url
        context["webp_srcset"] = ", ".join(f"{url(r['webp'])} {r['width']}w" for r in renditions)
        context["jpeg_srcset"] = ", ".join(f"{url(r['jpeg'])} {r['width']}w" for r in renditions)
        context["src"] = url(renditions[-1]["jpeg"])
    return context


def _dimensions(image: FieldFile) -> tuple[int | None, int | None]:
    """The original's size from the model's width and height fields, read from the file
    only when the model has none, since that means a trip to storage."""
    field, instance = getattr(image, "field", None), getattr(image, "instance", None)
    width_field = getattr(field, "width_field", None)
    height_field = getattr(field, "height_field", None)
    if width_field and height_field:
        width, height = getattr(instance, width_field), getattr(instance, height_field)
        if width and height:
            return width, height
    try:
        return image.width, image.height
    except (AttributeError, OSError, ValueError):
        return None, None
