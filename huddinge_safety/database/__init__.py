"""Django's PostgreSQL backend, which also creates its database when it is missing
(see ``base.py``). Settings name it as the engine of a ``DATABASE_URL``."""
