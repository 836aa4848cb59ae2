"""The newsroom's working day in the real admin: a writer, an editor and a moderator, each in
their own Chromium, with the site's production Content-Security-Policy on every page.

Every admin page they visit is checked for console errors, CSP violations and serious or
critical axe-core findings (tests/e2e/desk.py).
"""

import io
import json
import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from PIL import Image

from articles.models import Article, Section
from comments.choices import Rule
from comments.models import Comment

from .desk import Desk, staff_member, wait_until

pytestmark = pytest.mark.django_db(transaction=True)

NEWSROOM_TZ = "America/Denver"

# What a word processor puts on the clipboard (in the manner of Word, LibreOffice and Google
# Docs): the structure a story needs, wrapped in styling, fonts, classes and images it
# does not.
WORD_PROCESSOR_HTML = """<html xmlns:o="urn:schemas-microsoft-com:office:office"><head>
<meta charset="utf-8"><style>p.MsoNormal { margin: 0 }</style></head><body><!--StartFragment-->
<h2 class="western" style="font-family: Georgia">Road work on Elm</h2>
<p class="MsoNormal" style="margin:0;font-size:12pt">
<span style="font-family:Calibri;color:#1f3864">Crews start <b>Monday</b> and finish
<i>before</i> the <u>first</u> frost.<o:p></o:p></span></p>
<p><span style="font-weight:700">Bold by style</span> and <span style="font-style:italic">italic
by style</span>.</p>
<p>See <a href="https://city.example/roads" style="color:blue">the city's page</a>.</p>
<ul><li><p class="MsoListParagraph">Detour via Oak</p></li>
<li><p>Buses keep their stops</p></li></ul>
<ol><li>Monday: Elm to 3rd</li><li>Tuesday: 3rd to 5th</li></ol>
<blockquote><p>We will be quick, said the foreman.</p></blockquote>
<table class="MsoTableGrid"><tr><td style="border:1px solid">Table cell</td></tr></table>
<p><img src="https://tracker.example/pixel.gif" width="1" height="1"><font face="Comic Sans MS"
color="red">Font tag</font> and <sup>superscript</sup>.</p><!--EndFragment--></body></html>"""


def link_in(html: str, url: str, text: str) -> bool:
    """The link is there (the cleaner adds rel="noopener" to every link)."""
    return re.search(rf'<a href="{re.escape(url)}"[^>]*>{re.escape(text)}</a>', html) is not None


