"""The subscribe box (on every page) and the newsletter page's form: the same form."""

from django import forms

from comments.forms import ProtectedForm

TOKEN_TARGET = "newsletter.subscribe"


class SubscribeForm(ProtectedForm):
    """An address and what it wants, protected like the reply form (signed token, timing,
    honeypot, same origin), so the box keeps every page cacheable."""

    email = forms.EmailField(
        label="Your email",
        max_length=254,
        error_messages={
            "required": "Please give your email address.",
            "invalid": "This does not look like an email address. Please check it.",
        },
    )
    digest = forms.BooleanField(label="The daily digest", required=False, initial=True)
    alerts = forms.BooleanField(label="Breaking-news alerts", required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, token_target=TOKEN_TARGET, **kwargs)
        self.fields["email"].widget.attrs.update(
            {"autocomplete": "email", "inputmode": "email", "spellcheck": "false"}
        )

    def clean(self) -> dict:
        data = super().clean()
        if not data.get("digest") and not data.get("alerts"):
            raise forms.ValidationError(
                "Please choose the daily digest, breaking-news alerts, or both.",
                code="nothing_chosen",
            )
        return data
