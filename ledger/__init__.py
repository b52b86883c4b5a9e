"""The ledger: Spravka's one database layer.

It keeps what readers do (searches, result clicks, article views, votes on
articles) and, later, support requests, in SQLAlchemy Core tables whose
schema Alembic migrates. An embedded SQLite file is the default; a
PostgreSQL URL lets several web nodes share one store.

``search`` and ``indexer`` never import this package: recording is the web
layer's business, and the index contract knows nothing of readers.
"""
