from django.apps import AppConfig


class ImportsConfig(AppConfig):
    """Content coming in: WordPress exports and partners' feeds.

    It writes stories and comments through their apps' models and services, so it belongs
    to neither; neither of them knows it exists.
    """

    name = "imports"
    verbose_name = "Imports"
