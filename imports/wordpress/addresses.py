"""Which of an old WordPress item's addresses may lead to it here.

A post's permalink and its guid (when the guid is an address) are its old addresses. Some
addresses only look like one post's: ``/demo/?p=1000`` is the home page of a site under
``/demo/`` asked for post 1000 (answered by id, whatever the path), the site's home
itself, its archives (``/category/news/``, ``/2019/05/``, ``/feed/``), and any address two
items of the file both claim. None of those becomes a redirect.
"""

from collections import Counter

from .content import old_path

# The first part of WordPress's archive addresses below the site's path (/category/news/,
# /page/2/): a page may have one of these slugs itself, so only longer paths are archives.
ARCHIVES = {"author", "category", "page", "search", "tag", "type"}
# Never an item's address, however long.
SYSTEM = {"comments", "feed", "wp-admin", "wp-content", "wp-includes", "wp-json"}


class OldAddresses:
    def __init__(self, site_urls: list[str], claims: Counter) -> None:
        # The old site's home, e.g. "/" and "/demo/": its base path.
        self.site_paths = sorted(
            {"/"} | {old_path(url) for url in site_urls if old_path(url)}, key=len, reverse=True
        )
        self.claims = claims

    def of(self, *urls: str) -> list[str]:
        """The paths among ``urls`` (permalink, guid) that may become redirects."""
        paths = []
        for url in dict.fromkeys(urls):
            path = old_path(url)
            if path and len(path) <= 300 and self._is_one_items(path):
                paths.append(path)
        return list(dict.fromkeys(paths))

    def below_site(self, path: str) -> str:
        """The path below the old site's own: "/demo/about/" -> "/about/"."""
        for site_path in self.site_paths:
            if path.startswith(site_path):
                return "/" + path[len(site_path) :]
        return path

    def _is_one_items(self, path: str) -> bool:
        if path in self.site_paths or self.claims[path] > 1:
            return False
        parts = self.below_site(path).strip("/").split("/")
        if parts[0] in SYSTEM or (parts[0] in ARCHIVES and len(parts) > 1):
            return False
        # A date archive: /2019/, /2019/05/, /2019/05/14/.
        return not all(part.isdigit() for part in parts)
