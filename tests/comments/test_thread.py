import pytest

from comments.models import Comment
from comments.thread import comment_thread
from tests.factories import ArticleFactory, CommentFactory

pytestmark = pytest.mark.django_db


def chain(article, length):
    parent = None
    made = []
    for n in range(length):
        parent = CommentFactory(article=article, parent=parent, name=f"Reader {n}")
        made.append(parent)
    return made


def test_replies_nest_under_their_parents_up_to_the_maximum_depth(settings):
    settings.COMMENTS_MAX_DEPTH = 3
    story = ArticleFactory()
    first, second, third, fourth = chain(story, 4)

    thread = comment_thread(article_id=story.pk)

    [root] = thread.comments
    assert root.id == first.id and root.depth == 1
    [level2] = root.replies
    assert level2.id == second.id and level2.depth == 2
    # The deepest level holds both the third comment and the reply to it.
    assert [c.id for c in level2.replies] == [third.id, fourth.id]
    assert [c.depth for c in level2.replies] == [3, 3]
    assert level2.replies[1].in_reply_to == "Reader 2"
    assert thread.approved_count == 4


def test_only_approved_comments_and_the_readers_own_held_ones_are_in_the_thread():
    story = ArticleFactory()
    shown = CommentFactory(article=story)
    held = CommentFactory(article=story, status=Comment.Status.PENDING)
    mine = CommentFactory(article=story, status=Comment.Status.PENDING)
    CommentFactory(article=story, status=Comment.Status.SPAM)
    CommentFactory(article=story, status=Comment.Status.TRASH)
    CommentFactory()  # another story

    thread = comment_thread(article_id=story.pk, own_pending_ids=[mine.pk])

    assert [c.id for c in thread.comments] == [shown.id, mine.id]
    assert thread.comments[1].is_pending
    assert held.id not in thread.by_id
    assert thread.approved_count == 1


def test_replies_to_hidden_comments_are_hidden_too():
    story = ArticleFactory()
    spam = CommentFactory(article=story, status=Comment.Status.SPAM)
    CommentFactory(article=story, parent=spam)

    assert comment_thread(article_id=story.pk).comments == []


def test_thread_is_one_query_however_many_comments(django_assert_num_queries):
    story = ArticleFactory()
    chain(story, 25)

    with django_assert_num_queries(1):
        comment_thread(article_id=story.pk)


def test_thread_find_ignores_junk_and_held_comments():
    story = ArticleFactory()
    held = CommentFactory(article=story, status=Comment.Status.PENDING)
    shown = CommentFactory(article=story)
    thread = comment_thread(article_id=story.pk, own_pending_ids=[held.pk])

    assert thread.find(str(shown.pk)).id == shown.pk
    assert thread.find(held.pk) is None
    assert thread.find("abc") is None
    assert thread.find(None) is None
