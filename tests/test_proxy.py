"""Behind a real nginx: two readers are two readers, and a forged X-Forwarded-For is ignored.

The test starts Debian's nginx on loopback with the `map` and `location` blocks of the
README's Deploying section, in front of a real gunicorn on PostgreSQL and Redis. Clients
bind their sockets to 127.0.0.2 and 127.0.0.3, so nginx sees two readers, as it would see
two homes. Runs with `make test-postgres` (marker `servers`).
"""

import getpass
import http.client
import json
import re
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.db.models import Sum

from articles.models import ReadCount
from articles.read_buffer import get_read_buffer
from articles.trending import flush_reads
from comments.models import Comment
from tests.factories import ArticleFactory, CommentFactory
from tests.test_servers import (
    BROWSER,
    Server,
    requires_postgres_and_redis,
    start_server,
    stop_server,
    wait_until_healthy,
)
from tools.servers import free_port, stop_process

pytestmark = [pytest.mark.servers, pytest.mark.django_db(transaction=True)]

README = Path(__file__).resolve().parent.parent / "README.md"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
READER_A, READER_B = "127.0.0.2", "127.0.0.3"


def readme_nginx_blocks() -> tuple[str, str]:
    """The README's `map` block and `location /` block, as an operator would copy them."""
    fence = re.search(r"```nginx\n(.*?)```", README.read_text(), re.S)
    assert fence, "README's Deploying section shows no nginx configuration"
    config = fence.group(1)
    mapping = re.search(r"^map .*?^}\n", config, re.S | re.M)
    location = re.search(r"^    location / \{.*?^    }\n", config, re.S | re.M)
    assert mapping and location, config
    return mapping.group(0), location.group(0)


@dataclass
class Nginx:
    origin: str
    process: subprocess.Popen
    folder: Path

    def access_log(self) -> str:
        path = self.folder / "access.log"
        return path.read_text() if path.exists() else ""


