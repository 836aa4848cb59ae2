"""The newsroom desk in the admin: who may do what, the publishing workflow, previews,
moved addresses, the body editor's cleaning, lead images, corrections, revisions and the
story list.

Admin forms are posted the way a browser would: the change page is fetched, every field it
renders is sent back, and the test changes only what the person at the desk changes.
"""

import re
from datetime import datetime, time, timedelta
from html.parser import HTMLParser

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import dateformat, timezone
from django.utils.html import strip_tags

from articles.models import Article, ArticleRedirect, Byline
from comments.models import Comment
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    CommentFactory,
    SectionFactory,
    jpeg_file,
)

pytestmark = pytest.mark.django_db


# Forms as a browser sends them


class FormFields(HTMLParser):
    """The name/value pairs a browser would submit from the page's forms."""

    SKIPPED_TYPES = {"submit", "button", "file", "image", "reset", "search"}

    def __init__(self):
        super().__init__()
        self.data: dict[str, list[str]] = {}
        self._select: str | None = None
        self._select_options: list[tuple[str, bool]] = []
        self._textarea: str | None = None
        self._option: dict | None = None

    def _add(self, name: str, value: str) -> None:
        self.data.setdefault(name, []).append(value)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if name and "__prefix__" in name:
            return  # the blank template an inline's "Add another" copies
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in self.SKIPPED_TYPES or name == "csrfmiddlewaretoken":
                return
            if kind in {"checkbox", "radio"}:
                if "checked" in attrs:
                    self._add(name, attrs.get("value") or "on")
                return
            self._add(name, attrs.get("value") or "")
        elif tag == "select" and name:
            self._select, self._select_options = name, []
        elif tag == "option" and self._select:
            self._option = {"value": attrs.get("value"), "selected": "selected" in attrs, "t": ""}
        elif tag == "textarea" and name:
            self._textarea = name
            self._add(name, "")

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea][-1] += data
        if self._option is not None:
            self._option["t"] += data

    def handle_endtag(self, tag):
        if tag == "textarea" and self._textarea:
            # A browser drops the one newline that follows <textarea>.
            value = self.data[self._textarea][-1]
            self.data[self._textarea][-1] = value.removeprefix("\n")
            self._textarea = None
        elif tag == "option" and self._option is not None:
            value = self._option["value"]
            value = self._option["t"].strip() if value is None else value
            self._select_options.append((value, self._option["selected"]))
            self._option = None
        elif tag == "select" and self._select:
            chosen = [value for value, selected in self._select_options if selected]
            if not chosen and self._select_options:
                chosen = [self._select_options[0][0]]
            for value in chosen:
                self._add(self._select, value)
            self._select = None


def form_data(client, url: str) -> dict:
    response = client.get(url)
    assert response.status_code == 200, url
    parser = FormFields()
    parser.feed(response.content.decode())
    data = {name: values[0] if len(values) == 1 else values for name, values in parser.data.items()}
    data["_save"] = "Save"
    return data


def add_url() -> str:
    return reverse("admin:articles_article_add")


def change_url(article: Article) -> str:
    return reverse("admin:articles_article_change", args=[article.pk])


def changelist_url() -> str:
    return reverse("admin:articles_article_changelist")


def revision_url(article: Article, record) -> str:
    return reverse("admin:articles_article_revision", args=[article.pk, record.history_id])


def local_fields(prefix: str, moment: datetime) -> dict:
    """The date and time boxes of a split date-time field, in newsroom time."""
    local = timezone.localtime(moment)
    return {f"{prefix}_0": f"{local:%Y-%m-%d}", f"{prefix}_1": f"{local:%H:%M:%S}"}


def newsroom_day(days_from_today: int, hour: int = 12) -> datetime:
    day = timezone.localdate() + timedelta(days=days_from_today)
    return timezone.make_aware(datetime.combine(day, time(hour)))


def edit(client, article: Article, **changes) -> object:
    """Open the story's change page, change some fields, and press Save."""
    data = form_data(client, change_url(article))
    data.update(changes)
    return client.post(change_url(article), data)


def saved(response) -> None:
    """The save went through: the admin redirects, rather than showing the form again."""
    if response.status_code == 200 and response.context and "errors" in response.context:
        pytest.fail(f"the form was refused: {list(response.context['errors'])}")
    assert response.status_code == 302, response.status_code


