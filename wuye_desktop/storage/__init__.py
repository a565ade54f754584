"""SQLAlchemy storage: engine, ORM rows, unit of work, queries and Alembic migrations."""
