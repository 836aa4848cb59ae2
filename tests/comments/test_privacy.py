"""A commenter's email address is in no public page."""

import pytest
from django.urls import reverse

from comments.models import Comment
from comments.services import comment_approve
from tests.factories import ArticleFactory, AuthorFactory, SectionFactory
from tests.pages import public_urls

pytestmark = pytest.mark.django_db

SECRET_EMAILS = ["Private.Reader@Example.COM", "second.reader@example.net"]


def test_commenters_emails_are_absent_from_every_public_page(client, comment_data):
    SectionFactory(name="Community", slug="community")
    story = ArticleFactory(authors=[AuthorFactory()], tags=["parks"])
    for number, email in enumerate(SECRET_EMAILS):
        parent = Comment.objects.first()
        client.post(
            reverse("comments:post", kwargs={"article_id": story.pk}),
            comment_data(
                story,
                email=email,
                website="https://reader.example/",
                parent=parent.pk if parent else "",
                text=f"Comment number {number}",
            ),
        )
        comment_approve(comment=Comment.objects.get(text=f"Comment number {number}"))

    visited = 0
    for url in public_urls(story):
        html = client.get(url).content.decode().lower()
        visited += 1
        for email in SECRET_EMAILS:
            assert email.lower() not in html, url
            assert email.lower().replace("@", "&#64;") not in html, url
    assert visited == len(public_urls(story))
    story_html = client.get(story.get_absolute_url()).content.decode()
    assert "Comment number 0" in story_html and "Comment number 1" in story_html


def test_commenters_email_is_absent_from_the_error_page_of_someone_else(client, comment_data):
    story = ArticleFactory()
    client.post(
        reverse("comments:post", kwargs={"article_id": story.pk}),
        comment_data(story, email=SECRET_EMAILS[0], text="First"),
    )
    comment_approve(comment=Comment.objects.get())
    client.cookies.clear()

    response = client.post(
        reverse("comments:post", kwargs={"article_id": story.pk}),
        comment_data(story, email="me@example.org", text=""),
    )

    assert response.status_code == 400
    assert SECRET_EMAILS[0].lower() not in response.content.decode().lower()


def test_public_templates_get_comments_without_email_or_ip(client):
    story = ArticleFactory()
    Comment.objects.create(
        article=story,
        name="Ann",
        email="ann@example.com",
        text="Hello",
        status=Comment.Status.APPROVED,
        ip_address="203.0.113.9",
    )
    response = client.get(story.get_absolute_url())

    for context in response.context:
        for value in context.flatten().values():
            assert not isinstance(value, Comment), "a template received a Comment instance"
    assert "203.0.113.9" not in response.content.decode()


def fingerprints(secret: str) -> set[str]:
    """The secret as it might leak: any case, and the hashes avatars services use."""
    import hashlib

    forms = {secret, secret.lower(), secret.upper(), secret.strip().lower()}
    for value in list(forms):
        forms.add(hashlib.md5(value.encode()).hexdigest())
        forms.add(hashlib.sha256(value.encode()).hexdigest())
    return {form.lower() for form in forms}


def test_no_email_ip_or_their_hashes_on_any_public_page(client, comment_data):
    SectionFactory(name="Community", slug="community")
    story = ArticleFactory(authors=[AuthorFactory()], tags=["parks"])
    ips = ["203.0.113.77", "2001:db8::77"]
    for number, (email, ip) in enumerate(zip(SECRET_EMAILS, ips, strict=True)):
        client.post(
            reverse("comments:post", kwargs={"article_id": story.pk}),
            comment_data(story, email=email, text=f"Hello number {number}", save_details="on"),
            REMOTE_ADDR=ip,
        )
        comment_approve(comment=Comment.objects.get(text=f"Hello number {number}"))
    comment = Comment.objects.first()
    assert comment.ip_address == ips[0]  # stored for moderators

    stranger = type(client)()
    urls = [
        *public_urls(story),
        reverse("comments:report", kwargs={"comment_id": comment.pk}),
        reverse("comments:confirm-email", kwargs={"token": "nope"}),
    ]
    everything = set().union(*(fingerprints(s) for s in [*SECRET_EMAILS, *ips]))
    # The commenter's browser saved the second address (their own), so it may see that one.
    not_theirs = everything - fingerprints(SECRET_EMAILS[1])
    for reader, secrets in [(stranger, everything), (client, not_theirs)]:
        for url in urls:
            html = reader.get(url).content.decode().lower()
            for secret in secrets:
                assert secret not in html, (url, secret)
    # The commenter's own saved email is shown back only to them, in their form.
    assert SECRET_EMAILS[1].lower() in client.get(story.get_absolute_url()).content.decode()
