"""newsgraph's web API and offline UI (``newsgraph serve``); see docs/web.md.

>>> from newsgraph.web import create_app
>>> app = create_app("newsgraph.db")      # an ASGI app: uvicorn.run(app, host="127.0.0.1")
"""

from .app import create_app

__all__ = ["create_app"]
