import pytest

from comments.text import comment_html

LINK = 'rel="nofollow ugc noopener"'


@pytest.mark.parametrize(
    "text,html",
    [
        ("Plain words.", "<p>Plain words.</p>"),
        ("<b>bold?</b> & co", "<p>&lt;b&gt;bold?&lt;/b&gt; &amp; co</p>"),
        ("line one\nline two", "<p>line one<br>line two</p>"),
        ("para one\n\n\npara two", "<p>para one</p><p>para two</p>"),
        (
            "see https://city.example/agenda.",
            f'<p>see <a href="https://city.example/agenda" {LINK}>https://city.example/agenda</a>.</p>',
        ),
        (
            "www.city.example",
            f'<p><a href="https://www.city.example" {LINK}>www.city.example</a></p>',
        ),
        (
            "(https://w.example/Foo_(bar))",
            f'<p>(<a href="https://w.example/Foo_(bar)" {LINK}>https://w.example/Foo_(bar)</a>)</p>',
        ),
        (
            'https://x.example/?a=1&b="2"',
            f'<p><a href="https://x.example/?a=1&amp;b=" {LINK}>https://x.example/?a=1&amp;b=</a>'
            "&quot;2&quot;</p>",
        ),
        ("javascript:alert(1)", "<p>javascript:alert(1)</p>"),
        ("mail me at a@www.example.org", "<p>mail me at a@www.example.org</p>"),
        ("   ", ""),
    ],
)
def test_comment_text_is_escaped_with_paragraphs_and_unendorsed_links(text, html):
    assert comment_html(text) == html
