"""What a story's transaction and a partition's query cost the local DynamoDB as its table grows.

Starts scripts/moto_server.py on a free loopback port, writes stories shaped as Tellcare writes
them (six items in one TransactWriteItems, with a client token), and prints the median of 50
at each size. Usage: bench_moto.py [SIZES...] (stories, default 0 2000 8000 16000);
TELLCARE_MOTO_AS_IT_COMES=1 measures moto unmended.
"""

import socket
import statistics
import subprocess
import sys
import time
import uuid
from pathlib import Path

import boto3

here = Path(__file__).parent
sizes = [int(s) for s in sys.argv[1:]] or [0, 2000, 8000, 16000]
with socket.socket() as s:
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
server = subprocess.Popen([sys.executable, str(here / "moto_server.py"), str(port)], stderr=subprocess.DEVNULL)
try:
    for _ in range(200):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            time.sleep(0.1)
    dynamodb = boto3.client("dynamodb", endpoint_url=f"http://127.0.0.1:{port}", region_name="eu-west-2",
                            aws_access_key_id="bench", aws_secret_access_key="bench")
    dynamodb.create_table(
        TableName="bench", BillingMode="PAY_PER_REQUEST",
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
        AttributeDefinitions=[{"AttributeName": a, "AttributeType": "S"} for a in ("pk", "sk", "gsi1pk")],
        GlobalSecondaryIndexes=[{"IndexName": "gsi1", "Projection": {"ProjectionType": "ALL"},
                                 "KeySchema": [{"AttributeName": "gsi1pk", "KeyType": "HASH"},
                                               {"AttributeName": "sk", "KeyType": "RANGE"}]}],
        StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"})

    def story():
        pk = f"STORY#{uuid.uuid4()}"
        put = lambda item: {"Put": {"TableName": "bench", "Item": item,
                                    "ConditionExpression": "attribute_not_exists(pk)"}}
        items = [put({"pk": {"S": pk}, "sk": {"S": sk}, "gsi1pk": {"S": "STATUS#awaiting_moderation"},
                      "body": {"S": "x" * 300}})
                 for sk in ("STORY", "PRIVATE#original", "PRIVATE#contact", "SERVICE#1", "AUDIT#1")]
        items.append(put({"pk": {"S": f"IDEMPOTENCY#{uuid.uuid4()}"}, "sk": {"S": "IDEMPOTENCY"}}))
        started = time.monotonic()
        dynamodb.transact_write_items(TransactItems=items, ClientRequestToken=str(uuid.uuid4()))
        return time.monotonic() - started

    told = 0
    print(f"{'items':>8} {'story transaction p50 ms':>26} {'partition query p50 ms':>24}")
    for size in sizes:
        while told < size:
            story()
            told += 1
        times = sorted(story() for _ in range(50))
        told += 50
        queries = []
        for _ in range(20):
            started = time.monotonic()
            dynamodb.query(TableName="bench", KeyConditionExpression="pk = :pk",
                           ExpressionAttributeValues={":pk": {"S": "STORY#none"}})
            queries.append(time.monotonic() - started)
        print(f"{told * 6:>8} {statistics.median(times) * 1000:>26.1f} {statistics.median(queries) * 1000:>24.1f}",
              flush=True)
finally:
    server.kill()
