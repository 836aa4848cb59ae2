"""The importers bring stories into the town named by ``--site``."""

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from articles.models import Article
from network.models import Site

pytestmark = pytest.mark.django_db

COMPLETE_EXPORT = Path(__file__).resolve().parent.parent / "fixtures" / "wxr" / "complete.xml"


def test_import_wxr_files_the_posts_under_the_named_town(town_b):
    call_command("import_wxr", str(COMPLETE_EXPORT), "--site", "town-b", stdout=io.StringIO())
    assert Article.objects.exists()
    assert set(Article.objects.values_list("site", flat=True)) == {town_b.pk}


def test_import_wxr_without_a_site_files_the_posts_under_the_default_site(town_b):
    call_command("import_wxr", str(COMPLETE_EXPORT), stdout=io.StringIO())
    assert set(Article.objects.values_list("site", flat=True)) == {Site.objects.default().pk}


@pytest.mark.parametrize("command", ["import_wxr", "ingest_feeds"])
def test_an_unknown_site_is_a_clear_error_and_nothing_is_read(town_b, command):
    args = [str(COMPLETE_EXPORT)] if command == "import_wxr" else []
    with pytest.raises(CommandError, match=r"--site nowhere: No site has the slug 'nowhere'"):
        call_command(command, *args, "--site", "nowhere", stdout=io.StringIO())
    assert not Article.objects.exists()


def test_a_partner_item_becomes_a_draft_of_the_named_town(town_b):
    from imports.partner_feeds import draft_from_entry
    from tests.factories import SectionFactory, SourceFactory

    entry = {
        "title": "Reservoir levels rise after storms",
        "link": "https://outlet.example/reservoir",
        "summary": "<p>Good news for the summer.</p>",
    }
    source = SourceFactory()
    draft = draft_from_entry(
        entry, source=source, guid="r-1", section=SectionFactory(site=town_b), site=town_b
    )
    assert draft.site == town_b and draft.status == Article.Status.DRAFT
    other = draft_from_entry(
        {**entry, "link": "https://outlet.example/r2"},
        source=source,
        guid="r-2",
        section=SectionFactory(),
    )
    assert other.site == Site.objects.default()


def test_a_partners_drafts_are_filed_in_the_towns_own_section_of_the_same_slug(town_a, town_b):
    from imports.partner_feeds import filing_section
    from tests.factories import SectionFactory, SourceFactory

    news_of_a = SectionFactory(site=town_a, name="News", slug="news")
    news_of_b = SectionFactory(site=town_b, name="News", slug="news")
    source = SourceFactory(section=news_of_a)
    assert filing_section(source, town_a) == news_of_a
    assert filing_section(source, town_b) == news_of_b
