"""A static file handler that gzips text like a production host (GitHub Pages does).

Python's http.server sends files uncompressed, which would make page-weight and Lighthouse
measurements pessimistic compared with what readers get.
"""

import gzip
import io
from http.server import SimpleHTTPRequestHandler

COMPRESSIBLE = (".html", ".css", ".js", ".json", ".svg", ".xml", ".txt")


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
            with open(path, "rb") as file:
                body = gzip.compress(file.read(), 6)
        except OSError:
            return super().send_head()
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=600")
        self.end_headers()

        return io.BytesIO(body)
