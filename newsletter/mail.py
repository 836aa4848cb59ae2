"""One recipient's copy of an issue: the saved issue plus their own unsubscribe address.

The copy comes from the issue's town: its name as the From display name, its host in the
Message-ID and List-Id, and the unsubscribe link on its address.

The unsubscribe link is visible in both parts and sits in the ``List-Unsubscribe`` and
``List-Unsubscribe-Post`` headers (RFC 2369, RFC 8058), so mail apps offer their own
one-click button. (RFC 8058 also asks the sending mail server to DKIM-sign those headers.)

Building a MIME message costs more than sending it, so over SMTP the issue's message is
built once, as bytes with markers where each recipient's address, link and Message-ID go,
and each copy is those bytes with the markers replaced. The markers are checked to have
come through intact (a body that needed quoted-printable could split one); when they have
not, or an address is not plain ASCII, that copy is built the ordinary way.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.core.mail.backends.smtp import EmailBackend as SmtpBackend
from django.core.mail.message import sanitize_address
from django.urls import reverse
from django.utils.html import escape

from network.models import Site

from .digest import UNSUBSCRIBE_MARKER
from .models import Issue
from .notifications import from_address
from .tokens import unsubscribe_token


def site_host(site: Site) -> str:
    """The town's main host name, from its public address."""
    return urlsplit(site.base_url).hostname or "localhost"


TO_MARKER = "recipient-2f9a41@marker.invalid"
ID_MARKER = "message-id-2f9a41"
URL_MARKER = "unsubscribe-url-2f9a41"


class IssueMail:
    """Builds and sends each recipient's message of one saved issue."""

    def __init__(self, issue: Issue) -> None:
        self.issue = issue
        self.host = site_host(issue.site)
        self.from_email = from_address(issue.site)
        self.envelope_from = sanitize_address(self.from_email, settings.DEFAULT_CHARSET)
        self.list_id = f"{issue.get_kind_display()} <{issue.kind}.{self.host}>"
        self.template = self._template()

    def unsubscribe_url(self, subscriber_id: int) -> str:
        token = unsubscribe_token(subscriber_id, self.issue.kind)
        return self.issue.site.absolute(reverse("newsletter:unsubscribe", kwargs={"token": token}))

    def message_id(self, subscriber_id: int) -> str:
        return f"issue-{self.issue.pk}.{subscriber_id}"

    def send(self, backend, subscriber_id: int, email: str) -> None:
        """Send one copy through an open connection; SMTP errors are raised as they come."""
        raw = self.raw(subscriber_id, email)
        if raw is not None and isinstance(backend, SmtpBackend) and backend.connection:
            backend.connection.sendmail(self.envelope_from, [email], raw)
        else:
            backend.send_messages([self.message(subscriber_id, email)])

    def raw(self, subscriber_id: int, email: str) -> bytes | None:
        """This recipient's copy as bytes, or None when it must be built the ordinary way."""
        if self.template is None or not email.isascii() or '"' in email:
            return None
        return (
            self.template.replace(TO_MARKER.encode(), email.encode())
            .replace(URL_MARKER.encode(), self.unsubscribe_url(subscriber_id).encode())
            .replace(ID_MARKER.encode(), self.message_id(subscriber_id).encode())
        )

    def _template(self) -> bytes | None:
        message = self._build(ID_MARKER, TO_MARKER, URL_MARKER).message()
        raw = message.as_bytes(linesep="\r\n")
        in_bodies = self.issue.text.count(UNSUBSCRIBE_MARKER) + self.issue.html.count(
            UNSUBSCRIBE_MARKER
        )
        intact = (
            raw.count(TO_MARKER.encode()) == 1
            and raw.count(ID_MARKER.encode()) == 1
            and raw.count(URL_MARKER.encode()) == in_bodies + 1
        )
        return raw if intact else None

    def message(self, subscriber_id: int, email: str) -> EmailMultiAlternatives:
        return self._build(
            self.message_id(subscriber_id), email, self.unsubscribe_url(subscriber_id)
        )

    def _build(self, message_id: str, email: str, url: str) -> EmailMultiAlternatives:
        message = EmailMultiAlternatives(
            subject=self.issue.subject,
            body=self.issue.text.replace(UNSUBSCRIBE_MARKER, url),
            from_email=self.from_email,
            to=[email],
            headers={
                "List-Unsubscribe": f"<{url}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
                "List-Id": self.list_id,
                # The same on every try: a receiving server may drop a copy it has seen.
                "Message-ID": f"<{message_id}@{self.host}>",
            },
        )
        message.attach_alternative(
            self.issue.html.replace(UNSUBSCRIBE_MARKER, escape(url)), "text/html"
        )
        return message
