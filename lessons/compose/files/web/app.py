# A web page that counts its visits in Redis. It finds Redis by the host name in the REDIS_HOST environment variable.
# Python's standard library only, so the service needs no image of its own: Compose mounts this folder into
# python:3.11-slim.
import os
import signal
import socket
import sys
import time
from http.server import BaseHTTPRequestHandler, HTTPServer

REDIS_HOST = os.environ.get("REDIS_HOST", "localhost")
REDIS_PORT = 6379


def redis_command(command):
    """Send one command to Redis in its plain-text form and return its one-line answer."""
    with socket.create_connection((REDIS_HOST, REDIS_PORT), timeout=5) as conn:
        conn.sendall(command.encode() + b"\r\n")
        return conn.makefile("rb").readline().decode().strip()


def wait_for_redis():
    # Redis may still be starting when this app starts, so a refused connection is tried again for a while. A host
    # name that does not resolve will not fix itself: that ends the app at once, with the name in the message.
    for _ in range(30):
        try:
            redis_command("PING")
            return
        except socket.gaierror as error:
            sys.exit(f"cannot find the Redis host {REDIS_HOST!r}: {error.strerror}")
        except OSError:
            time.sleep(1)
    sys.exit(f"Redis at {REDIS_HOST}:{REDIS_PORT} did not answer")


class VisitCounter(BaseHTTPRequestHandler):
    def do_GET(self):
        visits = redis_command("INCR visits").lstrip(":")
        body = f"Hello from Compose! This page has been visited {visits} times.\n".encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


if __name__ == "__main__":
    # As a container's first process, Python would ignore the SIGTERM that `docker compose down` sends and be killed
    # only after 10 seconds; exit at once instead.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    wait_for_redis()
    print(f"connected to Redis at {REDIS_HOST}:{REDIS_PORT}; listening on port 8000", flush=True)
    HTTPServer(("0.0.0.0", 8000), VisitCounter).serve_forever()
