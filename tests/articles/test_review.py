"""Review before publishing: writers submit, editors publish or send back with a note; two
people saving the same story; what the story form shows of the reader's view.

Forms are posted as a browser would (see test_desk.py): the page is fetched, every field
it renders is sent back, and only what the person at the desk changes is changed.
"""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Correction
from tests.articles.test_desk import (
    FormFields,
    change_url,
    changelist_url,
    draft_by,
    edit,
    form_data,
    saved,
)
from tests.factories import ArticleFactory, SectionFactory, jpeg_file

pytestmark = pytest.mark.django_db


def withdraw_url(article: Article) -> str:
    return reverse("admin:articles_article_withdraw", args=[article.pk])


def submit(client, article: Article, **changes):
    return edit(client, article, _submit_for_review="Submit for review", **changes)


def send_back(client, article: Article, note: str):
    return edit(client, article, review_note=note, _send_back="Send back to the writer")


def fields_of(response) -> dict:
    """What a browser would send back from a page the server has just answered with."""
    parser = FormFields()
    parser.feed(response.content.decode())
    return {name: vals[0] if len(vals) == 1 else vals for name, vals in parser.data.items()}


def page_text(response) -> str:
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", response.content.decode(), flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


@pytest.fixture
def pending(writer):
    """A writer's story, submitted and waiting for an editor."""
    story = draft_by(writer, headline="Library extends weekend hours")
    story.status = Article.Status.PENDING
    story.save()
    return story


# Submitting


def test_writer_submits_their_draft_and_the_editors_are_emailed(
    writer_client, writer, editor, make_staff, django_capture_on_commit_callbacks
):
    make_staff("second-editor", "Editors")
    make_staff("moderator", "Moderators")
    story = draft_by(writer, headline="Library extends weekend hours")

    with django_capture_on_commit_callbacks(execute=True):
        response = submit(writer_client, story, body="<p>The branch opens on Sundays.</p>")

    saved(response)
    assert response["Location"] == changelist_url()
    story.refresh_from_db()
    assert story.status == Article.Status.PENDING
    assert story.body == "<p>The branch opens on Sundays.</p>"
    assert story.history.first().history_change_reason == "Submitted for review"
    assert sorted(message.to[0] for message in mail.outbox) == [
        "editor@example.org",
        "second-editor@example.org",
    ]
    message = mail.outbox[0]
    assert message.subject == "[The Local Loop] For review: Library extends weekend hours"
    assert f"http://127.0.0.1:8000{change_url(story)}" in message.body
    assert "1 story waiting for review" in message.body


def test_writer_submits_a_new_story_straight_from_the_add_form(writer_client, writer):
    data = form_data(writer_client, reverse("admin:articles_article_add"))
    data.update(
        headline="Pool reopens",
        slug="pool-reopens",
        body="<p>Lanes are open again.</p>",
        section=SectionFactory().pk,
        _submit_for_review="Submit for review",
    )

    saved(writer_client.post(reverse("admin:articles_article_add"), data))

    story = Article.objects.get(slug="pool-reopens")
    assert (story.status, story.created_by) == (Article.Status.PENDING, writer)


def test_a_story_with_no_body_cannot_be_submitted(writer_client, writer):
    story = draft_by(writer, body="")

    response = submit(writer_client, story)

    assert response.status_code == 200
    assert "Write the story before submitting it for review." in page_text(response)
    story.refresh_from_db()
    assert story.status == Article.Status.DRAFT


def test_submitted_story_is_not_public_and_staff_can_preview_it(writer_client, reader, pending):
    assert not Article.objects.published().filter(pk=pending.pk).exists()
    assert reader.get(pending.get_absolute_url()).status_code == 404
    assert reader.get(pending.get_preview_url()).status_code == 404
    assert writer_client.get(pending.get_preview_url()).status_code == 200


def test_writer_crafting_a_pending_status_is_refused(writer_client, writer):
    story = draft_by(writer)

    response = edit(writer_client, story, status="pending")

    assert response.status_code == 403
    story.refresh_from_db()
    assert story.status == Article.Status.DRAFT


# Once submitted


def test_writer_reads_but_cannot_change_their_submitted_story(writer_client, pending):
    page = writer_client.get(change_url(pending))

    html = page.content.decode()
    assert page.status_code == 200
    assert 'name="headline"' not in html
    assert "An editor will publish it or send it back to you." in page_text(page)
    assert f'formaction="{withdraw_url(pending)}"' in html
    data = {"headline": "Changed", "slug": pending.slug, "section": pending.section_id}
    assert writer_client.post(change_url(pending), data).status_code == 403
    pending.refresh_from_db()
    assert pending.headline == "Library extends weekend hours"