def draft_by(user, **fields) -> Article:
    return ArticleFactory(status=Article.Status.DRAFT, published_at=None, created_by=user, **fields)


def story_body(html: str) -> str:
    """Only the story text of a story page, without the site around it."""
    return html.split('<div class="story-body">', 1)[1].split("</div>", 1)[0]


# Roles: writers


def test_writer_creates_a_story_that_is_stored_as_their_draft(writer_client, writer):
    section = SectionFactory()
    data = form_data(writer_client, add_url())
    assert "status" not in data and "published_at_0" not in data
    data.update(
        headline="Library extends weekend hours",
        slug="library-extends-weekend-hours",
        body="<p>The branch opens on Sundays.</p>",
        section=section.pk,
    )

    saved(writer_client.post(add_url(), data))

    story = Article.objects.get(slug="library-extends-weekend-hours")
    assert story.status == Article.Status.DRAFT
    assert story.published_at is None
    assert story.created_by == writer


def test_writer_edits_their_own_draft(writer_client, writer):
    story = draft_by(writer, headline="First try")

    saved(edit(writer_client, story, headline="Second try"))

    story.refresh_from_db()
    assert story.headline == "Second try"
    assert story.status == Article.Status.DRAFT


@pytest.mark.parametrize("kind", ["someone else's draft", "published story"])
def test_writer_may_read_but_not_save_a_story_that_is_not_their_own_draft(
    writer_client, other_writer, kind
):
    if kind == "published story":
        story = ArticleFactory(headline="Untouched", created_by=other_writer)
    else:
        story = draft_by(other_writer, headline="Untouched")

    # Writers hold the view permission, so Django's admin shows the story read-only ...
    page = writer_client.get(change_url(story))
    assert page.status_code == 200
    assert 'name="headline"' not in page.content.decode()
    # ... and refuses a save with 403.
    data = {"headline": "Changed", "slug": story.slug, "section": story.section_id}
    data |= {"bylines-TOTAL_FORMS": "0", "bylines-INITIAL_FORMS": "0"}
    response = writer_client.post(change_url(story), data)

    assert response.status_code == 403
    story.refresh_from_db()
    assert story.headline == "Untouched"


def test_writer_sees_publishing_fields_read_only(writer_client, writer):
    story = draft_by(writer)

    html = writer_client.get(change_url(story)).content.decode()

    assert "Publishing" in html
    assert 'name="status"' not in html
    assert 'name="published_at_0"' not in html
    assert 'name="is_update"' not in html
    assert 'name="headline"' in html


CRAFTED_PUBLISHING = {
    "publish now": {"status": "published"},
    "schedule": {"status": "published", **local_fields("published_at", newsroom_day(1))},
    "backdate a draft": local_fields("published_at", newsroom_day(-1)),
    "unpublish": {"status": "unpublished"},
}


@pytest.mark.parametrize("crafted", CRAFTED_PUBLISHING.values(), ids=CRAFTED_PUBLISHING.keys())
def test_writers_crafted_publishing_post_on_the_add_page_is_refused(writer_client, crafted):
    data = form_data(writer_client, add_url())
    data.update(headline="Sneaky", slug="sneaky", section=SectionFactory().pk, **crafted)

    response = writer_client.post(add_url(), data)

    assert response.status_code == 403
    assert not Article.objects.exists()


@pytest.mark.parametrize("crafted", CRAFTED_PUBLISHING.values(), ids=CRAFTED_PUBLISHING.keys())
def test_writers_crafted_publishing_post_on_their_draft_is_refused(writer_client, writer, crafted):
    story = draft_by(writer, headline="Still a draft")

    response = edit(writer_client, story, headline="Published?", **crafted)

    assert response.status_code == 403
    story.refresh_from_db()
    assert (story.status, story.published_at, story.headline) == ("draft", None, "Still a draft")


def test_writer_is_not_offered_the_publish_actions(writer_client, writer):
    story = draft_by(writer)

    html = writer_client.get(changelist_url()).content.decode()
    assert 'value="publish"' not in html
    assert 'value="unpublish"' not in html

    writer_client.post(changelist_url(), {"action": "publish", "_selected_action": [story.pk]})
    story.refresh_from_db()
    assert story.status == Article.Status.DRAFT


@pytest.mark.parametrize("model", ["section", "author", "source"])
def test_writer_may_list_but_not_add_sections_authors_or_sources(writer_client, model):
    assert writer_client.get(reverse(f"admin:articles_{model}_changelist")).status_code == 200
    assert writer_client.get(reverse(f"admin:articles_{model}_add")).status_code == 403


