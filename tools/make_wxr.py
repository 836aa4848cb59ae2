"""Write a synthetic WordPress export in the shape WordPress writes it, for tests and timing.

``python -m tools.make_wxr /tmp/big.xml --posts 10000 --comments-per-post 3`` makes the file
the README's import timing uses. The file is written as it is generated, a post at a time, so
its size does not matter. The same seed and end date give the same bytes.

What is in it, as on a small real site: a few authors, categories (with WordPress's
"Uncategorized") and tags; posts that are mostly published, with some drafts, pending,
scheduled, private and trashed ones; featured images as attachment items listed after their
post; threaded comments whose replies now and then come before the comment they answer,
with pingbacks, held, spam and trashed ones among them; a few pages and menu items.
``--media-dir`` also writes a small JPEG for every attachment, in WordPress's uploads layout.
"""

import argparse
import random
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from xml.sax.saxutils import escape
from zoneinfo import ZoneInfo

from django.utils.text import slugify

from tools.sample_site import (
    ACTIONS,
    ALT_TEXTS,
    AUTHORS,
    CATEGORIES,
    COMMENTS,
    NAMES,
    OBJECTS,
    SENTENCES,
    SUBJECTS,
    TAGS,
)

SITE = "https://aldercreekcourier.example"
OLD_SITE_ZONE = ZoneInfo("America/Denver")  # WordPress wrote local dates in the site's zone
# (WordPress status, share): mostly published, as on any news site.
POST_STATUSES = [
    ("publish", 86), ("draft", 5), ("pending", 2), ("future", 2), ("private", 2), ("trash", 3),
]  # fmt: skip
PAGE_TEXT = "Who we are.\n\nHow to reach us: call the newsroom or write to us."
COMMENT_STATUSES = [("1", 82), ("0", 10), ("spam", 4), ("trash", 4)]


