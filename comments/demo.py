"""Load the demo comments: a short, civil conversation under a few demo stories."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from articles import demo_content
from articles.models import Article

from .models import Comment
from .services import refresh_comment_counts


@transaction.atomic
def load_demo_comments() -> int:
    """Create the demo comments that are missing; return how many were created."""
    now = timezone.now()
    made_by_key: dict[str, Comment] = {}
    created = 0
    for data in demo_content.COMMENTS:
        article = Article.objects.get(slug=data["story"])
        parent = made_by_key.get(data["parent"]) if data["parent"] else None
        comment, made = Comment.objects.get_or_create(
            article=article,
            name=data["name"],
            text=data["text"],
            defaults={
                "parent": parent,
                "email": data["email"],
                "website": data["website"],
                "status": data["status"],
                "created_at": now - timedelta(minutes=data["minutes_ago"]),
            },
        )
        made_by_key[data["key"]] = comment
        created += made
    refresh_comment_counts({comment.article_id for comment in made_by_key.values()})
    return created