# Roles: editors and moderators


@pytest.mark.parametrize(
    "model", ["articles/section", "articles/author", "articles/source", "taggit/tag"]
)
def test_editor_may_add_sections_authors_sources_and_tags(editor_client, model):
    app, name = model.split("/")
    assert editor_client.get(reverse(f"admin:{app}_{name}_add")).status_code == 200


def test_editor_creates_a_section(editor_client):
    url = reverse("admin:articles_section_add")
    data = form_data(editor_client, url) | {"name": "Schools", "slug": "schools", "order": "3"}

    saved(editor_client.post(url, data))

    assert editor_client.get(reverse("articles:section", args=["schools"])).status_code == 200


def test_moderator_is_refused_the_story_list(client, make_staff):
    client.force_login(make_staff("moderator", "Moderators"))
    assert client.get(changelist_url()).status_code == 403


# Workflow


def test_editor_publishes_a_draft_from_the_change_form(editor_client, reader, writer):
    story = draft_by(writer)
    now = timezone.now().replace(microsecond=0)

    saved(edit(editor_client, story, status="published", **local_fields("published_at", now)))

    story.refresh_from_db()
    assert story.status == Article.Status.PUBLISHED
    assert story.published_at == now
    assert reader.get(story.get_absolute_url()).status_code == 200


def test_editor_publishing_with_a_blank_time_gets_the_current_time(editor_client, reader):
    story = draft_by(None)
    before = timezone.now()

    saved(edit(editor_client, story, status="published"))

    story.refresh_from_db()
    assert story.status == Article.Status.PUBLISHED
    assert before <= story.published_at <= timezone.now()
    assert reader.get(story.get_absolute_url()).status_code == 200


def test_publish_time_is_set_on_first_publish_and_kept_when_the_story_is_saved_again(
    editor_client,
):
    story = draft_by(None)
    before = timezone.now()
    editor_client.post(changelist_url(), {"action": "publish", "_selected_action": [story.pk]})
    story.refresh_from_db()
    first_published = story.published_at
    assert before <= first_published <= timezone.now()

    saved(edit(editor_client, story, headline="A better headline"))
    editor_client.post(changelist_url(), {"action": "publish", "_selected_action": [story.pk]})

    story.refresh_from_db()
    assert story.headline == "A better headline"
    # The form shows the time to the second, so that is what a re-save sends back.
    assert story.published_at == first_published.replace(microsecond=0)


def test_scheduled_story_stays_hidden_until_its_time_then_goes_live_by_itself(
    editor_client, reader
):
    story = draft_by(None, headline="Tomorrow's story")

    saved(
        edit(
            editor_client,
            story,
            status="published",
            **local_fields("published_at", newsroom_day(1)),
        )
    )

    story.refresh_from_db()
    assert story.is_scheduled
    assert reader.get(story.get_absolute_url()).status_code == 404
    listed = editor_client.get(changelist_url()).content.decode()
    assert '<span class="state-badge state-scheduled">Scheduled</span>' in listed

    Article.objects.filter(pk=story.pk).update(published_at=timezone.now() - timedelta(minutes=1))
    story.refresh_from_db()

    page = reader.get(story.get_absolute_url())
    assert page.status_code == 200
    assert "Tomorrow&#x27;s story" in page.content.decode()


def test_editor_unpublishes_from_the_change_form(editor_client, reader):
    story = ArticleFactory()
    assert reader.get(story.get_absolute_url()).status_code == 200

    saved(edit(editor_client, story, status="unpublished"))

    story.refresh_from_db()
    assert story.status == Article.Status.UNPUBLISHED
    assert reader.get(story.get_absolute_url()).status_code == 404


def test_editor_publishes_and_unpublishes_with_list_actions(editor_client, reader):
    stories = [draft_by(None), draft_by(None)]
    selected = [story.pk for story in stories]

    response = editor_client.post(
        changelist_url(), {"action": "publish", "_selected_action": selected}, follow=True
    )
    assert "Published 2 stories." in response.content.decode()
    for story in stories:
        story.refresh_from_db()
        assert reader.get(story.get_absolute_url()).status_code == 200

    response = editor_client.post(
        changelist_url(), {"action": "unpublish", "_selected_action": selected}, follow=True
    )
    assert "Unpublished 2 stories." in response.content.decode()
    for story in stories:
        assert reader.get(story.get_absolute_url()).status_code == 404
    assert set(Article.objects.values_list("status", flat=True)) == {"unpublished"}


