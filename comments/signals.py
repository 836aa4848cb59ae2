from django.dispatch import Signal

# Sent after a bulk change to comments readers can see (one that bypasses Comment.save),
# so that whoever caches pages can retire them.
public_comments_changed = Signal()
