import factory
from django.utils import timezone

from articles.models import Article, Author, Byline, Page, Section, Source
from comments.models import Comment
from community.models import Event, Submission
from network.routing import default_site
from newsletter.models import Subscriber


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Section
        django_get_or_create = ["site", "slug"]

    site = factory.LazyFunction(default_site)

    name = factory.Sequence(lambda n: f"Section {n}")
    slug = factory.Sequence(lambda n: f"section-{n}")


class AuthorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Author

    name = factory.Faker("name")
    slug = factory.Sequence(lambda n: f"author-{n}")
    bio = "Covers the neighbourhood."


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Source

    name = factory.Sequence(lambda n: f"Outlet {n}")
    slug = factory.Sequence(lambda n: f"outlet-{n}")
    region = "Colorado Springs metro"
    homepage = "https://outlet.example/"


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article
        skip_postgeneration_save = True

    headline = factory.Sequence(lambda n: f"Story number {n}")
    slug = factory.Sequence(lambda n: f"story-{n}")
    dek = "What happened, in one sentence."
    body = "<p>First paragraph.</p><h2>A subheading</h2><p>Second paragraph.</p>"
    site = factory.LazyFunction(default_site)
    # A story's section is one of its home town's.
    section = factory.SubFactory(SectionFactory, site=factory.SelfAttribute("..site"))
    status = Article.Status.PUBLISHED
    published_at = factory.LazyFunction(lambda: timezone.now() - timezone.timedelta(hours=1))

    @factory.post_generation
    def authors(self, create, extracted, **kwargs):
        if create and extracted:
            for order, author in enumerate(extracted):
                Byline.objects.create(article=self, author=author, order=order)

    @factory.post_generation
    def tags(self, create, extracted, **kwargs):
        if create and extracted:
            self.tags.set(extracted)


class PageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Page

    title = factory.Sequence(lambda n: f"Page {n}")
    slug = factory.Sequence(lambda n: f"page-{n}")
    body = "<p>What this page is about.</p>"
    status = Page.Status.PUBLISHED


class CommentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Comment

    article = factory.SubFactory(ArticleFactory)
    name = factory.Faker("name")
    email = factory.Sequence(lambda n: f"reader{n}@example.com")
    text = "I was at the meeting too, and this is a fair account."
    status = Comment.Status.APPROVED


def jpeg_file(name: str = "photo.jpg", size: tuple[int, int] = (800, 450)):
    """A real, small JPEG upload."""
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, "#336699").save(buffer, format="JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


class SubmissionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Submission

    headline = factory.Sequence(lambda n: f"Neighbourhood news {n}")
    text = "The garden club meets on Thursday.\n\nEveryone is welcome."
    name = "Ana Ruiz"
    email = factory.Sequence(lambda n: f"neighbour{n}@example.org")
    own_work = True
    ip_address = "198.51.100.7"


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    article = factory.SubFactory(ArticleFactory)
    starts_on = factory.LazyFunction(lambda: timezone.localdate() + timezone.timedelta(days=3))
    place = "Riverside Park"


class SubscriberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Subscriber

    email = factory.Sequence(lambda n: f"subscriber{n}@example.net")
    status = Subscriber.Status.ACTIVE
    wants_digest = True
    wants_alerts = False
    confirmed_at = factory.LazyFunction(timezone.now)