def test_writer_withdraws_their_story_to_change_it(writer_client, pending):
    response = writer_client.post(withdraw_url(pending))

    assert response.status_code == 302
    assert response["Location"] == change_url(pending)
    pending.refresh_from_db()
    assert pending.status == Article.Status.DRAFT
    saved(edit(writer_client, pending, headline="Library extends Sunday hours"))


def test_withdrawing_needs_a_post_and_the_writer_of_the_story(
    client, pending, make_staff, django_user_model
):
    client.force_login(make_staff("other-writer", "Writers"))
    assert client.post(withdraw_url(pending)).status_code == 403
    client.force_login(pending.created_by)
    assert client.get(withdraw_url(pending)).status_code == 405
    pending.refresh_from_db()
    assert pending.status == Article.Status.PENDING


def test_story_list_filters_and_marks_stories_pending_review(editor_client, pending):
    ArticleFactory(headline="Already out")

    html = editor_client.get(changelist_url() + "?state=pending").content.decode()

    assert "Library extends weekend hours" in html
    assert "Already out" not in html
    assert '<span class="state-badge state-pending">Pending review</span>' in html


# Editors


def test_editor_publishes_a_submitted_story(editor_client, reader, pending):
    saved(edit(editor_client, pending, status="published"))

    pending.refresh_from_db()
    assert reader.get(pending.get_absolute_url()).status_code == 200


def test_editor_sends_a_story_back_with_a_note_the_writer_sees(
    editor_client, editor, writer, pending, django_capture_on_commit_callbacks
):
    note = "Please add the new Sunday hours and a quote from the librarian."
    assert "Send back to the writer" in editor_client.get(change_url(pending)).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        saved(send_back(editor_client, pending, note))

    pending.refresh_from_db()
    assert (pending.status, pending.review_note) == (Article.Status.DRAFT, note)
    assert [message.to for message in mail.outbox] == [["writer@example.org"]]
    assert note in mail.outbox[0].body
    editor_client.force_login(writer)
    text = page_text(editor_client.get(change_url(pending)))
    assert "Sent back by editor on" in text
    assert note in text


def test_sending_back_needs_a_note(editor_client, pending):
    response = send_back(editor_client, pending, "   ")

    assert "Tell the writer what to change before sending it back." in page_text(response)
    pending.refresh_from_db()
    assert pending.status == Article.Status.PENDING


def test_submitting_again_clears_the_editors_note(writer_client, writer, editor_client, pending):
    pending.status, pending.review_note = Article.Status.DRAFT, "Add a quote."
    pending.save()

    saved(submit(writer_client, pending))

    pending.refresh_from_db()
    assert (pending.status, pending.review_note) == (Article.Status.PENDING, "")


def test_staff_emails_are_switched_off_by_notify_staff(
    settings, writer_client, writer, editor, django_capture_on_commit_callbacks
):
    settings.NOTIFY_STAFF = False
    story = draft_by(writer)

    with django_capture_on_commit_callbacks(execute=True):
        saved(submit(writer_client, story))

    assert mail.outbox == []


# What is waiting, in the admin's header and index


def test_editors_see_how_many_stories_wait_on_every_admin_page(editor_client, pending):
    draft_by(None)

    for url in (reverse("admin:index"), reverse("admin:comments_comment_changelist")):
        text = page_text(editor_client.get(url))
        assert "1 story to review" in text
        assert "0 comments to moderate" in text
    assert "1 story waiting for review" in page_text(editor_client.get(reverse("admin:index")))


def test_writers_and_moderators_see_only_their_own_queue(client, make_staff, pending):
    client.force_login(make_staff("moderator", "Moderators"))
    text = page_text(client.get(reverse("admin:index")))
    assert "comments to moderate" in text
    assert "to review" not in text

    client.force_login(pending.created_by)
    text = page_text(client.get(reverse("admin:index")))
    assert "to review" not in text and "to moderate" not in text


# Two people saving the same story


