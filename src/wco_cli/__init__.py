"""wco: a reference tool for the World Customs Organization, with sourced and dated data."""

# Kept as a literal (read by hatchling) so that `wco --version` needs no importlib.metadata.
__version__ = "1.0.0"
