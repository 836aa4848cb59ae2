"""A slug in any alphabet (``επίπεδο-1``, ``café``) in an address, as Django's
``allow_unicode`` slugs are. Registered as ``<uslug:…>`` when this module is imported."""

from django.urls import register_converter


class UnicodeSlugConverter:
    regex = r"[-\w]+"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(UnicodeSlugConverter, "uslug")