def cdata(text: str) -> str:
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def wp_date(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M:%S")


def _local(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC).astimezone(OLD_SITE_ZONE).replace(tzinfo=None)


def rfc822(moment: datetime) -> str:
    return moment.strftime("%a, %d %b %Y %H:%M:%S +0000")


def pick(rng: random.Random, weighted: list[tuple[str, int]]) -> str:
    values, weights = zip(*weighted, strict=True)
    return rng.choices(values, weights)[0]


def write_export(
    out: Path,
    *,
    posts: int = 50,
    comments_per_post: int = 3,
    seed: int = 8,
    end_date: date | None = None,
    media_dir: Path | None = None,
) -> dict[str, int]:
    """Write the export to ``out``; returns how many of each kind of item it holds."""
    writer = _ExportWriter(
        rng=random.Random(seed),
        end=datetime.combine(end_date or date.today(), time(18, 0)),
        comments_per_post=comments_per_post,
        media_dir=media_dir,
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8") as stream:
        return writer.write(stream, posts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="The .xml file to write.")
    parser.add_argument("--posts", type=int, default=50)
    parser.add_argument("--comments-per-post", type=int, default=3, help="On average; 0 to 2×.")
    parser.add_argument("--seed", type=int, default=8)
    parser.add_argument(
        "--end-date",
        type=date.fromisoformat,
        default=None,
        help="The day of the newest post (YYYY-MM-DD); today if not given.",
    )
    parser.add_argument(
        "--media-dir", type=Path, help="Also write a small JPEG for every attachment here."
    )
    options = parser.parse_args()
    counts = write_export(
        options.out,
        posts=options.posts,
        comments_per_post=options.comments_per_post,
        seed=options.seed,
        end_date=options.end_date,
        media_dir=options.media_dir,
    )
    size = options.out.stat().st_size
    summary = ", ".join(f"{n} {kind}" for kind, n in counts.items())
    print(f"Wrote {options.out} ({size / 1024:,.0f} KB): {summary}.")


class _ExportWriter:
    def __init__(self, *, rng, end: datetime, comments_per_post: int, media_dir: Path | None):
        self.rng = rng
        self.end = end
        self.comments_per_post = comments_per_post
        self.media_dir = media_dir
        self.next_id = 100
        self.next_comment_id = 1
        self.slugs: set[str] = set()
        self.counts = {"posts": 0, "attachments": 0, "comments": 0, "pages": 0, "menu items": 0}

    def write(self, stream, posts: int) -> dict[str, int]:
        stream.write(self._header())
        # Newest last, as WordPress lists them (by id); a post every few hours on average.
        start = self.end - timedelta(hours=7 * posts)
        for number in range(posts):
            published = start + timedelta(hours=7 * number, minutes=self.rng.randrange(0, 300))
            stream.write(self._post(published))
            if number % 25 == 10:
                stream.write(self._page(published))
            if number % 250 == 0:
                stream.write(self._menu_item(published))
        stream.write("</channel>\n</rss>\n")
        return self.counts

    def _id(self) -> int:
        self.next_id += 1
        return self.next_id

    def _header(self) -> str:
        authors = "".join(
            f"\t<wp:author><wp:author_id>{n}</wp:author_id>"
            f"<wp:author_login>{cdata(login)}</wp:author_login>"
            f"<wp:author_email>{cdata(login.replace('.', '') + '@aldercreekcourier.example')}"
            f"</wp:author_email><wp:author_display_name>{cdata(name)}</wp:author_display_name>"
            f"<wp:author_first_name>{cdata(first)}</wp:author_first_name>"
            f"<wp:author_last_name>{cdata(last)}</wp:author_last_name></wp:author>\n"
            for n, (login, name, first, last) in enumerate(AUTHORS, start=1)
        )
        categories = "".join(
            f"\t<wp:category><wp:term_id>{n}</wp:term_id>"
            f"<wp:category_nicename>{cdata(slug)}</wp:category_nicename>"
            f"<wp:category_parent>{cdata(parent)}</wp:category_parent>"
            f"<wp:cat_name>{cdata(name)}</wp:cat_name></wp:category>\n"
            for n, (slug, name, parent) in enumerate(CATEGORIES, start=1)
        )
        tags = "".join(
            f"\t<wp:tag><wp:term_id>{n}</wp:term_id><wp:tag_slug>{cdata(slugify(name))}"
            f"</wp:tag_slug><wp:tag_name>{cdata(name)}</wp:tag_name></wp:tag>\n"
            for n, name in enumerate(TAGS, start=len(CATEGORIES) + 1)
        )
        return (
            '<?xml version="1.0" encoding="UTF-8" ?>\n'
            "<!-- This is a WordPress eXtended RSS file generated by WordPress as an export of "
            "your site. -->\n"
            "<!-- Synthetic: written by tools/make_wxr.py for tests and timing. -->\n"
            '<!-- generator="WordPress/6.4.2" created="'
            + self.end.strftime("%Y-%m-%d %H:%M")
            + '" -->\n'
            '<rss version="2.0"\n'
            '\txmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"\n'
            '\txmlns:content="http://purl.org/rss/1.0/modules/content/"\n'
            '\txmlns:wfw="http://wellformedweb.org/CommentAPI/"\n'
            '\txmlns:dc="http://purl.org/dc/elements/1.1/"\n'
            '\txmlns:wp="http://wordpress.org/export/1.2/"\n>\n\n'
            "<channel>\n"
            "\t<title>Alder Creek Courier</title>\n"
            f"\t<link>{SITE}</link>\n"
            "\t<description>News from the creek, the council and the neighbours</description>\n"
            f"\t<pubDate>{rfc822(self.end)}</pubDate>\n"
            "\t<language>en-US</language>\n"
            "\t<wp:wxr_version>1.2</wp:wxr_version>\n"
            f"\t<wp:base_site_url>{SITE}</wp:base_site_url>\n"
            f"\t<wp:base_blog_url>{SITE}</wp:base_blog_url>\n\n"
            + authors
            + categories
            + tags
            + "\n\t<generator>https://wordpress.org/?v=6.4.2</generator>\n\n"
        )

    def _headline(self) -> str:
        rng = self.rng
        return f"{rng.choice(SUBJECTS)} {rng.choice(ACTIONS)} {rng.choice(OBJECTS)}"

    def _slug(self, headline: str) -> str:
        base = slug = slugify(headline)[:180]
        number = 2
        while slug in self.slugs:
            slug, number = f"{base}-{number}", number + 1
        self.slugs.add(slug)
        return slug

    def _body(self) -> str:
        """Classic-editor content: no <p> tags, blank lines between paragraphs."""
        rng = self.rng
        paragraphs = [
            " ".join(rng.sample(SENTENCES, rng.randint(1, 3))) for _ in range(rng.randint(2, 4))
        ]
        if rng.random() < 0.3:
            paragraphs.insert(2, "<h2>What comes next</h2>")
        if rng.random() < 0.2:
            paragraphs.insert(1, "<!--more-->")
        if rng.random() < 0.2:
            paragraphs.append(
                'Read the <a href="https://city.example/minutes">minutes</a>.\nQuestions? '
                "<strong>Call the clerk's office.</strong>"
            )
        return "\n\n".join(paragraphs)

    def _post(self, published: datetime) -> str:
        rng = self.rng
        post_id = self._id()
        status = pick(rng, POST_STATUSES)
        headline = self._headline()
        slug = "" if status in ("draft", "pending") and rng.random() < 0.7 else self._slug(headline)
        if status == "future":
            published = self.end + timedelta(days=rng.randint(2, 30))
        gmt = "0000-00-00 00:00:00" if status in ("draft", "pending") else wp_date(published)
        local = _local(published)
        day = local.strftime("%Y/%m/%d")
        link = f"{SITE}/{day}/{slug}/" if status == "publish" else f"{SITE}/?p={post_id}"
        if status == "trash":
            slug += "__trashed"
        categories = rng.sample(CATEGORIES[1:], rng.choice([1, 1, 1, 2]))
        if rng.random() < 0.05:
            categories = [CATEGORIES[0]]
        tags = rng.sample(TAGS, rng.randint(0, 3))
        thumbnail = self._id() if rng.random() < 0.4 else None
        terms = "".join(
            f'\t\t<category domain="category" nicename="{slug_}">{cdata(name)}</category>\n'
            for slug_, name, _ in categories
        ) + "".join(
            f'\t\t<category domain="post_tag" nicename="{slugify(name)}">{cdata(name)}</category>\n'
            for name in tags
        )
        meta = _postmeta("_thumbnail_id", str(thumbnail)) if thumbnail else ""
        comments = self._comments(published) if status in ("publish", "private") else ""
        excerpt = rng.choice(SENTENCES) if rng.random() < 0.5 else ""
        self.counts["posts"] += 1
        item = (
            "\t<item>\n"
            f"\t\t<title>{cdata(headline)}</title>\n"
            f"\t\t<link>{escape(link)}</link>\n"
            f"\t\t<pubDate>{rfc822(published)}</pubDate>\n"
            f"\t\t<dc:creator>{cdata(rng.choice(AUTHORS)[0])}</dc:creator>\n"
            f'\t\t<guid isPermaLink="false">{SITE}/?p={post_id}</guid>\n'
            "\t\t<description></description>\n"
            f"\t\t<content:encoded>{cdata(self._body())}</content:encoded>\n"
            f"\t\t<excerpt:encoded>{cdata(excerpt)}</excerpt:encoded>\n"
            f"\t\t<wp:post_id>{post_id}</wp:post_id>\n"
            f"\t\t<wp:post_date>{cdata(wp_date(local))}</wp:post_date>\n"
            f"\t\t<wp:post_date_gmt>{cdata(gmt)}</wp:post_date_gmt>\n"
            f"\t\t<wp:post_modified>{cdata(wp_date(local))}</wp:post_modified>\n"
            f"\t\t<wp:post_modified_gmt>{cdata(wp_date(published))}</wp:post_modified_gmt>\n"
            "\t\t<wp:comment_status>"
            f"{cdata('open' if rng.random() < 0.9 else 'closed')}</wp:comment_status>\n"
            f"\t\t<wp:ping_status>{cdata('open')}</wp:ping_status>\n"
            f"\t\t<wp:post_name>{cdata(slug)}</wp:post_name>\n"
            f"\t\t<wp:status>{cdata(status)}</wp:status>\n"
            "\t\t<wp:post_parent>0</wp:post_parent>\n"
            "\t\t<wp:menu_order>0</wp:menu_order>\n"
            f"\t\t<wp:post_type>{cdata('post')}</wp:post_type>\n"
            f"\t\t<wp:post_password>{cdata('')}</wp:post_password>\n"
            "\t\t<wp:is_sticky>0</wp:is_sticky>\n" + terms + meta + comments + "\t</item>\n"
        )
        if thumbnail:
            item += self._attachment(thumbnail, post_id, slug or f"post-{post_id}", published)
        return item

    def _attachment(self, attachment_id: int, parent: int, slug: str, uploaded: datetime) -> str:
        rng = self.rng
        name = f"{slug[:40].rstrip('-')}-{attachment_id}"
        relative = f"{uploaded:%Y/%m}/{name}.jpg"
        has_alt = rng.random() < 0.7
        title = "Residents at the meeting" if has_alt and rng.random() < 0.5 else name
        meta = _postmeta("_wp_attached_file", relative)
        if has_alt:
            meta += _postmeta("_wp_attachment_image_alt", rng.choice(ALT_TEXTS))
        caption = "Photo by the Courier staff." if rng.random() < 0.5 else ""
        if self.media_dir:
            # Its own random numbers, so the export is the same with or without the images.
            _write_jpeg(self.media_dir / relative, random.Random(attachment_id))
        self.counts["attachments"] += 1
        return (
            "\t<item>\n"
            f"\t\t<title>{cdata(title)}</title>\n"
            f"\t\t<link>{SITE}/?attachment_id={attachment_id}</link>\n"
            f"\t\t<pubDate>{rfc822(uploaded)}</pubDate>\n"
            f"\t\t<dc:creator>{cdata('newsdesk')}</dc:creator>\n"
            f'\t\t<guid isPermaLink="false">{SITE}/wp-content/uploads/{relative}</guid>\n'
            "\t\t<description></description>\n"
            f"\t\t<content:encoded>{cdata('')}</content:encoded>\n"
            f"\t\t<excerpt:encoded>{cdata(caption)}</excerpt:encoded>\n"
            f"\t\t<wp:post_id>{attachment_id}</wp:post_id>\n"
            f"\t\t<wp:post_date>{cdata(wp_date(uploaded))}</wp:post_date>\n"
            f"\t\t<wp:post_date_gmt>{cdata(wp_date(uploaded))}</wp:post_date_gmt>\n"
            f"\t\t<wp:post_name>{cdata(name)}</wp:post_name>\n"
            f"\t\t<wp:status>{cdata('inherit')}</wp:status>\n"
            f"\t\t<wp:post_parent>{parent}</wp:post_parent>\n"
            f"\t\t<wp:post_type>{cdata('attachment')}</wp:post_type>\n"
            f"\t\t<wp:attachment_url>{cdata(f'{SITE}/wp-content/uploads/{relative}')}"
            "</wp:attachment_url>\n" + meta + "\t</item>\n"
        )

    def _comments(self, published: datetime) -> str:
        rng = self.rng
        count = rng.randint(0, 2 * self.comments_per_post)
        written: list[tuple[int, str]] = []
        moment = published
        for _ in range(count):
            comment_id = self.next_comment_id
            self.next_comment_id += 1
            moment += timedelta(minutes=rng.randint(5, 600))
            parent = rng.choice(written)[0] if written and rng.random() < 0.3 else 0
            written.append((comment_id, self._comment(comment_id, parent, moment)))
        # Now and then a reply is listed before the comment it answers (ids are reused
        # after a database move, and exports follow the table's order).
        if len(written) > 2 and rng.random() < 0.2:
            written.append(written.pop(0))
        if rng.random() < 0.1:
            written.append((0, self._pingback(moment + timedelta(hours=1))))
        return "".join(text for _, text in written)

    def _comment(self, comment_id: int, parent: int, moment: datetime) -> str:
        rng = self.rng
        name = rng.choice(NAMES)
        email = slugify(name).replace("-", ".") + rng.choice(["@example.com", "@example.net"])
        self.counts["comments"] += 1
        return (
            "\t\t<wp:comment>\n"
            f"\t\t\t<wp:comment_id>{comment_id}</wp:comment_id>\n"
            f"\t\t\t<wp:comment_author>{cdata(name)}</wp:comment_author>\n"
            f"\t\t\t<wp:comment_author_email>{cdata(email)}</wp:comment_author_email>\n"
            f"\t\t\t<wp:comment_author_url>{cdata('')}</wp:comment_author_url>\n"
            "\t\t\t<wp:comment_author_IP>"
            f"{cdata(f'203.0.113.{rng.randint(1, 254)}')}</wp:comment_author_IP>\n"
            f"\t\t\t<wp:comment_date>{cdata(wp_date(_local(moment)))}"
            "</wp:comment_date>\n"
            f"\t\t\t<wp:comment_date_gmt>{cdata(wp_date(moment))}</wp:comment_date_gmt>\n"
            f"\t\t\t<wp:comment_content>{cdata(rng.choice(COMMENTS))}</wp:comment_content>\n"
            f"\t\t\t<wp:comment_approved>{cdata(pick(rng, COMMENT_STATUSES))}"
            "</wp:comment_approved>\n"
            f"\t\t\t<wp:comment_type>{cdata('comment')}</wp:comment_type>\n"
            f"\t\t\t<wp:comment_parent>{parent}</wp:comment_parent>\n"
            "\t\t\t<wp:comment_user_id>0</wp:comment_user_id>\n"
            "\t\t</wp:comment>\n"
        )

    def _pingback(self, moment: datetime) -> str:
        comment_id = self.next_comment_id
        self.next_comment_id += 1
        return (
            "\t\t<wp:comment>\n"
            f"\t\t\t<wp:comment_id>{comment_id}</wp:comment_id>\n"
            f"\t\t\t<wp:comment_author>{cdata('Valley Blog')}</wp:comment_author>\n"
            f"\t\t\t<wp:comment_author_url>{cdata('https://valleyblog.example/roundup/')}"
            "</wp:comment_author_url>\n"
            f"\t\t\t<wp:comment_date_gmt>{cdata(wp_date(moment))}</wp:comment_date_gmt>\n"
            "\t\t\t<wp:comment_content>"
            f"{cdata('[&#8230;] the Courier reported on Tuesday [&#8230;]')}"
            "</wp:comment_content>\n"
            f"\t\t\t<wp:comment_approved>{cdata('1')}</wp:comment_approved>\n"
            f"\t\t\t<wp:comment_type>{cdata('pingback')}</wp:comment_type>\n"
            "\t\t\t<wp:comment_parent>0</wp:comment_parent>\n"
            "\t\t</wp:comment>\n"
        )

    def _page(self, published: datetime) -> str:
        page_id = self._id()
        self.counts["pages"] += 1
        return (
            "\t<item>\n"
            f"\t\t<title>{cdata('About the Courier')}</title>\n"
            f"\t\t<link>{SITE}/about-{page_id}/</link>\n"
            f"\t\t<content:encoded>{cdata(PAGE_TEXT)}</content:encoded>\n"
            f"\t\t<wp:post_id>{page_id}</wp:post_id>\n"
            f"\t\t<wp:post_date_gmt>{cdata(wp_date(published))}</wp:post_date_gmt>\n"
            f"\t\t<wp:post_name>{cdata(f'about-{page_id}')}</wp:post_name>\n"
            f"\t\t<wp:status>{cdata('publish')}</wp:status>\n"
            f"\t\t<wp:post_type>{cdata('page')}</wp:post_type>\n"
            "\t</item>\n"
        )

    def _menu_item(self, published: datetime) -> str:
        item_id = self._id()
        self.counts["menu items"] += 1
        return (
            "\t<item>\n"
            f"\t\t<title>{cdata('')}</title>\n"
            f"\t\t<wp:post_id>{item_id}</wp:post_id>\n"
            f"\t\t<wp:post_date_gmt>{cdata(wp_date(published))}</wp:post_date_gmt>\n"
            f"\t\t<wp:status>{cdata('publish')}</wp:status>\n"
            f"\t\t<wp:post_type>{cdata('nav_menu_item')}</wp:post_type>\n"
            f'\t\t<category domain="nav_menu" nicename="main">{cdata("Main")}</category>\n'
            + _postmeta("_menu_item_type", "taxonomy")
            + "\t</item>\n"
        )


def _postmeta(key: str, value: str) -> str:
    return (
        f"\t\t<wp:postmeta>\n\t\t\t<wp:meta_key>{cdata(key)}</wp:meta_key>\n"
        f"\t\t\t<wp:meta_value>{cdata(value)}</wp:meta_value>\n\t\t</wp:postmeta>\n"
    )


def _write_jpeg(path: Path, rng: random.Random) -> None:
    from PIL import Image, ImageDraw

    path.parent.mkdir(parents=True, exist_ok=True)
    image = Image.new("RGB", (480, 270), tuple(rng.randrange(40, 220) for _ in range(3)))
    draw = ImageDraw.Draw(image)
    for _ in range(4):
        x, y = rng.randrange(0, 400), rng.randrange(0, 200)
        colour = tuple(rng.randrange(0, 255) for _ in range(3))
        draw.rectangle((x, y, x + rng.randrange(20, 80), y + rng.randrange(20, 70)), fill=colour)
    image.save(path, format="JPEG", quality=70)


if __name__ == "__main__":
    main()
