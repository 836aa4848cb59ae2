"""Nothing a client crafts gets a 500: every URL pattern, every part, every method.

The walk reads the URL configuration itself, so a pattern added later is walked too. Each
part of each pattern gets hostile values (digits from other scripts, numbers beyond 64
bits, NUL and control bytes, over-long slugs, broken percent-encoding, path tricks) while
the other parts stay valid, so the request gets as deep into the view as it can; every
method is tried on every pattern. Hypothesis then throws arbitrary text at the public
patterns, the query strings and the forms.
"""

import re
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import quote

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import Resolver404, URLPattern, URLResolver, get_resolver, resolve
from django.utils import timezone
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from comments.models import Comment
from tests.factories import ArticleFactory, AuthorFactory, CommentFactory, SourceFactory

pytestmark = pytest.mark.django_db

BROWSER = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"

# Raw path segments, percent-encoded where a browser would encode them.
HOSTILE_PARTS = [
    quote("\u0663\u0664"),  # Arabic-Indic digits: int() takes them, the database does not
    quote("\uff11\uff12"),  # fullwidth digits
    quote("\u00b2"),  # superscript two: str.isdigit() says yes
    "9" * 25,  # beyond 64 bits
    "18446744073709551616",
    "9223372036854775808",
    "-1",
    "0",
    "0" * 40 + "1",
    "%00",
    "a%00b",
    "%01%1b%7f",
    "a" * 3000,  # over-long slug
    "%zz",
    "%",
    "%c3%28",  # invalid UTF-8
    "%ff%fe",
    "%e2%82",  # truncated UTF-8
    "..%2f..%2fetc%2fpasswd",
    "%2e%2e",
    quote("<script>alert(1)</script>", safe=""),
    quote("' OR 1=1 --", safe=""),
    "%20",
    quote("\u202e\ufeff", safe=""),
]
METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "PROPFIND"]
ROUTE_PART = re.compile(r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>")
REGEX_PART = re.compile(r"\(\?P<(?P<name>\w+)>(?:[^()]|\([^()]*\))*\)")


@dataclass
class Route:
    """One URL pattern as a template: literal text and named parts, in order."""

    name: str
    pieces: list[str]  # literal text, and "{part}" placeholders
    parts: list[str]

    def url(self, values: dict[str, str]) -> str:
        return "/" + "".join(
            values.get(p[1:-1], p) if p.startswith("{") else p for p in self.pieces
        )


def routes() -> Iterator[Route]:
    def walk(patterns, prefix_pieces: list[str], prefix_parts: list[str], namespace: str):
        for pattern in patterns:
            pieces, parts = template(pattern.pattern)
            if isinstance(pattern, URLResolver):
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                yield from walk(
                    pattern.url_patterns, prefix_pieces + pieces, prefix_parts + parts, inner
                )
            elif isinstance(pattern, URLPattern):
                yield Route(
                    name=f"{namespace}{pattern.name or pattern.lookup_str}",
                    pieces=prefix_pieces + pieces,
                    parts=prefix_parts + parts,
                )

    yield from walk(get_resolver().url_patterns, [], [], "")


def template(pattern) -> tuple[list[str], list[str]]:
    text = str(pattern)
    matcher = ROUTE_PART
    if text.startswith("^") or text.endswith("$"):  # a regular expression
        text = text.removeprefix("^").removesuffix("$").removesuffix(r"\Z")
        matcher = REGEX_PART
    pieces, parts, last = [], [], 0
    for match in matcher.finditer(text):
        pieces.append(unescape(text[last : match.start()]))
        pieces.append("{" + match["name"] + "}")
        parts.append(match["name"])
        last = match.end()
    pieces.append(unescape(text[last:]))
    return [piece for piece in pieces if piece], parts


def unescape(literal: str) -> str:
    return re.sub(r"\\(.)", r"\1", literal)


@pytest.fixture
def newsroom(db):
    """One of everything, so that valid parts lead to real objects."""
    author = AuthorFactory(slug="dana-ortiz")
    source = SourceFactory(slug="krdo")
    story = ArticleFactory(tags=["parks"], authors=[author], source=source)
    comment = CommentFactory(article=story)
    published = timezone.localtime(story.published_at)
    return {
        "year": str(published.year),
        "month": f"{published.month:02d}",
        "day": f"{published.day:02d}",
        "story": story,
        "comment": comment,
        "slugs": {
            "section/": story.section.slug,
            "tag/": "parks",
            "author/": author.slug,
            "source/": source.slug,
            "sitemap-": "stories",
        },
    }


def valid_values(route: Route, newsroom: dict) -> dict[str, str]:
    start = "".join(p for p in route.pieces[:1] if not p.startswith("{"))
    slug = next(
        (slug for prefix, slug in newsroom["slugs"].items() if start.startswith(prefix)),
        newsroom["story"].slug,
    )
    story, comment = newsroom["story"], newsroom["comment"]
    return {
        "year": newsroom["year"],
        "month": newsroom["month"],
        "day": newsroom["day"],
        "slug": slug,
        "section": "stories",
        "pk": str(story.pk),
        "article_id": str(story.pk),
        "target": str(story.pk),
        "comment_id": str(comment.pk),
        "object_id": str(comment.pk),
        "app_label": "comments",
        "content_type_id": "1",
        "token": "x",
        "path": "x",
        "url": "x",
    }


def request(client: Client, method: str, url: str, **extra):
    extra.setdefault("HTTP_USER_AGENT", BROWSER)
    return client.generic(method, url, **extra)


def assert_answered_without_error(response, what: str) -> None:
    assert response.status_code < 500, f"{what} answered {response.status_code}"
    if response.status_code == 405:
        assert response.has_header("Allow"), f"{what}: 405 without Allow"


def test_the_walk_covers_every_pattern():
    names = {route.name for route in routes()}
    assert {"articles:story", "articles:tag", "comments:post", "comments:form-token"} <= names
    assert any(name.startswith("admin:") for name in names)
    assert len(names) > 100


def test_every_part_of_every_pattern_with_hostile_values_is_a_4xx_never_a_500(newsroom):
    client = Client(raise_request_exception=False)
    tried = 0
    for route in routes():
        valid = valid_values(route, newsroom)
        for part in route.parts:
            for hostile in HOSTILE_PARTS:
                url = route.url({**valid, part: hostile})
                response = request(client, "GET", url)
                assert_answered_without_error(response, f"GET {url[:120]} ({route.name})")
                # No page for a crafted address (a number with leading zeros is still that
                # number): not found, refused, or sent to the real address.
                # The read pixel answers the same for any id, so it tells nothing.
                if route.name != "articles:read-pixel" and not (
                    hostile.isascii() and hostile.isdigit() and int(hostile) < 2**63
                ):
                    assert response.status_code != 200, f"GET {url[:120]} ({route.name}) page"
                tried += 1
    assert tried > 1000


def test_every_method_on_every_pattern_is_answered_and_odd_ones_get_405_with_allow(newsroom):
    client = Client(raise_request_exception=False)
    for route in routes():
        url = route.url(valid_values(route, newsroom))
        for method in METHODS:
            response = request(client, method, url)
            what = f"{method} {url} ({route.name})"
            assert_answered_without_error(response, what)
            if method in {"PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "PROPFIND"}:
                assert response.status_code in {404, 405}, f"{what}: {response.status_code}"
                assert not response.content or response.status_code == 404, what


@pytest.mark.parametrize(
    ("method", "url", "allow"),
    [
        ("PUT", "/", "GET, HEAD"),
        ("DELETE", "/", "GET, HEAD"),
        ("OPTIONS", "/", "GET, HEAD"),
        ("TRACE", "/", "GET, HEAD"),
        ("POST", "/", "GET, HEAD"),  # not the CSRF page: the page takes no posts at all
        ("PUT", "/comments/post/1/", "POST"),
        ("GET", "/comments/post/1/", "POST"),
        ("DELETE", "/comments/1/report/", "GET, HEAD, POST"),
        ("PUT", "/admin/login/", "GET, HEAD, POST"),
        ("OPTIONS", "/feed/", "GET, HEAD"),
    ],
)
def test_odd_methods_are_not_allowed_and_say_what_is(client, method, url, allow):
    ArticleFactory(pk=1)
    response = client.generic(method, url)
    assert response.status_code == 405
    assert response["Allow"] == allow
    assert response.content == b""
    assert "Content-Security-Policy" in response


def test_nul_in_an_address_is_a_400_with_the_sites_page(client):
    for url in ["/section/a%00b/", "/no-such-page%00/", "/media/a%00.jpg", "/admin/%00/"]:
        response = client.get(url)
        assert response.status_code == 400, url
        assert "That address can’t be read" in response.content.decode(), url
        assert "Content-Security-Policy" in response, url


def test_nul_in_a_query_is_dropped_before_any_view_reads_it(client):
    story = ArticleFactory(headline="Budget hearing")
    search = client.get("/search/?q=Bud%00get")
    assert search.status_code == 200
    assert 'value="Budget"' in search.content.decode()
    for url in ["/?page=%00", f"{story.get_absolute_url()}?replyto=1%00", "/?p=%00"]:
        assert client.get(url).status_code in {200, 404}, url


@pytest.mark.parametrize(
    "query",
    [
        "page=%D9%A3",
        "page=" + "9" * 40,
        "page=1e400",
        "page=-1",
        "page=%01",
        "q=" + "x" * 5000,
        "q=%ff%fe",
        "q=%01%1b",
        "q=%27%22%3C",
        "replyto=%D9%A3",
        "replyto=" + "9" * 40,
        "p=" + "9" * 40,
        "p=%D9%A3",
        "p=-1",
        "page=1&page=2&page=x",
    ],
)
def test_hostile_query_strings_never_give_a_500(client, query):
    story = ArticleFactory()
    for path in ["/", "/search/", story.get_absolute_url(), "/feed/", "/section/x/"]:
        response = Client(raise_request_exception=False).get(f"{path}?{query}")
        assert response.status_code < 500, f"{path}?{query}: {response.status_code}"


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_HOST": "evil.example"},
        {"HTTP_HOST": "127.0.0.1:99999999999999999999"},
        {"HTTP_HOST": "a" * 300},
        {"HTTP_X_FORWARDED_FOR": "not-an-address, 999.1.1.1, ::ffff:zz, [::1]:x"},
        {"HTTP_X_FORWARDED_FOR": ",,,," * 500},
        {"HTTP_X_FORWARDED_PROTO": "gopher"},
        {"HTTP_COOKIE": 'comments_pending=%00%ff; comments_author="{bad json"; sessionid=x'},
        {"HTTP_COOKIE": "comments_pending=" + "9," * 2000},
        {"HTTP_USER_AGENT": "bot\x00\x01\u202e" * 100},
        {"HTTP_ORIGIN": "http://[::1"},
        {"HTTP_REFERER": "http://%zz/"},
        {"HTTP_ACCEPT_LANGUAGE": "x" * 5000},
        {"HTTP_SEC_PURPOSE": "\x00"},
        {"REMOTE_ADDR": "not-an-address"},
        {"REMOTE_ADDR": ""},
    ],
)
def test_hostile_headers_never_give_a_500(headers, comment_data):
    story = ArticleFactory()
    client = Client(raise_request_exception=False)
    pages = [
        ("GET", "/"),
        ("GET", story.get_absolute_url()),
        ("POST", f"/read/{story.pk}/"),
        ("GET", f"/read/{story.pk}/pixel.gif"),
        ("GET", f"/comments/token/{story.pk}/"),
    ]
    for method, url in pages:
        response = client.generic(method, url, **headers)
        assert response.status_code < 500, (method, url, response.status_code)
    posted = client.post(f"/comments/post/{story.pk}/", comment_data(story), **headers)
    assert posted.status_code < 500, posted.status_code


