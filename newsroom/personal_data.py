"""Everything the site holds about one email address, across the apps that hold any.

Each app that stores personal data says so in its own ``privacy.py`` with
``export_personal_data(email) -> dict | None`` and
``erase_personal_data(email, *, remove) -> str``; they are found in INSTALLED_APPS order, as
``seed_demo`` finds each app's ``demo.py``. Comments, community submissions and newsletter
subscriptions do this today; an app added tomorrow joins by writing the two functions.
"""

from importlib import import_module
from importlib.util import find_spec
from types import ModuleType

from django.apps import apps
from django.db import transaction


def privacy_modules() -> list[tuple[str, ModuleType]]:
    found = []
    for app in apps.get_app_configs():
        if find_spec(f"{app.name}.privacy") is None:
            continue
        module = import_module(f"{app.name}.privacy")
        if hasattr(module, "export_personal_data") and hasattr(module, "erase_personal_data"):
            found.append((app.label, module))
    return found


def personal_data_export(*, email: str) -> dict:
    """{"email": ..., "<app>": <that app's export>} for every app holding something."""
    data: dict = {"email": email.strip()}
    for label, module in privacy_modules():
        exported = module.export_personal_data(email.strip())
        if exported:
            data[label] = exported
    return data


@transaction.atomic
def personal_data_erase(*, email: str, remove: bool) -> list[str]:
    """Erase the address in every app that holds it, all or nothing; one line per app."""
    done = []
    for _, module in privacy_modules():
        if module.export_personal_data(email.strip()):
            done.append(module.erase_personal_data(email.strip(), remove=remove))
    return done
