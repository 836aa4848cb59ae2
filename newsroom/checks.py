"""Checks `manage.py check --deploy` adds for this site."""

from django.conf import settings
from django.core.checks import Tags, Warning, register

MAIL_TO_LOGS = {
    "django.core.mail.backends.console.EmailBackend": "printed to standard output",
    "django.core.mail.backends.filebased.EmailBackend": "written to files on this server",
}


@register(Tags.security, deploy=True)
def mail_stays_out_of_the_logs(app_configs=None, **kwargs) -> list[Warning]:
    """Mail carries commenters' addresses and links that confirm them: in production it
    goes to a mail server, never to the logs or the disk."""
    where = MAIL_TO_LOGS.get(settings.EMAIL_BACKEND)
    if where is None:
        return []
    return [
        Warning(
            f"Email is {where} ({settings.EMAIL_BACKEND}): commenters' addresses and "
            "working confirmation links end up there instead of in their inboxes.",
            hint="Set DJANGO_EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend "
            "and EMAIL_HOST (see README, Configuration).",
            id="newsroom.W001",
        )
    ]