@pytest.mark.parametrize(
    ("content_type", "body"),
    [
        ("multipart/form-data", b"--x\r\n"),
        ("multipart/form-data; boundary=x", b"--x\r\nContent-Disposition: form-data\r\n\r\n"),
        ("application/x-www-form-urlencoded", b"text=%ff%fe&name=%00&email=%zz&" * 50),
        ("application/x-www-form-urlencoded", b"&".join(b"f%d=1" % n for n in range(3000))),
        ("application/json", b"{not json"),
        ("text/plain", b"\x00" * 100),
    ],
)
def test_hostile_bodies_never_give_a_500(content_type, body):
    story = ArticleFactory()
    comment = CommentFactory(article=story)
    client = Client(raise_request_exception=False)
    for url in [
        f"/comments/post/{story.pk}/",
        f"/comments/{comment.pk}/report/",
        f"/read/{story.pk}/",
        "/comments/unsubscribe/x/",
    ]:
        response = client.generic("POST", url, body, content_type=content_type)
        assert response.status_code < 500, (url, content_type, response.status_code)


def test_admin_patterns_with_hostile_values_never_give_a_500_to_staff(newsroom):
    user = get_user_model().objects.create_superuser("desk", "desk@example.org", "pw")
    client = Client(raise_request_exception=False)
    client.force_login(user)
    for route in routes():
        if not route.name.startswith("admin:") or not route.parts:
            continue
        valid = valid_values(route, newsroom)
        for part in route.parts:
            for hostile in HOSTILE_PARTS[::3]:
                url = route.url({**valid, part: hostile})
                response = client.get(url)
                assert response.status_code < 500, f"GET {url[:120]}: {response.status_code}"


