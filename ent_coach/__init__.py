"""ENT Coach: an offline desktop trainer for French teachers' digital workspace (ENT)."""

__version__ = "0.1.0"
APP_NAME = "ENT Coach"
