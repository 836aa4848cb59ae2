"""Templates are compiled once per process in production, by both engines."""

from django.template import engines


def test_django_templates_come_through_the_cached_loader_when_debug_is_off(settings):
    assert settings.DEBUG is False
    [(loader, _)] = engines["django"].engine.loaders
    assert loader == "django.template.loaders.cached.Loader"


def test_the_comment_threads_jinja2_template_is_not_checked_for_changes_on_each_page():
    environment = engines["jinja2"].env
    assert environment.auto_reload is False
    assert environment.autoescape is True
