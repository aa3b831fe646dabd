"""The PySide6 front end of reviewtool; depends on the core, never the other way round."""