# Hypothesis: arbitrary text in each part of the public patterns, the query and the forms.

PUBLIC_ROUTES = [route for route in routes() if not route.name.startswith("admin:")]
HYPOTHESIS = hypothesis_settings(
    max_examples=60,
    deadline=None,  # the machine is shared: time is not what is being tested
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@HYPOTHESIS
@given(
    route=st.sampled_from([route for route in PUBLIC_ROUTES if route.parts]),
    value=st.text(min_size=0, max_size=300),
    raw=st.booleans(),
)
def test_any_text_in_any_part_of_a_public_address_never_gives_a_500(newsroom, route, value, raw):
    part = route.parts[len(value) % len(route.parts)]
    encoded = (
        value
        if raw and "/" not in value and "?" not in value and "#" not in value
        else quote(value, safe="")
    )
    url = route.url({**valid_values(route, newsroom), part: encoded})
    response = Client(raise_request_exception=False).get(url, HTTP_USER_AGENT=BROWSER)
    assert response.status_code < 500, (url[:200], response.status_code)


@HYPOTHESIS
@given(
    key=st.sampled_from(["page", "q", "replyto", "p"]),
    value=st.text(max_size=300),
    path=st.sampled_from(["/", "/search/", "/feed/", "/tag/parks/"]),
)
def test_any_query_value_never_gives_a_500(newsroom, key, value, path):
    url = f"{path}?{key}={quote(value, safe='')}"
    response = Client(raise_request_exception=False).get(url, HTTP_USER_AGENT=BROWSER)
    assert response.status_code < 500, (url[:200], response.status_code)


form_values = st.one_of(st.text(max_size=200), st.integers().map(str), st.just(""))


@HYPOTHESIS
@given(
    fields=st.fixed_dictionaries(
        {},
        optional=dict.fromkeys(
            [
                "name",
                "email",
                "website",
                "text",
                "parent",
                "token",
                "homepage",
                "reason",
                "notify",
                "save_details",
            ],
            form_values,
        ),
    )
)
def test_any_form_values_never_give_a_500(newsroom, fields):
    story, comment = newsroom["story"], newsroom["comment"]
    client = Client(raise_request_exception=False)
    for url in [f"/comments/post/{story.pk}/", f"/comments/{comment.pk}/report/"]:
        response = client.post(url, fields, HTTP_ORIGIN="http://testserver")
        assert response.status_code < 500, (url, fields, response.status_code)
    assert Comment.objects.filter(article=story).count() >= 1


def test_every_public_view_says_which_methods_it_takes(newsroom):
    """Without it a GET-only page answers a POST with the CSRF page, and its 405 to a PUT
    names POST as allowed (the middleware's default)."""
    undeclared = []
    for route in routes():
        if route.name.startswith("admin:"):
            continue
        url = route.url(valid_values(route, newsroom))
        try:
            view = resolve(url).func
        except Resolver404:
            continue
        if not hasattr(view, "allowed_methods"):
            undeclared.append(route.name)
    assert undeclared == []


@pytest.mark.parametrize(
    ("method", "url", "allow"),
    [
        ("POST", "/events/", "GET, HEAD"),
        ("PUT", "/events/", "GET, HEAD"),
        ("POST", "/events/feed/", "GET, HEAD"),
        ("POST", "/newsletter/", "GET, HEAD"),
        ("PUT", "/newsletter/subscribe/", "GET, HEAD, POST"),
        ("DELETE", "/community/submit/", "GET, HEAD, POST"),
    ],
)
def test_community_and_newsletter_pages_refuse_other_methods_with_405(client, method, url, allow):
    response = client.generic(method, url)
    assert response.status_code == 405
    assert response["Allow"] == allow


def test_a_media_address_too_long_for_the_disk_is_a_404_not_a_500(client, settings):
    settings.MEDIA_ROOT.mkdir(parents=True, exist_ok=True)  # the folder exists, as after uploads
    response = client.get("/media/" + "a" * 300 + ".jpg")
    assert response.status_code == 404
