"""Load the demo newsroom: sections, bylines, partners, stories and pages, each made once.

Running it again creates what is missing and leaves everything else as it is, including
anything an editor has changed since.
"""

import io
from datetime import timedelta

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from PIL import Image, ImageDraw

from network.models import Site

from . import demo_content, demo_pages
from .models import Article, Author, Byline, Page, Section, Source


@transaction.atomic
def load() -> dict[str, int]:
    """Create the demo content that is missing; return how many of each were created."""
    created = {"sections": 0, "authors": 0, "sources": 0, "stories": 0, "pages": 0}
    towns = list(Site.objects.order_by("-is_default", "pk"))
    # Every town its own sections (the same list: a shared story shows in the other
    # town's section of the same slug); the stories are the first town's.
    for town in towns:
        for data in demo_content.SECTIONS:
            section, made = Section.objects.get_or_create(
                site=town,
                slug=data["slug"],
                defaults={k: data[k] for k in ("name", "description", "order")},
            )
            created["sections"] += made
    sections = {section.slug: section for section in Section.objects.on_site(towns[0])}
    authors = {}
    for data in demo_content.AUTHORS:
        authors[data["slug"]], made = Author.objects.get_or_create(
            slug=data["slug"],
            defaults={
                "name": data["name"],
                "title": data["title"],
                "bio": data["bio"],
                "email": data["email"],
                "kind": Author.Kind.TEAM if data["is_team"] else Author.Kind.PERSON,
            },
        )
        created["authors"] += made
    sources = {}
    for data in demo_content.SOURCES:
        sources[data["slug"]], made = Source.objects.get_or_create(
            slug=data["slug"],
            defaults={
                **{k: data[k] for k in ("name", "region", "homepage")},
                "indexing": data.get("indexing", Source.Indexing.NOINDEX),
            },
        )
        created["sources"] += made
    now = timezone.now()
    for data in demo_content.STORIES:
        if Article.objects.filter(slug=data["slug"]).exists():
            continue
        article = Article(
            slug=data["slug"],
            headline=data["headline"],
            dek=data["dek"],
            body=data["body"],
            section=sections[data["section"]],
            status=Article.Status.PUBLISHED,
            published_at=now - timedelta(days=data["days_ago"]),
            comments_open=data["comments_open"],
            source=sources.get(data["source"] or ""),
            original_url=data["original_url"],
            lead_image_alt=data["image_alt"],
            lead_image_caption=data["image_caption"],
            lead_image_credit=data["image_credit"],
        )
        # Assigned, not stored yet: saving the story cleans it and makes the renditions.
        article.lead_image = placeholder_image(data["image_colour"], name=f"{data['slug']}.jpg")
        article.save()
        article.tags.set(data["tags"])
        for order, slug in enumerate(data["authors"]):
            Byline.objects.create(article=article, author=authors[slug], order=order)
        created["stories"] += 1
    share_network_stories()
    for town in towns:
        for data in demo_pages.pages_for(town.name, town.slug):
            if Page.objects.filter(site=town, slug=data["slug"], parent=None).exists():
                continue
            Page.objects.create(
                **data, site=town, status=Page.Status.PUBLISHED, show_in_footer=True
            )
            created["pages"] += 1
    return created


def share_network_stories() -> None:
    """The network desk's stories (the demo's ``"network": True``) belong to the first town
    and are shared to every other town of the demo network."""
    others = Site.objects.filter(is_default=False)
    for article in Article.objects.filter(slug__in=demo_content.NETWORK_STORIES):
        article.shared_to.add(*others)


def placeholder_image(
    colour: str, *, name: str, size: tuple[int, int] = (1600, 900)
) -> ContentFile:
    """A real JPEG for a demo story: a soft two-tone landscape in the story's colour."""
    image = Image.new("RGB", size, colour)
    draw = ImageDraw.Draw(image)
    width, height = size
    base = Image.new("RGB", (1, 1), colour).getpixel((0, 0))
    for band in range(6):
        shade = tuple(max(0, min(255, int(channel * (0.55 + band * 0.08)))) for channel in base)
        top = int(height * (0.45 + band * 0.09))
        draw.polygon(
            [
                (0, top),
                (width * 0.35, top - 60 + band * 8),
                (width * 0.7, top + 20),
                (width, top - 30),
                (width, height),
                (0, height),
            ],
            fill=shade,
        )
    draw.ellipse((width * 0.72, height * 0.12, width * 0.84, height * 0.33), fill=(250, 236, 200))
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=82, optimize=True, progressive=True)
    return ContentFile(buffer.getvalue(), name=name)
