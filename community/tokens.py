"""The link that proves a submission's sender owns the address they gave."""

from django.conf import settings
from django.core import signing

SALT = "community.confirm-submission"


def confirmation_token(submission_id: int) -> str:
    return signing.dumps(submission_id, salt=SALT)


def submission_id_from_token(token: str) -> int | None:
    """The submission a link was made for, or None if it is forged or has expired."""
    max_age = settings.COMMUNITY_CONFIRM_DAYS * 24 * 3600
    try:
        return int(signing.loads(token, salt=SALT, max_age=max_age))
    except (signing.BadSignature, TypeError, ValueError):
        return None
