"""moto's server, answering one request at a time.

DynamoDB applies each conditional write and each transaction atomically; moto's threaded
server does not, so two concurrent transactions can both pass a condition that only one of
them may. Serialising requests gives the local stack DynamoDB's atomicity, which the
idempotency of story submission relies on. Usage: moto_server.py PORT
"""

import os
import signal
import sys
import threading

from moto.moto_server.werkzeug_app import DomainDispatcherApplication, MotoRequestHandler, create_backend_app
from werkzeug.serving import run_simple


class OneAtATime:
    def __init__(self, app):
        self.app = app
        self.lock = threading.Lock()

    def __call__(self, environ, start_response):
        with self.lock:
            # Read the whole answer inside the lock: a lazy body would run after it.
            return list(self.app(environ, start_response))


def main():
    port = int(sys.argv[1])
    os.environ["MOTO_PORT"] = str(port)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    app = DomainDispatcherApplication(create_backend_app)
    run_simple("127.0.0.1", port, OneAtATime(app), threaded=True, request_handler=MotoRequestHandler)


if __name__ == "__main__":
    main()
