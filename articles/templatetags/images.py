"""Responsive pictures: WebP for browsers that take it, JPEG for the rest, sized to fit."""

from django import template

from ..pictures import Picture

register = template.Library()


@register.inclusion_tag("includes/picture.html")
def picture(
    image: Picture | None,
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
    width, height = image.size
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
    if image.renditions:
        context["webp_srcset"] = image.srcset("webp")
        context["jpeg_srcset"] = image.srcset("jpeg")
    return context
