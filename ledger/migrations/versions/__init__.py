"""The ledger's schema revisions, applied in order by Alembic."""
