"""The index contract: what the indexer writes and the query side reads.

Both ``indexer`` and the rest of ``search`` import this package; it imports
neither. It holds the text analysis (documents and queries are analyzed by
the same pipeline), the Whoosh schema, the typed ``meta.json``, the article
rules that every part shares (locales, ids, which version a reader gets,
article addresses) and the store of index generations.
"""