def test_update_tick_moves_the_updated_time_readers_see(editor_client, reader):
    story = ArticleFactory(published_at=timezone.now() - timedelta(days=2))
    before = timezone.now()

    saved(edit(editor_client, story, body="<p>New figures from the county.</p>", is_update="on"))

    story.refresh_from_db()
    assert before <= story.modified_at <= timezone.now()
    html = reader.get(story.get_absolute_url()).content.decode()
    assert " · Updated <time" in html


def test_save_without_update_tick_shows_no_updated_time(editor_client, reader):
    story = ArticleFactory(published_at=timezone.now() - timedelta(days=2))

    saved(edit(editor_client, story, body="<p>Fixed a typo.</p>"))

    story.refresh_from_db()
    assert story.modified_at is None
    assert "Updated" not in reader.get(story.get_absolute_url()).content.decode()


# Preview


def test_staff_preview_of_a_draft_is_marked_kept_out_of_search_and_never_cached(
    writer_client, other_writer
):
    story = draft_by(other_writer, headline="Work in progress")

    response = writer_client.get(reverse("articles:preview", kwargs={"pk": story.pk}))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Work in progress" in html
    assert "Preview — not published" in html
    assert '<meta name="robots" content="noindex, nofollow">' in html
    cache_control = response["Cache-Control"]
    for directive in ("no-cache", "no-store", "private"):
        assert directive in cache_control


def test_preview_is_404_for_anonymous_readers_and_non_staff(reader, django_user_model):
    story = draft_by(None)
    url = reverse("articles:preview", kwargs={"pk": story.pk})

    assert reader.get(url).status_code == 404
    reader.force_login(django_user_model.objects.create_user("subscriber"))
    assert reader.get(url).status_code == 404


# Moved stories


def test_changed_slug_sends_the_old_address_on_to_the_new_one(editor_client, reader):
    story = ArticleFactory(slug="fire-on-main")
    old_url = story.get_absolute_url()

    saved(edit(editor_client, story, slug="fire-on-main-street"))

    story.refresh_from_db()
    response = reader.get(old_url)
    assert response.status_code == 301
    assert response["Location"] == story.get_absolute_url()
    assert story.get_absolute_url().endswith("/fire-on-main-street/")
    assert reader.get(story.get_absolute_url()).status_code == 200


def test_changed_date_sends_every_earlier_address_on_to_the_current_one(editor_client, reader):
    story = ArticleFactory(slug="fire-on-main", published_at=newsroom_day(-3))
    first_url = story.get_absolute_url()
    saved(edit(editor_client, story, slug="fire-on-main-street"))
    story.refresh_from_db()
    second_url = story.get_absolute_url()

    saved(edit(editor_client, story, **local_fields("published_at", newsroom_day(-5))))

    story.refresh_from_db()
    current_url = story.get_absolute_url()
    assert len({first_url, second_url, current_url}) == 3
    for old_url in (first_url, second_url):
        response = reader.get(old_url)
        assert response.status_code == 301, old_url
        assert response["Location"] == current_url
    assert reader.get(current_url).status_code == 200
    assert ArticleRedirect.objects.filter(article=story).count() == 2


def test_unknown_story_address_is_404(reader):
    ArticleFactory(slug="fire-on-main")
    url = Article.path_for(timezone.now(), "no-such-story")
    assert reader.get(url).status_code == 404


# The body editor and its cleaning


def test_change_form_loads_the_prose_editor(editor_client):
    html = editor_client.get(change_url(ArticleFactory())).content.decode()
    assert "django_prose_editor/editor.js" in html
    assert "data-django-prose-editor" in html