def local(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M:%S")


def jpeg(path) -> str:
    buffer = io.BytesIO()
    Image.new("RGB", (1200, 675), "#2f6f8f").save(buffer, format="JPEG")
    path.write_bytes(buffer.getvalue())
    return str(path)


def tab_to(page, predicate: str, limit: int = 80) -> None:
    """Press Tab until the focused element satisfies ``predicate`` (JS, given ``el``)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"(el => {predicate})(document.activeElement)"):
            return
    pytest.fail(f"Tab never reached an element where {predicate}")


def press_and_wait(page, key: str) -> None:
    with page.expect_navigation():
        page.keyboard.press(key)


def select_in_autocomplete(page, field: str, text: str) -> None:
    page.locator(f".field-{field} .select2-selection").click()
    page.locator(".select2-search__field").fill(text)
    page.locator(".select2-results__option", has_text=text).first.click()


def editor_box(page):
    return page.get_by_role("textbox", name="Body:")


def toolbar(page, title: str):
    return page.locator(".prose-menubar").get_by_title(title, exact=True)


def select_back(page, characters: int) -> None:
    for _ in range(characters):
        page.keyboard.press("Shift+ArrowLeft")


# ProseMirror takes in a caret the browser moved on its next turn; a person is never quick
# enough to notice, a script pressing Enter straight after would split the old selection.
SELECTION_EMPTY = "document.querySelector('.tiptap').editor.state.selection.empty"


def selection_is(text: str) -> str:
    """The editor's own selection covers exactly ``text`` (not just its first letters)."""
    return (
        "(s => s.doc.textBetween(s.selection.from, s.selection.to) === "
        f"{json.dumps(text)})(document.querySelector('.tiptap').editor.state)"
    )


def select_typed(page, text: str, attempts: int = 3) -> None:
    """Select the ``text`` just typed, as a person does with Shift+Left. On a loaded
    machine ProseMirror can take in a key press before the caret the previous one moved
    (CI once ended up with part of the text selected): then start again from the end of
    the line, as a person who saw the wrong selection would."""
    for attempt in range(attempts):
        select_back(page, len(text))
        try:
            wait_until(page, selection_is(text), timeout=3.0)
            return
        except AssertionError:
            if attempt == attempts - 1:
                raise
            caret_to_end(page)


def caret_to_end(page, attempts: int = 3) -> None:
    """Move the caret to the end of the line and wait until ProseMirror has taken it in. On a
    loaded machine the key can reach the editor before the focus does (CI once kept the link's
    text selected after the dialog closed): then press it again, as a person would."""
    for attempt in range(attempts):
        editor_box(page).press("End")
        try:
            wait_until(page, SELECTION_EMPTY, timeout=3.0)
            return
        except AssertionError:
            if attempt == attempts - 1:
                raise


def add_link(page, url: str, text: str) -> None:
    """Make the ``text`` just typed a link to ``url``, then carry on after it."""
    select_typed(page, text)
    toolbar(page, "insert link").click()
    dialog = page.locator("dialog.prose-editor-dialog[open]")
    dialog.get_by_label("URL").fill(url)
    dialog.get_by_role("button", name="Update").click()
    editor_box(page).locator("a", has_text=text).wait_for()
    dialog.wait_for(state="detached")
    caret_to_end(page)


# The body editor


def test_body_editor_formats_prose_and_cleans_a_word_processor_paste(site, open_page, artifacts):
    staff_member("eddie", "Editors")
    story = Article.objects.create(
        headline="Elm Street repaving",
        slug="elm-street-repaving",
        section=Section.objects.filter(site__is_default=True).first(),
        body="",
    )
    desk = Desk(open_page(timezone_id=NEWSROOM_TZ, permissions=["clipboard-write"]), site)
    page = desk.page
    desk.log_in("eddie")
    desk.go(f"/admin/articles/article/{story.pk}/change/")
    desk.check("story form")

    body = editor_box(page)
    assert body.get_attribute("spellcheck") != "false"  # the browser's spell checker is on
    body.click()
    page.locator(".prose-menubar__selected").click()  # the block type's drop-down
    page.get_by_role("button", name="Heading 2").click()
    page.keyboard.type("What changes")
    page.keyboard.press("Enter")
    page.keyboard.type("Work starts ")
    toolbar(page, "bold").click()
    page.keyboard.type("Monday")
    toolbar(page, "bold").click()
    page.keyboard.type(" and ends ")
    toolbar(page, "italic").click()
    page.keyboard.type("in May")
    toolbar(page, "italic").click()
    page.keyboard.type(". Read the notice")
    add_link(page, "https://city.example/notice", "the notice")
    page.keyboard.press("Enter")
    toolbar(page, "unordered list").click()
    page.keyboard.type("Detour via Oak")
    page.keyboard.press("Enter")
    page.keyboard.type("Buses keep their stops")
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")
    toolbar(page, "ordered list").click()
    page.keyboard.type("Elm to 3rd")
    page.keyboard.press("Enter")
    page.keyboard.type("3rd to 5th")
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")
    toolbar(page, "blockquote").click()
    page.keyboard.type("We will be quick.")
    page.screenshot(path=str(artifacts / "desk-story-form.png"), full_page=True)

    page.get_by_role("button", name="Save and continue editing").click()
    page.get_by_text("was changed successfully").wait_for()
    desk.check("story form, saved")
    story.refresh_from_db()
    for markup in (
        "<h2>What changes</h2>",
        "<strong>Monday</strong>",
        "<em>in May</em>",
        "<ul><li><p>Detour via Oak</p></li><li><p>Buses keep their stops</p></li></ul>",
        "<ol><li><p>Elm to 3rd</p></li><li><p>3rd to 5th</p></li></ol>",
        "<blockquote><p>We will be quick.</p></blockquote>",
    ):
        assert markup in story.body, (markup, story.body)
    assert link_in(story.body, "https://city.example/notice", "the notice")

    # A paste from a word processor: the structure stays, the styling and the rest go.
    body = editor_box(page)
    body.click()
    page.keyboard.press("Control+A")
    page.keyboard.press("Delete")
    page.evaluate(
        """async (html) => navigator.clipboard.write([new ClipboardItem({
            "text/html": new Blob([html], {type: "text/html"}),
            "text/plain": new Blob(["Road work on Elm"], {type: "text/plain"}),
        })])""",
        WORD_PROCESSOR_HTML,
    )
    page.keyboard.press("Control+V")
    body.get_by_text("We will be quick, said the foreman.").wait_for()
    page.get_by_role("button", name="Save and continue editing").click()
    page.get_by_text("was changed successfully").wait_for()
    desk.check("story form, pasted and saved")

    story.refresh_from_db()
    for markup in (
        "<h2>Road work on Elm</h2>",
        "<strong>Monday</strong>",
        "<em>before</em>",
        "<strong>Bold by style</strong>",
        "<em>italic by style</em>",
        "<li><p>Detour via Oak</p></li>",
        "<ol><li><p>Monday: Elm to 3rd</p></li>",
        "<blockquote><p>We will be quick, said the foreman.</p></blockquote>",
        "Table cell",
        "Font tag",
    ):
        assert markup in story.body, (markup, story.body)
    assert link_in(story.body, "https://city.example/roads", "the city's page")
    for dropped in ("style=", "class=", "<span", "<font", "<img", "<table", "<u>", "<sup", "o:p"):
        assert dropped not in story.body, (dropped, story.body)

    desk.assert_every_page_clean()


# A writer's day


def test_writer_drafts_a_story_with_a_picture_previews_it_and_submits_it(site, open_page, tmp_path):
    staff_member("wendy", "Writers", first_name="Wendy", last_name="Okafor")
    staff_member("eddie", "Editors")
    desk = Desk(open_page(timezone_id=NEWSROOM_TZ), site)
    page = desk.page
    desk.log_in("wendy")
    desk.check("admin index")
    assert page.get_by_role("navigation", name="Waiting for you").count() == 0

    page.locator("#content-main a.addlink[href$='/articles/article/add/']").click()
    desk.check("new story form")
    page.get_by_label("Headline:").press_sequentially("Library adds Sunday hours")
    assert page.get_by_label("Slug:").input_value() == "library-adds-sunday-hours"
    select_in_autocomplete(page, "section", "Community")
    editor_box(page).click()
    page.keyboard.type("The main branch opens on Sundays from March, with ")
    toolbar(page, "bold").click()
    page.keyboard.type("free parking")
    toolbar(page, "bold").click()
    page.keyboard.type(". See the new hours")
    add_link(page, "https://library.example/hours", "the new hours")
    page.keyboard.press("Enter")
    toolbar(page, "unordered list").click()
    page.keyboard.type("Sundays, noon to 5")
    page.keyboard.press("Enter")
    page.keyboard.type("Story time at 2")

    # A lead image needs alt text (or the decorative tick) ...
    picture = jpeg(tmp_path / "library.jpg")
    page.get_by_label("Lead image:").set_input_files(picture)
    page.get_by_role("button", name="Save and continue editing").click()
    page.get_by_text("Describe the image for readers who cannot see it").wait_for()
    desk.check("new story form, refused for missing alt text")
    assert editor_box(page).locator("strong").inner_text() == "free parking"
    # ... and a browser never sends a chosen file twice, so it is chosen again.
    page.get_by_label("Lead image:").set_input_files(picture)
    page.get_by_label("Alt text:").fill("The library's front steps on a sunny morning")
    page.get_by_role("button", name="Save and continue editing").click()
    page.get_by_text("was added successfully").wait_for()
    desk.check("story form, saved draft")

    thumbnail = page.locator("img.lead-image-preview")
    assert thumbnail.get_attribute("alt") == "The library's front steps on a sunny morning"
    assert page.evaluate("document.querySelector('img.lead-image-preview').naturalWidth") > 0
    story = Article.objects.get(slug="library-adds-sunday-hours")
    assert story.status == Article.Status.DRAFT
    assert link_in(story.body, "https://library.example/hours", "the new hours")
    assert "<ul><li><p>Sundays, noon to 5</p></li>" in story.body

    page.get_by_role("link", name="Preview it").click()
    page.get_by_text("Preview — not published.").wait_for()
    desk.check("preview", admin=False)
    story_body = page.locator(".story-body")
    assert story_body.locator("strong").inner_text() == "free parking"
    assert story_body.get_by_role("link", name="the new hours").count() == 1
    assert story_body.locator("li").count() == 2
    assert page.locator(".lead-image img").get_attribute("alt").startswith("The library")
    page.go_back()

    mail.outbox.clear()
    page.get_by_role("button", name="Submit for review").click()
    page.get_by_text("is submitted for review").wait_for()
    desk.check("story list after submitting")
    row = page.locator("#result_list tr", has_text="Library adds Sunday hours")
    assert row.locator(".state-badge").inner_text() == "PENDING REVIEW"
    assert [message.to for message in mail.outbox] == [["eddie@thelocalloop.example"]]

    # Writers cannot publish: no publishing action, no status to choose, and a submitted
    # story is theirs to read or withdraw, not to change.
    actions = page.locator("select[name=action] option").all_inner_texts()
    assert not any("Publish" in action for action in actions)
    row.get_by_role("link", name="Library adds Sunday hours").click()
    desk.check("submitted story, read-only for its writer")
    assert page.get_by_label("Status:").count() == 0
    assert page.get_by_label("Headline:").count() == 0
    assert page.get_by_role("button", name="Withdraw to edit").is_visible()
    assert Article.objects.get(pk=story.pk).status == Article.Status.PENDING

    desk.assert_every_page_clean()


# An editor's day


def test_editor_schedules_a_submitted_story_sees_it_go_live_corrects_and_reverts(
    site, open_page, monkeypatch
):
    writer = staff_member("wendy", "Writers")
    staff_member("eddie", "Editors")
    story = Article.objects.create(
        headline="Library adds Sunday hours",
        slug="library-adds-sunday-hours",
        dek="The main branch opens on Sundays from March.",
        body="<p>The main branch opens on Sundays from March.</p>",
        section=Section.objects.get(site__is_default=True, slug="community"),
        created_by=writer,
        status=Article.Status.PENDING,
    )
    desk = Desk(open_page(timezone_id=NEWSROOM_TZ), site)
    page = desk.page
    desk.log_in("eddie")
    desk.check("admin index")

    waiting = page.get_by_role("navigation", name="Waiting for you")
    assert "1 story to review" in waiting.inner_text()
    waiting.get_by_role("link", name=re.compile("to review")).click()
    desk.check("stories pending review")
    page.get_by_role("link", name="Library adds Sunday hours").click()
    desk.check("submitted story")
    assert "Pending review." in page.locator(".desk-notice").inner_text()

    # The editor sharpens the headline and schedules the story two minutes ahead.
    page.get_by_label("Headline:").fill("Library opens on Sundays")
    go_live = timezone.now() + timedelta(minutes=2)
    page.get_by_label("Status:").select_option("published")
    day, time = local(go_live).split()
    page.locator("#id_published_at_0").fill(day)
    page.locator("#id_published_at_1").fill(time)
    page.get_by_role("button", name="Save and continue editing").click()
    page.get_by_text("was changed successfully").wait_for()
    desk.check("scheduled story")
    assert "Goes live" in page.locator(".field-public_address").inner_text()
    story.refresh_from_db()
    assert story.is_scheduled

    address = site + story.get_absolute_url()

    def reader():
        """A reader's fresh browser: public pages may be kept by the browser for a minute."""
        return open_page().page

    assert reader().goto(address).status == 404

    # Two minutes pass. The live server runs in this process, so moving the clock that
    # Django reads moves it for the server too; no job runs, the story is simply due.
    real_now = timezone.now
    monkeypatch.setattr(timezone, "now", lambda: real_now() + timedelta(minutes=3))
    live = reader()
    assert live.goto(address).status == 200
    assert live.get_by_role("heading", level=1).inner_text() == "Library opens on Sundays"
    desk.go("/admin/articles/article/")
    row = page.locator("#result_list tr", has_text="Library opens on Sundays")
    assert row.locator(".state-badge").inner_text() == "PUBLISHED"
    desk.check("story list, live")

    # A correction, printed at the end of the story.
    row.get_by_role("link", name="Library opens on Sundays").click()
    page.get_by_role("button", name="Add another Correction").click()
    page.locator("#id_corrections-0-text").fill(
        "An earlier version said the branch opens in February."
    )
    page.get_by_role("button", name="Save and continue editing").click()
    page.get_by_text("was changed successfully").wait_for()
    desk.check("story with a correction")
    assert "An earlier version said" in page.locator(".field-as_readers_see_it").inner_text()
    corrected = reader()
    corrected.goto(address)
    corrections = corrected.get_by_role("complementary", name="Corrections and updates")
    assert "Correction, " in corrections.inner_text()
    assert "An earlier version said the branch opens in February." in corrections.inner_text()

    # Back to the writer's headline: the revision page shows what a revert would change.
    page.get_by_role("link", name="History").click()
    desk.check("story history")
    page.get_by_role("link", name="Compare and revert").last.click()
    desk.check("first revision")
    diff = page.locator(".revision-diff").last
    assert "opens" in " ".join(diff.locator("del").all_inner_texts())
    assert "adds" in " ".join(diff.locator("ins").all_inner_texts())
    page.get_by_role("button", name="Revert to this revision").click()
    page.get_by_text("The story is back to that revision").wait_for()
    desk.check("history after revert")
    story.refresh_from_db()
    assert story.headline == "Library adds Sunday hours"
    assert story.is_public
    reverted = reader()
    assert reverted.goto(address).status == 200
    assert reverted.get_by_role("heading", level=1).inner_text() == "Library adds Sunday hours"

    desk.assert_every_page_clean()


# A moderator's day


def test_moderator_clears_five_held_comments_with_row_buttons_and_the_keyboard_alone(
    site, open_page, artifacts
):
    staff_member("molly", "Moderators", first_name="Molly", last_name="Reyes")
    Comment.objects.pending().update(status=Comment.Status.APPROVED)  # the demo's own
    story = Article.objects.published().order_by("-published_at").first()
    held = [
        Comment.objects.create(
            article=story,
            name=name,
            email=f"{name.split()[0].lower()}@example.org",
            text=text,
            status=Comment.Status.PENDING,
            decided_by=rule,
            decided_term=term,
        )
        for name, text, rule, term in [
            ("Ada Reyes", "Thanks for the detour map.", Rule.FIRST_COMMENT, ""),
            ("Bot Seller", "Cheap watches at watches.example", Rule.HOLD_WORD, "watches"),
            ("Cy Long", "I live on that street. " * 20, Rule.UNCONFIRMED_EMAIL, ""),
            ("Dee Troll", "Nobody reads this paper anyway.", Rule.HOLD_WORD, "paper"),
            ("Eve Quick", "Will the buses still stop at 3rd?", Rule.FIRST_COMMENT, ""),
        ]
    ]
    ada, bot, cy, dee, eve = held
    desk = Desk(open_page(timezone_id=NEWSROOM_TZ), site)
    page = desk.page
    desk.log_in("molly")
    desk.check("admin index")

    tab_to(page, "el.textContent.includes('5 comments to moderate')")
    press_and_wait(page, "Enter")
    desk.check("moderation queue")
    page.screenshot(path=str(artifacts / "desk-moderation-queue.png"), full_page=True)
    assert "Show the rest" in page.locator(f"#row-{cy.pk}").inner_text()

    def act(comment: Comment, button: str, then_on: Comment | None) -> None:
        tab_to(page, f"el.closest('#row-{comment.pk}') && el.textContent.trim() === '{button}'")
        press_and_wait(page, "Enter")
        desk.check(f"queue after {button} on {comment.name}")
        if then_on is not None:
            # The list comes back at the next comment, for the keyboard to carry on.
            assert page.evaluate("document.activeElement.id") == f"row-{then_on.pk}"

    act(ada, "Approve", then_on=bot)
    act(bot, "Spam", then_on=cy)
    act(cy, "Approve", then_on=dee)
    act(dee, "Trash", then_on=eve)

    # Eve's question gets an answer: open the reply box, write, send; all by keyboard.
    tab_to(page, f"el.closest('#row-{eve.pk}') && el.tagName === 'SUMMARY'")
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == f"reply-{eve.pk}"
    page.keyboard.type("Yes: the stop at 3rd stays open during the work.")
    tab_to(page, "el.textContent.trim() === 'Send reply'", limit=3)
    press_and_wait(page, "Enter")
    page.get_by_text("Approved and replied to Eve Quick’s comment").wait_for()
    desk.check("queue, cleared")

    assert page.get_by_text("0 comments to moderate").is_visible()
    assert page.locator("#result_list").count() == 0  # nothing pending is listed
    statuses = {c.name: c.status for c in Comment.objects.filter(pk__in=[c.pk for c in held])}
    assert statuses == {
        "Ada Reyes": "approved",
        "Bot Seller": "spam",
        "Cy Long": "approved",
        "Dee Troll": "trash",
        "Eve Quick": "approved",
    }
    reply = Comment.objects.get(parent=eve)
    assert (reply.name, reply.status, reply.decided_by) == ("Molly Reyes", "approved", "staff")

    reader = open_page().page
    reader.goto(site + story.get_absolute_url())
    staff_reply = reader.locator(f"#comment-{reply.pk}")
    assert "Yes: the stop at 3rd stays open during the work." in staff_reply.inner_text()
    assert staff_reply.locator(".badge", has_text="Staff").count() == 1
    for gone in ("Cheap watches", "Nobody reads this paper"):
        assert gone not in reader.content()

    desk.assert_every_page_clean()
