"""What editors see of community news on the admin's front page."""

from django import template

from network.access import site_ids_of

from ..models import Submission

register = template.Library()


@register.simple_tag(takes_context=True)
def waiting_submission_count(context: template.Context) -> int:
    """Submissions waiting for an editor on the towns the signed-in editor works on."""
    user = context["request"].user
    return Submission.objects.waiting().on_sites(site_ids_of(user)).count()