XSS_PAYLOADS = {
    "script": "<script>alert(1)</script>",
    "script in capitals": "<SCRIPT SRC=https://evil.example/x.js></SCRIPT>",
    "img onerror": "<img src=x onerror=alert(1)>",
    "javascript link": '<a href="javascript:alert(1)">click</a>',
    "javascript link in mixed case": '<a href=" JaVaScRiPt:alert(1)">click</a>',
    "iframe": '<iframe src="https://evil.example/"></iframe>',
    "svg onload": "<svg onload=alert(1)><circle r=1></circle></svg>",
    "style attribute": '<p style="background:url(javascript:alert(1))">styled</p>',
    "style tag": "<style>body { display: none }</style>",
    "object": '<object data="https://evil.example/x.swf"></object>',
    "embed": '<embed src="https://evil.example/x.swf">',
    "data url link": '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">d</a>',
    "onmouseover": '<p onmouseover="alert(1)">hover</p>',
    "form and input": '<form action="https://evil.example/"><input name="password"></form>',
    "vbscript link": '<a href="vbscript:msgbox(1)">vb</a>',
    "encoded javascript": '<a href="jav&#x09;ascript:alert(1)">tab</a>',
    "entity-encoded javascript": '<a href="&#106;avascript:alert(1)">ent</a>',
    "broken-up script": "<scr<script>ipt>alert(1)</script>",
    "mutation through math": "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "comment-hidden script": "<!--<script>alert(1)</script>-->",
}
FORBIDDEN = (
    "<script",
    "onerror",
    "onload",
    "javascript:",
    "<iframe",
    "style=",
    "<style",
    "<object",
    "<embed",
    "vbscript:",
    "<form",
    "<input",
    "onmouseover",
    "<svg",
    "<img",
)
ALLOWED_BODY = (
    "<h2>What happened</h2>"
    "<p>The council met on <strong>Tuesday</strong>.</p>"
    '<p>Read <a href="https://city.example/minutes">the minutes</a>.</p>'
    "<ul><li>Budget passed</li></ul>"
    "<blockquote><p>We did our best.</p></blockquote>"
)


def assert_clean(html: str) -> None:
    lowered = html.lower()
    for marker in FORBIDDEN:
        assert marker not in lowered, f"{marker!r} survived in {html!r}"
    for href in re.findall(r'href="([^"]*)"', html):
        assert href.startswith(("https://", "http://", "mailto:", "tel:")), href


@pytest.mark.parametrize("payload", XSS_PAYLOADS.values(), ids=XSS_PAYLOADS.keys())
def test_body_posted_through_the_editor_keeps_prose_and_loses_anything_that_can_run(
    editor_client, reader, payload
):
    story = ArticleFactory()

    saved(edit(editor_client, story, body=ALLOWED_BODY + payload))

    story.refresh_from_db()
    assert_clean(story.body)
    for markup in (
        "<h2>What happened</h2>",
        "<strong>Tuesday</strong>",
        'href="https://city.example/minutes"',
        "<ul><li>Budget passed</li></ul>",
        "<blockquote><p>We did our best.</p></blockquote>",
    ):
        assert markup in story.body
    assert_clean(story_body(reader.get(story.get_absolute_url()).content.decode()))


# Lead images


def test_lead_image_needs_alt_text_or_the_decorative_tick(editor_client):
    story = ArticleFactory()
    data = form_data(editor_client, change_url(story))

    refused = editor_client.post(change_url(story), data | {"lead_image": jpeg_file()})

    assert refused.status_code == 200
    assert "Describe the image" in refused.content.decode()
    story.refresh_from_db()
    assert not story.lead_image

    accepted = editor_client.post(
        change_url(story), data | {"lead_image": jpeg_file(), "lead_image_decorative": "on"}
    )

    saved(accepted)
    story.refresh_from_db()
    assert story.lead_image
    assert story.lead_image_decorative


# Corrections


def test_correction_added_inline_is_printed_at_the_end_of_the_story(editor_client, reader):
    story = ArticleFactory(published_at=timezone.now() - timedelta(days=3))
    noted_at = newsroom_day(-1, hour=10)
    text = "An earlier version gave the wrong vote count; it was 5-2."

    saved(
        edit(
            editor_client,
            story,
            **{
                "corrections-TOTAL_FORMS": "1",
                "corrections-0-kind": "correction",
                "corrections-0-text": text,
                **local_fields("corrections-0-created_at", noted_at),
            },
        )
    )

    html = reader.get(story.get_absolute_url()).content.decode()
    aside = html.split('<aside class="corrections"', 1)[1].split("</aside>", 1)[0]
    printed = " ".join(strip_tags("<x" + aside).split())
    day = dateformat.format(timezone.localtime(noted_at), "M j, Y")
    assert f"Correction, {day}: {text}" in printed
    assert html.index('<div class="story-body">') < html.index('<aside class="corrections"')
    assert " · Updated <time" in html


