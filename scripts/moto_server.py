"""moto's server, answering one request at a time, with DynamoDB made faithful and faults on call.

DynamoDB applies each conditional write and each transaction atomically; moto's threaded
server does not, so two concurrent transactions can both pass a condition that only one of
them may. Serialising requests gives the local stack DynamoDB's atomicity, which the
idempotency of story submission relies on. moto_dynamodb.py mends what else differs.

Faults, for the soak and the fault tests (loopback only, like everything here):
  POST /tellcare/faults  {"dynamodb_throttle": 0.02, "dynamodb_lost_answer": 0.01,
                          "ses_throttle": 0.1, "ses_reject": 0.05}
      the share of requests that get each fault from now on ({} clears them):
      dynamodb_throttle     ProvisionedThroughputExceededException, as a hot partition answers
      dynamodb_lost_answer  a write is applied, then the connection drops before the answer
      ses_throttle          SendEmail answers TooManyRequestsException (429)
      ses_reject            SendEmail answers MessageRejected (400)
  GET  /tellcare/faults  the shares and how many of each were injected
  POST /tellcare/outage  {"seconds": 5}: moto stops listening (connections are refused, open
      ones are dropped) and starts again after that long, with its data as it was

Usage: moto_server.py PORT
TELLCARE_MOTO_AS_IT_COMES=1 leaves moto's DynamoDB unmended, to see the tests of
tests/tests/journeys/faithful.rs fail on it.
"""

import json
import os
import random
import signal
import socket
import sys
import threading
import time
from collections import Counter

import moto_dynamodb
from moto.moto_server.werkzeug_app import DomainDispatcherApplication, MotoRequestHandler, create_backend_app
from werkzeug.serving import make_server

FAULTS = ("dynamodb_throttle", "dynamodb_lost_answer", "ses_throttle", "ses_reject")
DYNAMODB_WRITES = {"PutItem", "UpdateItem", "DeleteItem", "TransactWriteItems", "BatchWriteItem"}


class Faults:
    def __init__(self):
        self.lock = threading.Lock()
        self.shares = {}
        self.injected = Counter()
        self.outage_until = 0.0
        self.server = None
        self.random = random.Random()

    def roll(self, fault):
        share = self.shares.get(fault, 0.0)
        if share > 0 and self.random.random() < share:
            self.injected[fault] += 1
            return True
        return False

    def in_outage(self):
        return time.monotonic() < self.outage_until

    def start_outage(self, seconds):
        self.outage_until = time.monotonic() + seconds
        self.injected["outage_seconds"] += seconds
        server = self.server
        if server is not None:
            threading.Thread(target=server.shutdown, daemon=True).start()


def operation(environ):
    """(service, action) of a request, where a fault may apply."""
    target = environ.get("HTTP_X_AMZ_TARGET", "")
    if target.startswith("DynamoDB_20120810."):
        return "dynamodb", target.split(".", 1)[1]
    if environ.get("REQUEST_METHOD") == "POST" and environ.get("PATH_INFO") == "/v2/email/outbound-emails":
        return "ses", "SendEmail"
    return None, None


def answer(start_response, status, body, headers=()):
    payload = json.dumps(body).encode()
    start_response(status, [("Content-Type", "application/json"), ("Content-Length", str(len(payload))), *headers])
    return [payload]


def drop_connection(environ):
    sock = environ.get("werkzeug.socket")
    if sock is not None:
        try:
            sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
    # werkzeug takes a ConnectionError as the client going away, and says nothing.
    raise ConnectionResetError("fault injected: the connection dropped")


class Server:
    def __init__(self, app, faults):
        self.app = app
        self.faults = faults
        self.lock = threading.Lock()

    def __call__(self, environ, start_response):
        if environ.get("PATH_INFO", "").startswith("/tellcare/"):
            return self.control(environ, start_response)
        if self.faults.in_outage():
            drop_connection(environ)
        service, action = operation(environ)
        faults = self.faults
        if service == "dynamodb" and faults.roll("dynamodb_throttle"):
            return answer(start_response, "400 Bad Request", {
                "__type": "com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException",
                "message": "The level of configured provisioned throughput for the table was exceeded.",
            })
        if service == "ses" and faults.roll("ses_throttle"):
            return answer(start_response, "429 Too Many Requests", {"message": "Maximum sending rate exceeded."},
                          [("x-amzn-ErrorType", "TooManyRequestsException")])
        if service == "ses" and faults.roll("ses_reject"):
            return answer(start_response, "400 Bad Request", {"message": "Message rejected."},
                          [("x-amzn-ErrorType", "MessageRejected")])
        lose_answer = service == "dynamodb" and action in DYNAMODB_WRITES and faults.roll("dynamodb_lost_answer")
        with self.lock:
            # Read the whole answer inside the lock: a lazy body would run after it.
            body = list(self.app(environ, start_response if not lose_answer else lambda *_: None))
        if lose_answer:
            drop_connection(environ)
        return body

    def control(self, environ, start_response):
        path = environ["PATH_INFO"]
        method = environ["REQUEST_METHOD"]
        length = int(environ.get("CONTENT_LENGTH") or 0)
        raw = environ["wsgi.input"].read(length) if length else b""
        try:
            body = json.loads(raw or b"{}")
        except ValueError:
            return answer(start_response, "400 Bad Request", {"message": "the body is not JSON"})
        faults = self.faults
        if path == "/tellcare/faults" and method == "POST":
            unknown = sorted(set(body) - set(FAULTS))
            bad = [k for k, v in body.items() if not isinstance(v, (int, float)) or not 0 <= v <= 1]
            if unknown or bad:
                return answer(start_response, "400 Bad Request",
                              {"message": f"unknown faults {unknown}, shares out of 0..1 {bad}", "faults": FAULTS})
            with faults.lock:
                faults.shares = {k: float(v) for k, v in body.items()}
        elif path == "/tellcare/outage" and method == "POST":
            seconds = body.get("seconds")
            if not isinstance(seconds, (int, float)) or not 0 < seconds <= 300:
                return answer(start_response, "400 Bad Request", {"message": "seconds: 0 < seconds <= 300"})
            faults.start_outage(float(seconds))
        elif not (path == "/tellcare/faults" and method == "GET"):
            return answer(start_response, "404 Not Found", {"message": "no such control"})
        return answer(start_response, "200 OK", {"shares": faults.shares, "injected": dict(faults.injected)})


# DynamoDB takes days; seconds are enough to be tried.
TTL_SWEEP_SECONDS = 2


def sweep_ttl(app):
    """DynamoDB's time to live, every TTL_SWEEP_SECONDS, between requests."""
    while True:
        time.sleep(TTL_SWEEP_SECONDS)
        with app.lock:
            moto_dynamodb.sweep_expired()


def main():
    port = int(sys.argv[1])
    os.environ["MOTO_PORT"] = str(port)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    if os.environ.get("TELLCARE_MOTO_AS_IT_COMES") != "1":
        moto_dynamodb.install()
    faults = Faults()
    app = Server(DomainDispatcherApplication(create_backend_app), faults)
    if os.environ.get("TELLCARE_MOTO_AS_IT_COMES") != "1":
        threading.Thread(target=sweep_ttl, args=(app,), daemon=True).start()
    while True:
        server = make_server("127.0.0.1", port, app, threaded=True, request_handler=MotoRequestHandler)
        faults.server = server
        server.serve_forever()
        server.server_close()
        # Shut down for an outage: closed until it ends, then listening again, data intact.
        while faults.in_outage():
            time.sleep(0.05)


if __name__ == "__main__":
    main()
