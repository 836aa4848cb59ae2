"""Tags in the desk: taggit's tag admin, merging stories' tags and listing no inline."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from taggit.admin import TagAdmin as TaggitTagAdmin
from taggit.forms import MergeTagsForm
from taggit.models import Tag

from ..tag_merging import tags_merge

admin.site.unregister(Tag)


@admin.register(Tag)
class TagAdmin(TaggitTagAdmin):
    # taggit's inline lists its generic tagged items, which hold no story now; a tag's
    # stories are changed on each story, where the change retires the cached pages.
    inlines = []

    def merge_tags_view(self, request):
        """taggit's merge form, merging the stories' tags (``tags_merge``)."""
        # taggit's view asks only for staff: Writers may see tags, not merge them.
        if not self.has_change_permission(request):
            raise PermissionDenied
        selected = [pk for pk in request.session.get("selected_tag_ids", "").split(",") if pk]
        form = MergeTagsForm(request.POST or None)
        if request.method == "POST":
            if not form.is_valid():
                self.message_user(request, "Form is invalid.", level=messages.ERROR)
            else:
                into, _ = Tag.objects.get_or_create(name=form.cleaned_data["new_tag_name"])
                tags_merge(tags=Tag.objects.filter(pk__in=selected), into=into)
                self.message_user(request, "Tags have been merged", level=messages.SUCCESS)
                request.session.pop("selected_tag_ids", None)
                return redirect("..")
        context = {"form": form, "selected_tag_ids": selected}
        return render(request, "admin/taggit/merge_tags_form.html", context)
