from django.core.paginator import Page, Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST
from taggit.models import Tag

from .models import Article, ArticleRedirect, Author, Section, Source
from .search import clean_query, search_articles, with_highlights
from .trending import count_read

STORIES_PER_PAGE = 10


def paginate(request: HttpRequest, stories) -> Page:
    return Paginator(stories, STORIES_PER_PAGE).get_page(request.GET.get("page"))


def home(request: HttpRequest) -> HttpResponse:
    wordpress_id = request.GET.get("p", "")
    if wordpress_id.isdigit():
        # A WordPress "?p=123" link to a post brought in by import_wxr.
        article = get_object_or_404(Article.objects.published(), wordpress_id=int(wordpress_id))
        return redirect(article, permanent=True)
    page = paginate(request, Article.objects.published().for_listing())
    stories = list(page.object_list)
    lead = stories.pop(0) if page.number == 1 and stories else None
    return render(request, "articles/home.html", {"page": page, "lead": lead, "stories": stories})


def section_detail(request: HttpRequest, slug: str) -> HttpResponse:
    section = get_object_or_404(Section, slug=slug)
    page = paginate(request, Article.objects.published().filter(section=section).for_listing())
    return render(request, "articles/section_detail.html", {"section": section, "page": page})


def tag_detail(request: HttpRequest, slug: str) -> HttpResponse:
    tag = get_object_or_404(Tag, slug=slug)
    page = paginate(request, Article.objects.published().filter(tags=tag).for_listing())
    return render(request, "articles/tag_detail.html", {"tag": tag, "page": page})


def author_detail(request: HttpRequest, slug: str) -> HttpResponse:
    author = get_object_or_404(Author, slug=slug)
    page = paginate(
        request, Article.objects.published().filter(bylines__author=author).for_listing()
    )
    return render(request, "articles/author_detail.html", {"author": author, "page": page})


def story_detail(request: HttpRequest, year: int, month: int, day: int, slug: str) -> HttpResponse:
    article = Article.objects.published().for_story_page().filter(slug=slug).first()
    if article is not None and request.path == article.get_absolute_url():
        return render(request, "articles/article_detail.html", {"article": article})
    # An address a story had before its slug or date changed (or on the old WordPress
    # site) wins over a story that merely shares the slug today.
    moved = old_address(request.path)
    if moved is not None:
        return redirect(moved, permanent=True)
    if article is None:
        raise Http404("No story here.")
    # Found by its slug under a wrong date: a mistyped or shortened link.
    return redirect(article, permanent=True)


def old_address(path: str) -> Article | None:
    """The published story that used to live at this address, if any."""
    moved = (
        ArticleRedirect.objects.filter(old_path=path, article__in=Article.objects.published())
        .select_related("article")
        .first()
    )
    return moved.article if moved else None


@never_cache
def story_preview(request: HttpRequest, pk: int) -> HttpResponse:
    """Any staff member sees any story as readers will; to everyone else it does not exist."""
    if not request.user.is_staff:
        raise Http404
    article = get_object_or_404(Article.objects.for_story_page(), pk=pk)
    return render(request, "articles/article_detail.html", {"article": article, "preview": True})


def source_detail(request: HttpRequest, slug: str) -> HttpResponse:
    source = get_object_or_404(Source, slug=slug)
    page = paginate(request, Article.objects.published().filter(source=source).for_listing())
    return render(request, "articles/source_detail.html", {"source": source, "page": page})


# A 1×1 transparent GIF, for readers without JavaScript (the <noscript> image).
PIXEL = bytes.fromhex(
    "47494638396101000100800000000000ffffff21f90401000000002c00000000010001000002024401003b"
)


@csrf_exempt
@require_POST
def read_beacon(request: HttpRequest, pk: int) -> HttpResponse:
    """Count one read of a published story, sent by the story page's beacon.

    It changes nothing a reader owns, so it needs no CSRF token, which keeps the story
    page cacheable.
    """
    count_read(article_id=pk, request=request)
    return HttpResponse(status=204, headers={"Cache-Control": "no-store"})


@require_GET
def read_pixel(request: HttpRequest, pk: int) -> HttpResponse:
    """The same count, for readers without JavaScript."""
    count_read(article_id=pk, request=request)
    return HttpResponse(PIXEL, content_type="image/gif", headers={"Cache-Control": "no-store"})


def search(request: HttpRequest) -> HttpResponse:
    """Published stories matching the reader's words, ten to a page, matches marked."""
    query = clean_query(request.GET.get("q", ""))
    page = paginate(request, search_articles(query))
    stories = with_highlights(page.object_list, query)
    return render(
        request, "articles/search.html", {"search_query": query, "page": page, "stories": stories}
    )
