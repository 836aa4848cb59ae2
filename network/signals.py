from django.db.models.signals import post_delete, post_save

from .models import Site, SiteHost
from .routing import retire_host_map

for model in (Site, SiteHost):
    post_save.connect(retire_host_map, sender=model, dispatch_uid=f"retire-hosts-{model.__name__}")
    post_delete.connect(
        retire_host_map, sender=model, dispatch_uid=f"retire-hosts-gone-{model.__name__}"
    )
