from django.apps import AppConfig


class NetworkConfig(AppConfig):
    name = "network"
    verbose_name = "Network of town sites"

    def ready(self) -> None:
        from . import signals  # noqa: F401 (retires the host map when a site changes)
