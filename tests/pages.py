"""What every public page of a populated site is, for tests that visit them all."""

from django.urls import reverse

from articles.models import Article


def public_urls(article: Article) -> list[str]:
    """Home, a second page, the section, tag, author and story pages of one story, and the
    community and newsletter pages every reader can reach."""
    author = article.byline_authors[0]
    tag = article.tags.first()
    return [
        reverse("articles:home"),
        reverse("articles:home") + "?page=2",
        article.section.get_absolute_url(),
        reverse("articles:tag", kwargs={"slug": tag.slug}),
        author.get_absolute_url(),
        article.get_absolute_url(),
        article.get_absolute_url() + "?replyto=1",
        "/no-such-page/",
        reverse("community:submit"),
        reverse("community:events"),
        reverse("community:calendar"),
        reverse("community:events-feed"),
        reverse("newsletter:signup"),
    ]