def start_nginx(folder: Path, app_port: int) -> Nginx:
    if not Path(NGINX).exists():
        pytest.fail("nginx not found: apt-get install nginx (.ci/run does it)")
    mapping, location = readme_nginx_blocks()
    location = location.replace("http://127.0.0.1:8000", f"http://127.0.0.1:{app_port}")
    port = free_port()
    temp = {name: folder / name for name in ("body", "proxy", "fastcgi", "uwsgi", "scgi")}
    for path in temp.values():
        path.mkdir()
    user = f"user {getpass.getuser()};" if getpass.getuser() == "root" else ""
    (folder / "nginx.conf").write_text(
        f"""
daemon off;
{user}
worker_processes 1;
pid {folder}/nginx.pid;
error_log {folder}/error.log warn;
events {{ worker_connections 256; }}
http {{
    client_body_temp_path {temp["body"]};
    proxy_temp_path {temp["proxy"]};
    fastcgi_temp_path {temp["fastcgi"]};
    uwsgi_temp_path {temp["uwsgi"]};
    scgi_temp_path {temp["scgi"]};
{mapping}
    server {{
        listen 127.0.0.1:{port};
        access_log {folder}/access.log combined if=$newsroom_loggable;
{location}
    }}
}}
"""
    )
    process = subprocess.Popen(
        [NGINX, "-p", str(folder), "-c", str(folder / "nginx.conf")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    nginx = Nginx(origin=f"http://127.0.0.1:{port}", process=process, folder=folder)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"nginx exited: {process.stderr.read().decode()}")
        try:
            if Reader(READER_A, nginx.origin).get("/healthz").status == 200:
                return nginx
        except OSError:
            time.sleep(0.1)
    pytest.fail("nginx did not answer in 20 s")


def stop_nginx(nginx: Nginx) -> None:
    stop_process(nginx.process)
    nginx.process.stderr.close()


@dataclass
class Answer:
    status: int
    headers: dict
    text: str


class Reader:
    """A browser on one machine: every connection leaves from its own address."""

    def __init__(self, address: str, origin: str, user_agent: str = BROWSER) -> None:
        self.address = address
        self.origin = origin
        self.host, _, port = origin.removeprefix("http://").partition(":")
        self.port = int(port)
        self.user_agent = user_agent

    def request(self, method: str, path: str, data: dict | None = None, headers=None) -> Answer:
        connection = http.client.HTTPConnection(
            self.host, self.port, timeout=20, source_address=(self.address, 0)
        )
        body = urlencode(data).encode() if data is not None else None
        sent = {"User-Agent": self.user_agent, **(headers or {})}
        if body is not None:
            sent["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            connection.request(method, path, body=body, headers=sent)
            response = connection.getresponse()
            return Answer(response.status, dict(response.getheaders()), response.read().decode())
        finally:
            connection.close()

    def get(self, path: str, **kwargs) -> Answer:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, data: dict, **kwargs) -> Answer:
        return self.request("POST", path, data, **kwargs)

    def beacon(self, story, **headers) -> int:
        return self.post(
            f"/read/{story.pk}/", {}, headers={"Origin": self.origin, **headers}
        ).status

    def comment(self, story, text: str, email: str, **headers) -> Answer:
        token = json.loads(self.get(f"/comments/token/{story.pk}/").text)["token"]
        form = {"name": "A reader", "email": email, "website": "", "text": text, "parent": ""}
        form.update(homepage="", token=token)
        return self.post(
            f"/comments/post/{story.pk}/", form, headers={"Origin": self.origin, **headers}
        )


@dataclass
class ProxiedSite:
    nginx: Nginx
    app: Server
    story: object
    mail: Path
    trusted: str


@pytest.fixture(params=["1", "127.0.0.1/32"], ids=["hop-count", "networks"])
def behind_nginx(request, transactional_db, tmp_path, settings):
    """gunicorn trusting the proxy as DJANGO_TRUSTED_PROXIES says, behind nginx."""
    settings.COMMENTS_NOTIFY_MODERATORS = False
    story = ArticleFactory(headline="Bridge on Fifth Street closes for repairs")
    mail = tmp_path / "mail"
    app = start_server(
        "behind-nginx",
        tmp_path,
        DJANGO_TRUSTED_PROXIES=request.param,
        DJANGO_EMAIL_FILE_PATH=str(mail),
        DJANGO_LOG_LEVEL="INFO",
    )
    nginx = None
    try:
        wait_until_healthy(app)
        (tmp_path / "nginx").mkdir()
        nginx = start_nginx(tmp_path / "nginx", int(app.origin.rpartition(":")[2]))
        get_read_buffer().drain()
        yield ProxiedSite(nginx=nginx, app=app, story=story, mail=mail, trusted=request.param)
    finally:
        if nginx is not None:
            stop_nginx(nginx)
        stop_server(app)


def reads_of(story) -> int:
    flush_reads()
    return ReadCount.objects.filter(article=story).aggregate(n=Sum("count"))["n"] or 0


@requires_postgres_and_redis
def test_two_readers_behind_nginx_are_two_readers_and_a_forged_header_changes_nothing(
    behind_nginx,
):
    site = behind_nginx
    a = Reader(READER_A, site.nginx.origin)
    b = Reader(READER_B, site.nginx.origin)

    assert a.beacon(site.story) == 204
    # The same reader again, claiming through X-Forwarded-For to be someone else.
    assert a.beacon(site.story, **{"X-Forwarded-For": "203.0.113.9"}) == 204
    assert b.beacon(site.story) == 204
    assert reads_of(site.story) == 2

    # One reader rotating browsers and forged addresses is a few readers at most.
    for n in range(20):
        rotating = Reader(READER_A, site.nginx.origin, user_agent=f"{BROWSER} build/{n}")
        rotating.beacon(site.story, **{"X-Forwarded-For": f"198.51.100.{n}"})
    assert reads_of(site.story) == 2 + 2  # READERS_PER_ADDRESS is 3 per address


@requires_postgres_and_redis
def test_the_rate_limit_and_stored_addresses_are_per_reader_behind_nginx(behind_nginx):
    site = behind_nginx
    a = Reader(READER_A, site.nginx.origin)
    b = Reader(READER_B, site.nginx.origin)

    answers = [
        a.comment(
            site.story,
            f"Detour number {n} works fine for me.",
            f"a{n}@example.net",
            **{"X-Forwarded-For": f"198.51.100.{n}"},  # forged: a new "address" every time
        ).status
        for n in range(6)
    ]
    from_b = b.comment(site.story, "The bus detour adds ten minutes.", "b@example.net")

    assert answers == [302] * 5 + [429]
    assert from_b.status == 302
    stored = sorted(Comment.objects.values_list("ip_address", flat=True))
    assert stored == [READER_A] * 5 + [READER_B]


@requires_postgres_and_redis
def test_reports_from_one_reader_behind_nginx_count_once(behind_nginx):
    site = behind_nginx
    comment = CommentFactory(article=site.story, text="Repairs were overdue anyway.")

    def report(reader: Reader) -> int:
        page = reader.get(f"/comments/{comment.pk}/report/")
        token = re.search(r'name="token" value="([^"]+)"', page.text).group(1)
        return reader.post(
            f"/comments/{comment.pk}/report/",
            {"reason": "abuse", "token": token, "homepage": ""},
            headers={"Origin": reader.origin},
        ).status

    for n in range(5):
        forged = {"X-Forwarded-For": f"203.0.113.{n}"}
        agent = Reader(READER_A, site.nginx.origin, user_agent=f"{BROWSER} {n}")
        assert agent.request("GET", "/healthz", headers=forged).status == 200
        assert report(agent) == 200
    assert report(Reader(READER_B, site.nginx.origin)) == 200

    comment.refresh_from_db()
    assert comment.status == Comment.Status.APPROVED  # two addresses, not six readers


@requires_postgres_and_redis
def test_behind_nginx_no_log_line_carries_an_address_or_a_confirmation_link(behind_nginx):
    site = behind_nginx
    reader = Reader(READER_A, site.nginx.origin)
    assert (
        reader.comment(site.story, "First time here.", "quiet.neighbour@example.net").status == 302
    )
    sent = "\n".join(path.read_text() for path in site.mail.iterdir())
    link = re.search(r"http://\S+(/comments/confirm/\S+/)", sent)
    assert link, sent
    confirm_path = link.group(1)

    assert reader.get(confirm_path).status == 200
    assert reader.get(confirm_path.replace("/confirm/", "/confirm/x")).status == 400
    time.sleep(0.5)  # let both servers write their logs

    app_log = site.app.log.read_text()
    token = confirm_path.split("/")[3]
    assert "quiet.neighbour" not in app_log and token not in app_log
    assert "/comments/confirm/[token]" in app_log  # the 400 is logged, without its link
    assert "/comments/confirm/" not in site.nginx.access_log()
    assert "/comments/token/" in site.nginx.access_log()


@requires_postgres_and_redis
def test_without_the_proxy_a_forged_header_is_believed_only_as_the_setting_says(behind_nginx):
    """Straight to gunicorn from 127.0.0.2, bypassing nginx: with trusted networks the
    header is ignored (127.0.0.2 is not a proxy); with a hop count it is believed, which is
    why the README says to keep the app servers reachable only through the proxy."""
    site = behind_nginx
    direct = Reader(READER_A, site.app.origin)
    answer = direct.comment(
        site.story,
        "Straight to the app server.",
        "direct@example.net",
        **{"X-Forwarded-For": "198.51.100.200"},
    )
    assert answer.status == 302
    stored = Comment.objects.get(email="direct@example.net").ip_address
    if site.trusted == "127.0.0.1/32":
        assert stored == READER_A
    else:
        assert stored == "198.51.100.200"
