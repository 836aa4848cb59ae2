from django.core.paginator import Page, Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from taggit.models import Tag

from network.access import can_work_on
from network.routing import site_of

from .http import allow_methods
from .models import Article, ArticleRedirect, Author, Section, Source
from .page_keys import HOME, SEARCH, key, keys, record, record_listed, record_names
from .search import clean_query, search_articles, with_highlights
from .trending import count_read

STORIES_PER_PAGE = 10


def public_stories(request: HttpRequest):
    """The stories readers of this request's site may see: its own and those shared to it."""
    return Article.objects.published().on_site(site_of(request))


def newest_stories(request: HttpRequest, **lookups):
    """The site's published stories (those matching ``lookups``) as a list, newest first:
    ``on_site()`` added after the list's own lookups, so that PostgreSQL reads a page of
    it from the town's own newest (``ArticleQuerySet.newest_on_site()``)."""
    listed = Article.objects.published().filter(**lookups)
    return listed.newest_on_site(site_of(request)).for_listing()


def paginate(request: HttpRequest, stories) -> Page:
    return Paginator(stories, STORIES_PER_PAGE).get_page(request.GET.get("page"))


@allow_methods("GET")
def home(request: HttpRequest) -> HttpResponse:
    page = paginate(request, newest_stories(request))
    stories = list(page.object_list)
    record_names(request, HOME)
    record_listed(request, stories)
    lead = stories.pop(0) if page.number == 1 and stories else None
    return render(request, "articles/home.html", {"page": page, "lead": lead, "stories": stories})


@allow_methods("GET")
def section_detail(request: HttpRequest, slug: str) -> HttpResponse:
    section = Section.objects.for_section_page(site_of(request), slug)
    if section is None:
        raise Http404("No such section here.")
    # No newest-first bound: filed_under() already has PostgreSQL read this section's
    # stories and the shared ones from indexes, and the bound's own query, asked through
    # that OR, sorted the section's stories (0.5 ms more among 200 towns).
    page = paginate(request, public_stories(request).filed_under(section).for_listing())
    # Every same-slug section's key: a story shared here from another town's section
    # retires this page when it is published or changes.
    record(request, *keys("section", section.same_slug_ids))
    record_listed(request, page.object_list)
    if section.is_stand_in and not page.paginator.count:
        # Another town's section, with nothing shared here (the count is the paginator's).
        raise Http404("No such section here.")
    return render(request, "articles/section_detail.html", {"section": section, "page": page})


@allow_methods("GET")
def tag_detail(request: HttpRequest, slug: str) -> HttpResponse:
    tag = get_object_or_404(Tag, slug=slug)
    page = paginate(request, newest_stories(request, tags=tag))
    record(request, key("tag", tag.pk))
    record_listed(request, page.object_list)
    if not page.paginator.count:
        # A tag only drafts or scheduled stories carry is not public yet: naming it would
        # tell what the newsroom is working on. (The count is the paginator's own query.)
        raise Http404("No such tag.")
    return render(request, "articles/tag_detail.html", {"tag": tag, "page": page})


@allow_methods("GET")
def author_detail(request: HttpRequest, slug: str) -> HttpResponse:
    author = get_object_or_404(Author, slug=slug)
    page = paginate(request, newest_stories(request, bylines__author=author))
    record(request, key("author", author.pk))
    record_listed(request, page.object_list)
    return render(request, "articles/author_detail.html", {"author": author, "page": page})


@allow_methods("GET")
def story_detail(request: HttpRequest, year: int, month: int, day: int, slug: str) -> HttpResponse:
    article = public_stories(request).for_story_page().filter(slug=slug).first()
    if article is not None and request.path == article.path:
        record(request, key("story", article.pk), key("comments", article.pk))
        shared_copy = article.is_shared_copy_on(site_of(request))
        context = {"article": article, "shared_copy": shared_copy}
        return render(request, "articles/article_detail.html", context)
    # An address a story had before its slug or date changed (or on the old WordPress
    # site) wins over a story that merely shares the slug today.
    moved = ArticleRedirect.objects.story_moved_from(request.path, site=site_of(request))
    if moved is not None:
        return redirect(moved, permanent=True)
    if article is None:
        raise Http404("No story here.")
    # Found by its slug under a wrong date: a mistyped or shortened link.
    return redirect(article, permanent=True)


@allow_methods("GET")
@never_cache
def story_preview(request: HttpRequest, pk: int) -> HttpResponse:
    """A staff member sees any story of the sites they work on as readers will; to
    everyone else it does not exist."""
    if not request.user.is_staff:
        raise Http404
    article = get_object_or_404(Article.objects.for_story_page(), pk=pk)
    if not can_work_on(request.user, article.site_id):
        raise Http404
    return render(request, "articles/article_detail.html", {"article": article, "preview": True})


@allow_methods("GET")
def source_detail(request: HttpRequest, slug: str) -> HttpResponse:
    source = get_object_or_404(Source, slug=slug)
    page = paginate(request, newest_stories(request, source=source))
    record(request, key("source", source.pk))
    record_listed(request, page.object_list)
    return render(request, "articles/source_detail.html", {"source": source, "page": page})


# A 1×1 transparent GIF, for readers without JavaScript (the <noscript> image).
PIXEL = bytes.fromhex(
    "47494638396101000100800000000000ffffff21f90401000000002c00000000010001000002024401003b"
)


@csrf_exempt
@allow_methods("POST")
def read_beacon(request: HttpRequest, pk: int) -> HttpResponse:
    """Count one read of a published story, sent by the story page's beacon.

    It changes nothing a reader owns, so it needs no CSRF token, which keeps the story
    page cacheable.
    """
    count_read(article_id=pk, request=request)
    return HttpResponse(status=204, headers={"Cache-Control": "no-store"})


@allow_methods("GET")
def read_pixel(request: HttpRequest, pk: int) -> HttpResponse:
    """The same count, for readers without JavaScript."""
    count_read(article_id=pk, request=request)
    return HttpResponse(PIXEL, content_type="image/gif", headers={"Cache-Control": "no-store"})


@allow_methods("GET")
def search(request: HttpRequest) -> HttpResponse:
    """Published stories matching the reader's words, ten to a page, matches marked."""
    query = clean_query(request.GET.get("q", ""))
    page = paginate(request, search_articles(query, site=site_of(request)))
    stories = with_highlights(page.object_list, query)
    record_names(request, SEARCH)
    record_listed(request, stories)
    return render(
        request, "articles/search.html", {"search_query": query, "page": page, "stories": stories}
    )