def test_second_save_from_an_older_version_is_refused_with_what_changed(editor_client, make_staff):
    story = ArticleFactory(
        headline="Council passes budget", body="<p>The vote was close on Tuesday.</p>"
    )
    first = editor_client
    second = type(first)()
    second.force_login(make_staff("night-editor", "Editors"))
    first_form, second_form = (
        form_data(first, change_url(story)),
        form_data(second, change_url(story)),
    )

    saved(
        first.post(change_url(story), first_form | {"body": "<p>The vote was 5-2 on Tuesday.</p>"})
    )
    mine = "<p>The vote was close on Tuesday night.</p>"
    refused = second.post(
        change_url(story), second_form | {"headline": "Budget passes", "body": mine}
    )

    assert refused.status_code == 200
    text = page_text(refused)
    assert "Someone else saved this story after you opened it, so it was not saved." in text
    assert "Saved by editor at" in text
    assert "The vote was <del>close</del><ins>5-2</ins> on Tuesday." in refused.content.decode()
    # The second editor's words are still in the form ...
    assert "The vote was close on Tuesday night." in refused.content.decode()
    assert 'value="Budget passes"' in refused.content.decode()
    story.refresh_from_db()
    assert story.body == "<p>The vote was 5-2 on Tuesday.</p>"
    assert story.headline == "Council passes budget"

    # ... and a second save, made knowing what changed, goes through.
    saved(second.post(change_url(story), fields_of(refused) | {"_save": "Save"}))
    story.refresh_from_db()
    assert (story.headline, story.body) == ("Budget passes", mine)


def test_a_publish_from_the_list_also_counts_as_a_save_the_form_has_not_seen(editor_client):
    story = draft_by(None, headline="Quiet draft")
    data = form_data(editor_client, change_url(story))
    editor_client.post(changelist_url(), {"action": "publish", "_selected_action": [story.pk]})

    refused = editor_client.post(change_url(story), data | {"headline": "Loud draft"})

    assert refused.status_code == 200
    assert "Status" in page_text(refused)
    story.refresh_from_db()
    assert (story.status, story.headline) == (Article.Status.PUBLISHED, "Quiet draft")


def test_a_save_that_names_no_version_is_refused(editor_client):
    story = ArticleFactory(headline="Original")
    data = form_data(editor_client, change_url(story))
    del data["loaded_version"]

    refused = editor_client.post(change_url(story), data | {"headline": "Blind overwrite"})

    assert refused.status_code == 200
    story.refresh_from_db()
    assert story.headline == "Original"


def test_each_save_counts_one_version_and_the_history_page_does_not_list_it(editor_client):
    story = ArticleFactory(headline="First")
    start = story.version

    saved(edit(editor_client, story, headline="Second"))

    story.refresh_from_db()
    assert story.version == start + 1
    record = story.history.first()
    url = reverse("admin:articles_article_revision", args=[story.pk, record.history_id])
    text = page_text(editor_client.get(url))
    assert "Headline" in text
    assert "Version" not in text


# What readers will see, on the form


def test_form_shows_the_lead_image_thumbnail_once_uploaded(editor_client):
    story = ArticleFactory()
    assert "No lead image yet." in page_text(editor_client.get(change_url(story)))

    saved(edit(editor_client, story, lead_image=jpeg_file(), lead_image_alt="A blue square sky"))

    story.refresh_from_db()
    html = editor_client.get(change_url(story)).content.decode()
    smallest = story.lead_picture.jpegs()[-1]
    assert f'<img class="lead-image-preview" src="{smallest["url"]}" alt="A blue square sky"' in (
        html
    )


def test_form_shows_the_public_address_once_published(editor_client):
    published = ArticleFactory()
    scheduled = ArticleFactory(published_at=timezone.now() + timedelta(days=1))
    draft = draft_by(None)

    html = editor_client.get(change_url(published)).content.decode()
    url = published.get_absolute_url()
    assert f'<a href="{url}">http://127.0.0.1:8000{url}</a>' in html
    assert "Goes live" in page_text(editor_client.get(change_url(scheduled)))
    text = page_text(editor_client.get(change_url(draft)))
    assert "Not published: readers get “page not found” until it is." in text


def test_form_shows_the_updated_line_and_corrections_as_readers_see_them(editor_client, reader):
    story = ArticleFactory(published_at=timezone.now() - timedelta(days=3))
    Correction.objects.create(article=story, text="An earlier version misspelled a name.")
    story.refresh_from_db()

    form = page_text(editor_client.get(change_url(story)))
    public = page_text(reader.get(story.get_absolute_url()))

    for seen in (
        f"Updated {timezone.localtime(story.modified_at):%b}",
        "An earlier version misspelled a name.",
    ):
        assert seen in form and seen in public


