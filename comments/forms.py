from django import forms
from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS
from django.http import HttpRequest
from django.urls import reverse

from articles.models import Article

from .closing import comments_are_open
from .models import Comment, CommentReport
from .protection import form_token, form_token_error, is_same_origin
from .text import CONTROL_CHARACTERS
from .thread import PublicComment


class PlainTextField(forms.CharField):
    """Text as a person typed it, with invisible control characters dropped, not refused."""

    def to_python(self, value: object) -> str:
        if isinstance(value, str):
            value = CONTROL_CHARACTERS.sub("", value)
        return super().to_python(value)


CROSS_SITE = (
    "This was sent from another website, so it was not accepted. "
    "If you wrote it here, please send it again."
)


class TokenField(forms.CharField):
    """The signed, timestamped form token. It is checked as sent, and always rendered fresh:
    a form shown again after an error gets a new token, never the one that failed."""

    widget = forms.HiddenInput

    def bound_data(self, data, initial):
        return initial


class ProtectedForm(forms.Form):
    """Forgery and bot protection that keeps pages cacheable, for every public form.

    A CSRF cookie would make each page differ per reader, so instead the form carries a
    signed token naming what it is for, refuses a post that another site sent, and keeps
    a honeypot field that people never see. Subclasses name what the token belongs to
    with ``token_target``: a story's id (the reply and report forms), or a form's name
    (``"community.submit"``).

    The token's timing lives here and in ``protection`` (see there): a form rendered
    into a page that caches may share carries a *page* token, and its hidden input names
    the uncached URL (``data-fresh-token``) where the page's script gets this reader's
    own token when they start on the form. A view whose page only this reader ever gets
    says so with ``for_one_reader=True``; a form sent back after a post always is.
    """

    token = TokenField(required=False)
    # The honeypot: hidden from people by the stylesheet, irresistible to form-filling bots.
    homepage = forms.CharField(label="Leave this field empty", required=False)

    def __init__(
        self,
        *args,
        token_target: int | str,
        request: HttpRequest | None = None,
        for_one_reader: bool = False,
        **kw,
    ):
        super().__init__(*args, **kw)
        self.token_target = token_target
        self.request = request
        fresh = self.is_bound or for_one_reader
        self.fields["token"].initial = lambda: form_token(token_target, fresh=fresh)
        self.fields["token"].widget.attrs["data-fresh-token"] = reverse(
            "comments:form-token", kwargs={"target": token_target}
        )
        self.fields["homepage"].widget.attrs.update({"autocomplete": "off", "tabindex": "-1"})

    def clean(self) -> dict:
        data = super().clean()
        if self.request is not None and not is_same_origin(self.request):
            raise forms.ValidationError(CROSS_SITE, code="cross_site")
        if error := form_token_error(data.get("token"), self.token_target):
            raise forms.ValidationError(error.message, code=error.code)
        return data

    @property
    def honeypot_filled(self) -> bool:
        return bool(self.cleaned_data.get("homepage"))

    @property
    def status_code(self) -> int:
        """What a refused post answers: 403 when another site sent it, else 400."""
        return 403 if self.has_error(NON_FIELD_ERRORS, "cross_site") else 400


class CommentForm(ProtectedForm):
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
        super().__init__(*args, token_target=article.pk, **kwargs)
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
        data = super().clean()
        if not comments_are_open(self.article):
            raise forms.ValidationError("Comments are closed on this story.")
        return data


class ReportForm(ProtectedForm):
    """A reader's report on a published comment; its token belongs to the comment's story."""

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
