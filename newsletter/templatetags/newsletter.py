from django import template

from ..forms import SubscribeForm

register = template.Library()


@register.inclusion_tag("newsletter/includes/subscribe_box.html")
def subscribe_box() -> dict:
    """The subscribe box at the foot of every page: the same for every reader (its token
    names the form, not the reader), so pages stay cacheable."""
    return {"form": SubscribeForm(auto_id="subscribe-%s")}
