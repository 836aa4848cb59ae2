"""A real SMTP server on loopback for the sending tests (aiosmtpd, in a thread).

It accepts mail like any server, and can be told to answer a recipient with a temporary
(4xx) or permanent (5xx) refusal, or to drop the connection in the middle of a message.
"""

import logging
import threading
from email import message_from_bytes, policy
from email.message import EmailMessage

from aiosmtpd.controller import Controller


class Mailbox:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.messages: list[EmailMessage] = []
        self.refuse: dict[str, str] = {}  # recipient -> "450 ..." or "550 ..."
        self.drop: set[str] = set()  # recipients whose message is cut off, once

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if answer := self.refuse.get(address):
            return answer
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        recipient = envelope.rcpt_tos[0]
        with self.lock:
            if recipient in self.drop:
                self.drop.discard(recipient)
                # Gone before answering: the client never hears "250", nothing is kept.
                server.transport.abort()
                return "421 gone"
            self.messages.append(
                message_from_bytes(envelope.original_content, policy=policy.default)
            )
        return "250 Message accepted for delivery"

    def received(self, address: str) -> list[EmailMessage]:
        with self.lock:
            return [m for m in self.messages if m["To"] == address]

    def count(self) -> int:
        with self.lock:
            return len(self.messages)


# aiosmtpd logs every command it receives; the tests need only its warnings.
logging.getLogger("mail.log").setLevel(logging.WARNING)


class SmtpServer:
    def __init__(self, port: int) -> None:
        self.port = port
        self.mailbox = Mailbox()
        self.controller = Controller(self.mailbox, hostname="127.0.0.1", port=port)

    def start(self) -> "SmtpServer":
        self.controller.start()
        return self

    def stop(self) -> None:
        self.controller.stop()
