"""Coming from WordPress: read a WXR export and bring its site into the newsroom.

- ``reader``: the export as a stream of records, checked before anything is written;
- ``content``: WordPress's stored text made into ours (paragraphs, plain text, dates, paths);
- ``media``: featured images found in a copy of the old site's uploads folder;
- ``importer``: the writes, one transaction per post, matched by WordPress ids and slugs.

``manage.py import_wxr`` is the command; ``python -m tools.make_wxr`` writes large test
exports. Old addresses are answered by ``imports.middleware``.
"""

from .importer import ImportSummary, import_export
from .reader import ExportBrokenOff, NotAnExport

__all__ = ["ExportBrokenOff", "ImportSummary", "NotAnExport", "import_export"]
