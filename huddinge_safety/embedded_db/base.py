"""The database backend of the embedded server: ours, connecting to wherever
``start()`` says the server listens."""

from huddinge_safety.database import base
from huddinge_safety.embedded_db import start


class DatabaseWrapper(base.DatabaseWrapper):
    def get_connection_params(self):
        return {**super().get_connection_params(), **start()}
