from django.apps import AppConfig


class NewsletterConfig(AppConfig):
    """The daily digest and breaking-news alerts by email, and their subscribers.

    It knows the stories (what an issue is made of) and the community app's events; neither
    knows it.
    """

    name = "newsletter"
    verbose_name = "Newsletter"
