from django.dispatch import Signal

# Sent after a bulk change to comments readers can see (one that bypasses Comment.save),
# so that whoever caches pages can retire them: ``article_ids``, the stories whose comments
# changed, when the sender knows them (every story with comments otherwise).
public_comments_changed = Signal()