# Revisions


def test_each_admin_save_is_kept_as_a_revision_by_its_editor(editor_client, editor):
    story = ArticleFactory()
    start = story.history.count()

    saved(edit(editor_client, story, headline="Second headline"))
    saved(edit(editor_client, story, headline="Third headline"))

    assert story.history.count() == start + 2
    latest, previous = story.history.all()[:2]
    assert (latest.headline, latest.history_user) == ("Third headline", editor)
    assert (previous.headline, previous.history_user) == ("Second headline", editor)


def test_history_page_links_each_revision_to_compare_and_revert(editor_client):
    story = ArticleFactory()
    saved(edit(editor_client, story, headline="Second headline"))

    response = editor_client.get(reverse("admin:articles_article_history", args=[story.pk]))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Compare and revert" in html
    for record in story.history.all():
        assert revision_url(story, record) in html


def test_revision_page_shows_removed_and_added_words(editor_client):
    story = ArticleFactory(
        headline="Council passes budget", body="<p>The vote was close on Tuesday.</p>"
    )

    saved(
        edit(
            editor_client,
            story,
            headline="Council rejects budget",
            body="<p>The vote was unanimous on Tuesday.</p>",
        )
    )

    html = editor_client.get(revision_url(story, story.history.first())).content.decode()
    assert "Council <del>passes</del><ins>rejects</ins> budget" in html
    assert "<del>close</del><ins>unanimous</ins>" in html


def test_reverting_to_the_first_revision_restores_headline_and_body(editor_client, editor):
    story = ArticleFactory(headline="Original headline", body="<p>Original body.</p>")
    first = story.history.earliest()
    saved(edit(editor_client, story, headline="Rewritten", body="<p>Rewritten body.</p>"))
    count = story.history.count()

    response = editor_client.post(revision_url(story, first))

    assert response.status_code == 302
    assert response["Location"] == reverse("admin:articles_article_history", args=[story.pk])
    story.refresh_from_db()
    assert (story.headline, story.body) == ("Original headline", "<p>Original body.</p>")
    assert story.history.count() == count + 1
    latest = story.history.first()
    assert latest.history_change_reason.startswith("Reverted")
    assert latest.history_user == editor


def test_writer_cannot_publish_by_reverting_their_draft_to_a_published_revision(
    client, writer, editor, reader
):
    story = draft_by(writer, headline="Pool reopens")
    client.force_login(editor)
    now = timezone.now() - timedelta(minutes=1)
    saved(edit(client, story, status="published", **local_fields("published_at", now)))
    published_revision = story.history.first()
    saved(edit(client, story, status="draft"))  # sent back to the writer for more work
    story.refresh_from_db()
    client.force_login(writer)

    client.post(revision_url(story, published_revision))

    story.refresh_from_db()
    assert story.status == Article.Status.DRAFT
    assert reader.get(story.get_absolute_url()).status_code == 404


def test_writer_cannot_rewrite_a_published_story_through_the_history_form(writer_client, reader):
    story = ArticleFactory(headline="Council passes budget")
    record = story.history.first()
    url = reverse("admin:articles_article_simple_history", args=[story.pk, record.history_id])
    data = {
        "headline": "Defaced",
        "slug": story.slug,
        "body": "<p>Defaced.</p>",
        "section": story.section_id,
    }

    writer_client.post(url, data)

    story.refresh_from_db()
    assert story.headline == "Council passes budget"
    assert story.status == Article.Status.PUBLISHED
    assert reader.get(story.get_absolute_url()).status_code == 200


# The story list


@pytest.fixture
def desk():
    """A draft, a scheduled and a published story, in two sections, with comments."""
    news, sport = SectionFactory(name="News"), SectionFactory(name="Sport")
    ana, ben = AuthorFactory(name="Ana Reyes"), AuthorFactory(name="Ben Okafor")
    draft = draft_by(None, headline="The draft", section=news, authors=[ana])
    scheduled = ArticleFactory(
        headline="The scheduled one",
        section=sport,
        authors=[ben],
        published_at=timezone.now() + timedelta(days=1),
    )
    published = ArticleFactory(
        headline="The published one",
        section=news,
        authors=[ana, ben],
        body="<p>" + "word " * 42 + "</p>",
    )
    CommentFactory.create_batch(3, article=published, status=Comment.Status.APPROVED)
    CommentFactory.create_batch(2, article=published, status=Comment.Status.PENDING)
    CommentFactory(article=published, status=Comment.Status.SPAM)
    return {
        "draft": draft,
        "scheduled": scheduled,
        "published": published,
        "news": news,
        "ana": ana,
        "ben": ben,
    }


