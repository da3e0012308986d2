"""flaims: make learning structural in an organisation, as code."""

__version__ = "0.1.0"
