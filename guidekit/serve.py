"""A static file handler that gzips text like a production host (GitHub Pages does).

Python's http.server sends files uncompressed, which would make page-weight and Lighthouse
measurements pessimistic compared with what readers get.
"""

import gzip
import io
import os
from functools import lru_cache
from http.server import SimpleHTTPRequestHandler

COMPRESSIBLE = (".html", ".css", ".js", ".json", ".svg", ".xml", ".txt")


@lru_cache(maxsize=512)
def _compressed(path: str, mtime_ns: int) -> bytes:
    """Each file is compressed once (per version), as a host or CDN would, so compressing
    does not take CPU from the browser that a benchmark is measuring."""
    del mtime_ns  # part of the cache key only
    with open(path, "rb") as file:
        return gzip.compress(file.read(), 6)


class GzipHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args):  # quiet: benchmarks print their own report
        pass

    def send_head(self):
        path = self.translate_path(self.path)
        if path.endswith("/"):
            path += "index.html"
        wants_gzip = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (wants_gzip and path.endswith(COMPRESSIBLE)):
            return super().send_head()
        try:
            body = _compressed(path, os.stat(path).st_mtime_ns)
        except OSError:
            return super().send_head()
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=600")
        self.end_headers()

        return io.BytesIO(body)
