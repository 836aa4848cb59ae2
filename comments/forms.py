import re

from django import forms
from django.conf import settings

from articles.models import Article

from .closing import comments_are_open
from .models import Comment, CommentReport
from .thread import PublicComment

# Control characters (NUL included) have no place in a name or a comment; newlines and
# tabs are the reader's own layout and stay.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class PlainTextField(forms.CharField):
    """Text as a person typed it, with invisible control characters dropped, not refused."""

    def to_python(self, value: object) -> str:
        if isinstance(value, str):
            value = CONTROL_CHARACTERS.sub("", value)
        return super().to_python(value)


class CommentForm(forms.Form):
    name = PlainTextField(
        label="Name",
        max_length=100,
        error_messages={"required": "Please give a name to show with your comment."},
    )
    email = forms.EmailField(
        label="Email",
        max_length=254,
        error_messages={
            "required": "Please give your email address. It will not be published.",
            "invalid": "This does not look like an email address. Please check it.",
        },
    )
    website = forms.URLField(
        label="Website",
        required=False,
        max_length=300,
        assume_scheme="https",
        error_messages={"invalid": "This does not look like a web address. Please check it."},
    )
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)
    save_details = forms.BooleanField(
        label="Save my name, email, and website in this browser for the next time I comment.",
        required=False,
    )
    notify = forms.BooleanField(
        label="Email me when my comment is approved or answered.", required=False
    )
    # The honeypot: hidden from people by the stylesheet, irresistible to form-filling bots.
    homepage = forms.CharField(label="Leave this field empty", required=False)

    def __init__(
        self,
        *args,
        article: Article,
        reply_to: PublicComment | None = None,
        staff_name: str = "",
        **kwargs,
    ) -> None:
        if reply_to is not None:
            kwargs["initial"] = {**kwargs.get("initial", {}), "parent": reply_to.id}
        super().__init__(*args, **kwargs)
        self.article = article
        self.reply_to_name = reply_to.name if reply_to else ""
        self.staff_name = staff_name
        max_length = settings.COMMENTS_MAX_LENGTH
        self.fields["text"] = PlainTextField(
            label="Comment",
            max_length=max_length,
            widget=forms.Textarea(attrs={"rows": 8}),
            help_text=f"Up to {max_length:,} characters.",
            error_messages={"required": "Please write a comment."},
        )
        order = ["name", "email", "website", "text", "save_details", "notify"]
        if staff_name:
            # Staff comment under their own account: who they are is not typed.
            for field in ("name", "email", "website", "save_details"):
                del self.fields[field]
            order = ["text", "notify"]
        self.order_fields(order)
        for field, autocomplete in (("name", "name"), ("email", "email"), ("website", "url")):
            if field in self.fields:
                self.fields[field].widget.attrs["autocomplete"] = autocomplete
        self.fields["homepage"].widget.attrs.update({"autocomplete": "off", "tabindex": "-1"})

    def clean_parent(self) -> int | None:
        parent_id = self.cleaned_data.get("parent")
        if parent_id is None:
            return None
        parent = (
            Comment.objects.approved()
            .filter(pk=parent_id, article=self.article)
            .values("name")
            .first()
        )
        if parent is None:
            raise forms.ValidationError(
                "The comment you are replying to is not on this story, or is no longer shown. "
                "You can post yours as a new comment."
            )
        self.reply_to_name = parent["name"]
        return parent_id

    @property
    def reply_to_id(self) -> int | None:
        """The comment this form answers, once checked; what the hidden field sends back."""
        if not self.is_bound:
            return self.initial.get("parent")
        return self.cleaned_data.get("parent") if self.reply_to_name else None

    def clean(self) -> dict:
        if not comments_are_open(self.article):
            raise forms.ValidationError("Comments are closed on this story.")
        return super().clean()

    @property
    def honeypot_filled(self) -> bool:
        return bool(self.cleaned_data.get("homepage"))


class ReportForm(forms.Form):
    reason = forms.ChoiceField(
        label="What is wrong with this comment?",
        choices=CommentReport.Reason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Please choose a reason."},
    )


class ModerationTestForm(forms.Form):
    """The admin's "test a comment" box: a comment that is checked, never stored."""

    name = forms.CharField(max_length=100)
    email = forms.EmailField()
    website = forms.URLField(required=False, assume_scheme="https")
    ip_address = forms.GenericIPAddressField(label="IP address", required=False)
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 6}))
    browser_confirmed = forms.BooleanField(
        label="Sent from a browser that confirmed this address", required=False
    )