def rows(html: str) -> dict[str, str]:
    """Each result row of the changelist, by the headline it shows."""
    found = {}
    for row in re.findall(r"<tr>(.*?)</tr>", html, flags=re.S):
        headline = re.search(r'class="field-headline"[^>]*>(?:<a[^>]*>)?([^<]+)', row)
        if headline:
            found[headline.group(1)] = row
    return found


def cell(row: str, column: str) -> str:
    match = re.search(rf'<td class="field-{column}[^"]*">(.*?)</td>', row, flags=re.S)
    assert match, column
    return match.group(1)


def test_story_list_shows_state_section_bylines_comments_words_and_links(editor_client, desk):
    html = editor_client.get(changelist_url()).content.decode()
    listed = rows(html)

    assert set(listed) == {"The draft", "The scheduled one", "The published one"}
    draft, scheduled, published = (
        listed["The draft"],
        listed["The scheduled one"],
        listed["The published one"],
    )
    assert '<span class="state-badge state-draft">Draft</span>' in draft
    assert '<span class="state-badge state-scheduled">Scheduled</span>' in scheduled
    assert '<span class="state-badge state-published">Published</span>' in published
    assert cell(draft, "section") == "News" and cell(scheduled, "section") == "Sport"
    assert cell(published, "byline_names") == "Ana Reyes, Ben Okafor"
    assert cell(published, "approved_comments") == "3"
    assert cell(published, "pending_comments") == "2"
    assert cell(draft, "approved_comments") == "0"
    assert cell(published, "words") == "42"
    for row, story in ((draft, desk["draft"]), (scheduled, desk["scheduled"])):
        assert f'<a href="{story.get_preview_url()}">Preview</a>' in row
    assert f'<a href="{desk["published"].get_absolute_url()}">View on site</a>' in published


@pytest.mark.parametrize(
    "query, expected",
    [
        ("state=draft", {"The draft"}),
        ("state=scheduled", {"The scheduled one"}),
        ("state=published", {"The published one"}),
        ("section", {"The draft", "The published one"}),
        ("author", {"The scheduled one", "The published one"}),
    ],
)
def test_story_list_filters_by_state_section_and_author(editor_client, desk, query, expected):
    query = {
        "section": f"section__id__exact={desk['news'].pk}",
        "author": f"bylines__author__id__exact={desk['ben'].pk}",
    }.get(query, query)

    response = editor_client.get(f"{changelist_url()}?{query}")

    assert response.status_code == 200
    listed = rows(response.content.decode())
    assert set(listed) == expected


def test_comment_counts_stay_right_when_the_list_is_filtered_by_author(editor_client, desk):
    html = editor_client.get(
        f"{changelist_url()}?bylines__author__id__exact={desk['ana'].pk}"
    ).content.decode()

    published = rows(html)["The published one"]
    assert cell(published, "approved_comments") == "3"
    assert cell(published, "pending_comments") == "2"


def add_stories(count: int, start: int) -> None:
    """Stories made fast; bulk_create skips Article.save(), so every field is set here."""
    section, author = SectionFactory(), AuthorFactory()
    now = timezone.now()
    stories = Article.objects.bulk_create(
        Article(
            headline=f"Bulk story {n}",
            slug=f"bulk-story-{n}",
            body=f"<p>Story {n} in a few words.</p>",
            section=section,
            status=Article.Status.PUBLISHED if n % 3 else Article.Status.DRAFT,
            published_at=now - timedelta(hours=n) if n % 3 else None,
        )
        for n in range(start, start + count)
    )
    Byline.objects.bulk_create(Byline(article=story, author=author) for story in stories)


def changelist_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(changelist_url())
    assert response.status_code == 200
    return len(queries)


def test_story_list_makes_the_same_number_of_queries_for_10_or_1000_stories(editor_client):
    add_stories(10, start=0)
    editor_client.get(changelist_url())  # the first request fills per-process caches
    small = changelist_queries(editor_client)

    add_stories(990, start=10)
    large = changelist_queries(editor_client)

    print(f"\nstory list: {small} SQL queries for 10 stories, {large} for 1,000")
    assert small == large
