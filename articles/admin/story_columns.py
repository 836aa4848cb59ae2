"""What the story admin shows of a story: on the form, what readers will see (the lead
image, the public address, the dates and corrections, the reads), and the list's columns."""

from django.contrib import admin
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import format_html

from network.admin_scoping import is_network

from ..images import is_fresh
from ..models import Article, ReadCount


class StoryColumns:
    @admin.display(description="As readers see it")
    def lead_image_preview(self, article: Article) -> str:
        picture = article.lead_picture
        if not picture or is_fresh(article.lead_image):
            return "No lead image yet. After you upload one and save, it is shown here."
        smallest = picture.jpegs()[-1]
        return format_html(
            '<img class="lead-image-preview" src="{}" alt="{}" width="{}" height="{}">',
            smallest["url"],
            article.lead_image_alt_text,
            smallest["width"] or "",
            smallest["height"] or "",
        )

    @admin.display(description="Public address")
    def public_address(self, article: Article) -> str:
        if article.pk is None:
            return "Shown once the story is saved."
        path = article.get_absolute_url()
        # On the story's own town, whichever town's address the admin was opened at.
        address = article.site.absolute(path)
        if article.is_public:
            return format_html('<a href="{}">{}</a>', address if is_network() else path, address)
        preview = format_html('<a href="{}">Preview it</a>', article.get_preview_url())
        if article.is_scheduled:
            return format_html(
                "Goes live {} at {}. {}",
                timezone.localtime(article.published_at).strftime("%b %-d, %Y, %-I:%M %p"),
                address,
                preview,
            )
        return format_html("Not published: readers get “page not found” until it is. {}", preview)

    @admin.display(description="Reads")
    def reads(self, article: Article) -> str:
        """Every town's readers count: a shared story's reads on other towns are its own."""
        towns = ReadCount.objects.totals_by_site(article.pk) if article.pk else []
        if not towns:
            return "No reads counted yet."
        total = sum(reads for _, reads in towns)
        return format_html(
            "{} in all: {}",
            f"{total:,}",
            ", ".join(f"{name} {reads:,}" for name, reads in towns),
        )

    @admin.display(description="Dates and corrections")
    def as_readers_see_it(self, article: Article) -> str:
        if article.pk is None or article.published_at is None:
            return "Shown once the story has a publish time."
        return render_to_string("admin/articles/article/reader_view.html", {"article": article})

    @admin.display(description="Status", ordering="status")
    def state_badge(self, article: Article) -> str:
        return format_html(
            '<span class="state-badge state-{}">{}</span>', article.state, article.state.label
        )

    @admin.display(description="Bylines")
    def byline_names(self, article: Article) -> str:
        return ", ".join(author.name for author in article.byline_authors)

    @admin.display(description="Words")
    def words(self, article: Article) -> int:
        return article.word_count

    @admin.display(description="Page")
    def view_link(self, article: Article) -> str:
        if article.is_public:
            return format_html('<a href="{}">View on site</a>', article.get_absolute_url())
        return format_html('<a href="{}">Preview</a>', article.get_preview_url())
