"""The Akismet check against a real local HTTP server that answers as Akismet does."""

import contextlib
import logging
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

import pytest

from comments.choices import Verdict
from comments.moderation import Candidate
from comments.spam_check import AkismetChecker, get_spam_checker

SPAM, HAM, UNAVAILABLE = Verdict.SPAM, Verdict.HAM, Verdict.UNAVAILABLE

EMAIL = "rosa.diaz@example.net"
IP = "203.0.113.7"


class FakeAkismet(BaseHTTPRequestHandler):
    """Spam when the text mentions viagra; "invalid" for a bad key; slow or broken on cue."""

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length", 0))
        form = {
            key: values[0] for key, values in parse_qs(self.rfile.read(length).decode()).items()
        }
        self.server.requests.append({"path": self.path, "form": form})
        content = form.get("comment_content", "")
        if "slow" in content:
            # Longer than any timeout the tests set; the fixture wakes us when it shuts down.
            self.server.release.wait(timeout=10)
        if "crash" in content:
            self.send_error(500)
            return
        if form.get("api_key") == "bad-key":
            self.answer("invalid", {"X-akismet-debug-help": "We were unable to verify your key."})
        elif "viagra" in content:
            self.answer("true")
        else:
            self.answer("false")

    def answer(self, text: str, headers: dict | None = None) -> None:
        body = text.encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        # After a timeout the client has gone; that is what the timeout test wants.
        with contextlib.suppress(OSError):
            self.wfile.write(body)

    def log_message(self, format, *args) -> None:
        pass


@pytest.fixture
def fake_akismet():
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeAkismet)
    server.requests = []
    server.release = threading.Event()
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield server
    server.release.set()
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


@pytest.fixture
def akismet(settings, fake_akismet):
    """Akismet switched on and pointed at the local server."""
    host, port = fake_akismet.server_address
    settings.AKISMET_API_KEY = "test-key"
    settings.AKISMET_URL = f"http://{host}:{port}"
    settings.AKISMET_TIMEOUT_SECONDS = 2
    settings.SITE_URL = "https://news.example.org"
    return fake_akismet


@pytest.fixture
def free_port() -> int:
    """A port with nothing listening on it."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def candidate(text: str = "Glad to see the market closer to the bus stop.", **fields) -> Candidate:
    values = {
        "name": "Rosa Diaz",
        "email": EMAIL,
        "text": text,
        "website": "https://rosa.example.net",
        "ip_address": IP,
        "user_agent": "Mozilla/5.0 (test)",
    }
    values.update(fields)
    return Candidate(**values)


def check(text: str = "Glad to see the market closer to the bus stop.", **fields) -> str:
    return get_spam_checker().check(candidate(text, **fields), permalink="https://x.test/story/")


def test_spam_check_is_off_by_default():
    assert get_spam_checker() is None


def test_spam_check_is_off_when_the_key_is_blank(settings):
    settings.AKISMET_API_KEY = ""
    assert get_spam_checker() is None


def test_spam_check_is_akismet_when_a_key_is_set(settings):
    settings.AKISMET_API_KEY = "test-key"
    assert isinstance(get_spam_checker(), AkismetChecker)


def test_comment_akismet_flags_is_spam(akismet):
    assert check("Cheap viagra here") == SPAM


def test_clean_comment_is_ham_and_akismet_gets_the_comment_fields(akismet):
    assert check() == HAM

    [request] = akismet.requests
    assert request["path"] == "/1.1/comment-check"
    form = request["form"]
    assert form["api_key"] == "test-key"
    assert form["blog"] == "https://news.example.org"
    assert form["comment_type"] == "comment"
    assert form["comment_author"] == "Rosa Diaz"
    assert form["comment_author_email"] == EMAIL
    assert form["comment_author_url"] == "https://rosa.example.net"
    assert form["comment_content"] == "Glad to see the market closer to the bus stop."
    assert form["user_ip"] == IP
    assert form["user_agent"] == "Mozilla/5.0 (test)"
    assert form["permalink"] == "https://x.test/story/"
    assert form["blog_charset"] == "UTF-8"


def test_user_ip_is_left_out_when_unknown(akismet):
    assert check(ip_address=None) == HAM
    assert "user_ip" not in akismet.requests[0]["form"]


def test_invalid_key_is_unavailable(akismet, settings):
    settings.AKISMET_API_KEY = "bad-key"
    assert check() == UNAVAILABLE


def test_slow_service_is_unavailable(akismet, settings):
    settings.AKISMET_TIMEOUT_SECONDS = 0.5
    assert check("slow news day") == UNAVAILABLE


def test_refused_connection_is_unavailable(settings, free_port):
    settings.AKISMET_API_KEY = "test-key"
    settings.AKISMET_URL = f"http://127.0.0.1:{free_port}"
    assert check() == UNAVAILABLE


def test_server_error_is_unavailable(akismet):
    assert check("crash the server") == UNAVAILABLE


@pytest.mark.parametrize(
    ("key", "text", "timeout"),
    [
        ("bad-key", "hello", 2),
        ("test-key", "crash the server", 2),
        ("test-key", "slow news day", 0.5),
    ],
    ids=["invalid-key", "server-error", "timeout"],
)
def test_failure_warning_names_neither_email_nor_ip(akismet, settings, caplog, key, text, timeout):
    settings.AKISMET_API_KEY = key
    settings.AKISMET_TIMEOUT_SECONDS = timeout

    with caplog.at_level(logging.WARNING, logger="comments.spam_check"):
        assert check(text) == UNAVAILABLE

    [record] = caplog.records
    assert record.name == "comments.spam_check"
    assert record.levelno == logging.WARNING
    assert EMAIL not in caplog.text
    assert IP not in caplog.text


def test_refused_connection_warning_names_neither_email_nor_ip(settings, free_port, caplog):
    settings.AKISMET_API_KEY = "test-key"
    settings.AKISMET_URL = f"http://127.0.0.1:{free_port}"

    with caplog.at_level(logging.WARNING, logger="comments.spam_check"):
        assert check() == UNAVAILABLE

    assert caplog.records
    assert EMAIL not in caplog.text
    assert IP not in caplog.text
