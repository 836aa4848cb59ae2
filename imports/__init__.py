"""Bringing content in: the WordPress (WXR) importer with its old-address fallback, and the
partner-feed ingester."""