# The body editor under the site's Content-Security-Policy


def test_admin_policy_allows_the_editors_import_map_by_its_hash_and_nothing_else_inline(
    editor_client,
):
    import base64
    import hashlib

    response = editor_client.get(change_url(ArticleFactory()))

    importmap = re.search(
        r'<script type="importmap">(.*?)</script>', response.content.decode(), re.S
    ).group(1)
    digest = base64.b64encode(hashlib.sha256(importmap.encode()).digest()).decode()
    policy = response["Content-Security-Policy"]
    script_src = re.search(r"script-src ([^;]*)", policy).group(1).split()
    assert script_src == ["'self'", f"'sha256-{digest}'"]
    assert "'unsafe-inline'" not in script_src


def test_public_pages_keep_the_plain_policy(reader):
    story = ArticleFactory()
    policy = reader.get(story.get_absolute_url())["Content-Security-Policy"]
    assert "script-src 'self';" in policy
    assert "style-src 'self';" in policy
    assert "sha256" not in policy


def test_revision_page_shows_what_a_revert_would_change_in_the_story_as_it_is(editor_client):
    story = ArticleFactory(headline="Council passes budget")
    first = story.history.earliest()
    saved(edit(editor_client, story, headline="Council rejects budget"))

    def page(record):
        url = reverse("admin:articles_article_revision", args=[story.pk, record.history_id])
        return editor_client.get(url).content.decode()

    older = page(first)
    assert "What reverting to this revision changes in the story as it is now" in older
    assert "Council <del>rejects</del><ins>passes</ins> budget" in older
    assert "Revert to this revision" in older
    latest = page(story.history.latest())
    assert "This is the story as it is now." in latest
    assert "Revert to this revision" not in latest


@pytest.mark.django_db(transaction=True)
def test_of_two_saves_at_the_same_moment_the_second_waits_and_is_refused(make_staff, monkeypatch):
    """On PostgreSQL the form locks the story's row while it checks the version, so a save
    that arrives while another is being written waits for it, then sees the new version."""
    import threading

    from django.db import connection, connections

    from articles.admin.story_form import ArticleForm

    if connection.vendor != "postgresql":
        pytest.skip("row locks (SELECT … FOR UPDATE) are PostgreSQL's; SQLite writes one at a time")
    story = ArticleFactory(headline="Original")
    first, second = Client(), Client()
    first.force_login(make_staff("day-editor", "Editors"))
    second.force_login(make_staff("night-editor", "Editors"))
    forms = {
        "first": form_data(first, change_url(story)),
        "second": form_data(second, change_url(story)),
    }
    first_saving, second_checking, second_checked = (threading.Event() for _ in range(3))

    check_version, save = ArticleForm.check_version, Article.save

    def traced_check(form, loaded):
        if threading.current_thread().name == "second":
            second_checking.set()
        try:
            return check_version(form, loaded)
        finally:
            if threading.current_thread().name == "second":
                second_checked.set()

    def held_save(article, *args, **kwargs):
        if threading.current_thread().name == "first":
            first_saving.set()
            second_checking.wait(10)
            # Without the lock the second check would be done by now; with it, it waits.
            second_checked.wait(1)
        return save(article, *args, **kwargs)

    monkeypatch.setattr(ArticleForm, "check_version", traced_check)
    monkeypatch.setattr(Article, "save", held_save)
    statuses = {}

    def post(name, client, headline):
        try:
            response = client.post(change_url(story), forms[name] | {"headline": headline})
            statuses[name] = response.status_code
        finally:
            connections.close_all()

    one = threading.Thread(target=post, args=("first", first, "Day edit"), name="first")
    two = threading.Thread(target=post, args=("second", second, "Night edit"), name="second")
    one.start()
    assert first_saving.wait(10)
    two.start()
    one.join(30)
    two.join(30)

    assert statuses == {"first": 302, "second": 200}
    story.refresh_from_db()
    assert story.headline == "Day edit"


def test_the_history_pages_own_revert_form_still_saves(editor_client):
    story = ArticleFactory(headline="First headline")
    first = story.history.earliest()
    saved(edit(editor_client, story, headline="Second headline"))
    url = reverse("admin:articles_article_simple_history", args=[story.pk, first.history_id])

    saved(editor_client.post(url, form_data(editor_client, url) | {"_save": "Revert"}))

    story.refresh_from_db()
    assert story.headline == "First headline"
