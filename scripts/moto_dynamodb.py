"""moto's DynamoDB, made to behave as DynamoDB documents where Tellcare's promises depend on it.

Imported by moto_server.py before it serves. Each patch mends one difference:

- TransactWriteItems checks every condition before it writes anything, so a cancelled
  transaction writes nothing and leaves no stream record. moto writes as it goes and, on a
  failed condition, swaps in a deep copy of every table the transaction named: the cost of a
  transaction grew with the table, the writes it undid still reached the old stream, and the
  stream's readers were left reading a shard that nothing wrote to again.
- Should a write of a transaction fail after its conditions held (a bad update expression),
  only the items it touched are put back, and their stream records taken away.
- A ClientRequestToken makes a retried transaction a no-op for 10 minutes, as DynamoDB's
  idempotency window does: the SDK sends one with every TransactWriteItems and reuses it on
  a retry after a lost answer.
- Query reads the partition it names (of the table, or of a global index), not every item of
  the table, so a request costs what the items it touches cost.
- An UpdateItem that creates its item writes one INSERT stream record, as DynamoDB does, not
  moto's two (a put of the keys, then the update).
- A stream's shard iterator expires after 15 minutes (ExpiredIteratorException), as DynamoDB
  Streams' do, instead of being kept for ever: a poller that lives for an afternoon asks for
  one every tenth of a second.
- Time to live deletes: an item whose TTL attribute is a Number of epoch seconds in the past
  (and not more than five years past) is deleted by the service, with a REMOVE stream record
  whose userIdentity is {"Type": "Service", "PrincipalId": "dynamodb.amazonaws.com"}. moto
  keeps such items for ever; DynamoDB deletes them within days, here within seconds
  (sweep_expired, run by moto_server.py).
"""

import copy
import json
import time
from collections import defaultdict, deque

from moto.core.responses import ActionResult
from moto.dynamodb.exceptions import (
    ConditionalCheckFailed,
    DynamodbException,
    MockValidationException,
    MultipleTransactionsException,
    TooManyTransactionsException,
    TransactionCanceledException,
    TransactWriteSingleOpException,
)
from moto.dynamodb.comparisons import get_filter_expression
from moto.dynamodb.models import DynamoDBBackend
from moto.dynamodb.models.dynamo_type import DynamoType
from moto.dynamodb.models.table import Table
from moto.dynamodb.responses import DynamoHandler
from moto.dynamodbstreams.models import DynamoDBStreamsBackend, ShardIterator

IDEMPOTENCY_WINDOW_SECONDS = 600
SHARD_ITERATOR_SECONDS = 15 * 60
OPERATIONS = {"ConditionCheck", "Put", "Delete", "Update"}


class IdempotentParameterMismatch(DynamodbException):
    error_type = "com.amazonaws.dynamodb.v20120810#IdempotentParameterMismatchException"

    def __init__(self):
        super().__init__(
            self.error_type,
            "The request uses the same client token as a previous, but non-identical request.",
        )


def key_values(table, key):
    """The (hash, range) of an item's key, given as attribute values."""
    hash_value = DynamoType(key[table.hash_key_attr])
    range_value = DynamoType(key[table.range_key_attr]) if table.range_key_attr else None
    return hash_value, range_value


# --- Query by partition ---------------------------------------------------------------------


class PartitionIndex:
    """Which items carry each partition value of each secondary index of one table."""

    def __init__(self, table):
        self.hash_attributes = {
            index.name: [k["AttributeName"] for k in index.schema if k["KeyType"] == "HASH"]
            for index in table.all_indexes()
        }
        self.items = {name: defaultdict(set) for name in self.hash_attributes}
        self.placed = {}
        for item in ORIGINAL["all_items"](table):
            self.place(table, item.hash_key, item.range_key)

    def place(self, table, hash_value, range_value):
        """Files the item at this key where it now belongs (nowhere once it is gone)."""
        key = (hash_value, range_value)
        for name, values in self.placed.pop(key, ()):
            self.items[name][values].discard(key)
        item = table.get_item(hash_value, range_value)
        if item is None:
            return
        spots = []
        for name, attributes in self.hash_attributes.items():
            values = tuple(item.attrs.get(a) for a in attributes)
            if all(v is not None for v in values):
                self.items[name][values].add(key)
                spots.append((name, values))
        if spots:
            self.placed[key] = spots

    def candidates(self, table, index_name, conditions):
        attributes = self.hash_attributes.get(index_name)
        if not attributes or any(a not in conditions for a in attributes):
            return None
        keys = self.items[index_name].get(tuple(conditions[a] for a in attributes), ())
        return [table.get_item(h, r) for h, r in keys]


def partition_index(table):
    if "_tellcare_index" not in vars(table):
        table._tellcare_index = PartitionIndex(table)
    return table._tellcare_index


def moved(table, hash_value, range_value):
    """Every write of an item passes here, so the indexes follow it."""
    index = vars(table).get("_tellcare_index")
    if index is not None:
        index.place(table, hash_value, range_value)


def query(self, hash_key, range_comparison, range_objs, limit, exclusive_start_key, scan_index_forward,
          projection_expressions, index_name=None, *rest, **kwargs):
    if index_name:
        conditions = dict(kwargs.get("hash_key_conditions") or [])
        candidates = partition_index(self).candidates(self, index_name, conditions)
    elif hash_key is not None:
        partition = self.items.get(hash_key)
        if partition is None:
            candidates = []
        else:
            candidates = list(partition.values()) if self.range_key_attr else [partition]
    else:
        candidates = None
    args = (hash_key, range_comparison, range_objs, limit, exclusive_start_key, scan_index_forward,
            projection_expressions, index_name, *rest)
    if candidates is None:
        return ORIGINAL["query"](self, *args, **kwargs)
    # moto's query filters and sorts what all_items gives it: give it the partition only.
    self.all_items = lambda: candidates
    try:
        return ORIGINAL["query"](self, *args, **kwargs)
    finally:
        del self.all_items


def table_put_item(self, item_attrs, *args, **kwargs):
    try:
        return ORIGINAL["table_put_item"](self, item_attrs, *args, **kwargs)
    finally:
        if self.hash_key_attr in item_attrs and (not self.range_key_attr or self.range_key_attr in item_attrs):
            moved(self, *key_values(self, item_attrs))


def table_delete_item(self, hash_key, range_key):
    try:
        return ORIGINAL["table_delete_item"](self, hash_key, range_key)
    finally:
        moved(self, hash_key, range_key)


def backend_update_item(self, table_name, key, *args, **kwargs):
    table = self.get_table(table_name)
    shard = table.stream_shard
    records_before = len(shard.items) if shard is not None else 0
    existed = table.hash_key_attr in key and table.get_item(*key_values(table, key)) is not None
    try:
        return ORIGINAL["backend_update_item"](self, table_name, key, *args, **kwargs)
    finally:
        if table.hash_key_attr in key:
            moved(table, *key_values(table, key))
        if shard is not None and not existed and len(shard.items) == records_before + 2:
            one_insert(shard, records_before)


def one_insert(shard, first):
    """moto makes an item an update creates with a put of its keys, then updates it: two
    INSERT records where DynamoDB writes one, with the item as the update left it."""
    keys_only, whole = shard.items[first], shard.items[first + 1]
    whole.record["dynamodb"]["SequenceNumber"] = keys_only.record["dynamodb"]["SequenceNumber"]
    del shard.items[first]


# --- TransactWriteItems ---------------------------------------------------------------------


def transact_write_items(self, transact_items):
    if len(transact_items) > 100:
        raise TooManyTransactionsException()
    operations = []
    targets = set()
    for entry in transact_items:
        if len(entry) > 1:
            raise TransactWriteSingleOpException
        op_type, op = next(iter(entry.items()))
        if op_type not in OPERATIONS:
            raise MockValidationException(f"Unsupported transaction operation: {op_type}")
        table = self.get_table(op["TableName"])
        key_attrs = op["Item"] if op_type == "Put" else op["Key"]
        key = {table.hash_key_attr: key_attrs[table.hash_key_attr]}
        if table.range_key_attr is not None:
            key[table.range_key_attr] = key_attrs[table.range_key_attr]
        target = (table.name, json.dumps(key, sort_keys=True))
        if target in targets:
            raise MultipleTransactionsException()
        targets.add(target)
        operations.append((op_type, op, table, key))

    # Every condition, against the items as they are before the transaction.
    reasons = []
    for op_type, op, table, key in operations:
        current = self.get_item(table.name, key)
        condition = op.get("ConditionExpression")
        if condition is not None and not get_filter_expression(
            condition, op.get("ExpressionAttributeNames"), op.get("ExpressionAttributeValues")
        ).expr(current):
            old = None
            if op.get("ReturnValuesOnConditionCheckFailure") == "ALL_OLD" and current:
                old = current.to_json()["Attributes"]
            reasons.append(("ConditionalCheckFailed", ConditionalCheckFailed().message, old))
        else:
            reasons.append((None, None, None))
    if any(code is not None for code, _, _ in reasons):
        raise TransactionCanceledException(reasons)

    # The writes. Should one fail, only the items written so far are put back.
    touched = []
    stream_marks = {t.name: len(t.stream_shard.items) for _, _, t, _ in operations if t.stream_shard}
    position = 0
    try:
        for position, (op_type, op, table, key) in enumerate(operations):
            if op_type == "ConditionCheck":
                continue
            hash_value, range_value = key_values(table, key)
            touched.append((table, hash_value, range_value, copy.deepcopy(table.get_item(hash_value, range_value))))
            write(self, op_type, op, table, key)
    except Exception as err:
        for table, hash_value, range_value, previous in reversed(touched):
            restore(table, hash_value, range_value, previous)
        for table, _, _, _ in touched:
            if table.name in stream_marks:
                del table.stream_shard.items[stream_marks[table.name]:]
        if isinstance(err, MockValidationException):
            raise
        reasons = [(None, None, None)] * len(operations)
        reasons[position] = (type(err).__name__, str(err), None)
        raise TransactionCanceledException(reasons)


def write(backend, op_type, op, table, key):
    names = op.get("ExpressionAttributeNames")
    values = op.get("ExpressionAttributeValues")
    condition = op.get("ConditionExpression")
    if op_type == "Put":
        backend.put_item(table.name, op["Item"], condition_expression=condition,
                         expression_attribute_names=names, expression_attribute_values=values)
    elif op_type == "Delete":
        backend.delete_item(table.name, key, condition_expression=condition,
                            expression_attribute_names=names, expression_attribute_values=values)
    else:
        backend.update_item(table.name, key, update_expression=op["UpdateExpression"],
                            condition_expression=condition, expression_attribute_names=names,
                            expression_attribute_values=values)


def restore(table, hash_value, range_value, previous):
    """Puts an item back as it was, without a stream record (the write it undoes had one,
    which is taken away too)."""
    if range_value is not None:
        if previous is None:
            table.items[hash_value].pop(range_value, None)
        else:
            table.items[hash_value][range_value] = previous
    elif previous is None:
        table.items.pop(hash_value, None)
    else:
        table.items[hash_value] = previous
    moved(table, hash_value, range_value)


# --- ClientRequestToken ---------------------------------------------------------------------

# Token -> (fingerprint, until), and the tokens oldest first, so forgetting costs nothing.
COMPLETED = {}
COMPLETED_ORDER = deque()


def handle_transact_write_items(self):
    token = self.body.get("ClientRequestToken")
    if not token:
        return ORIGINAL["handle_transact_write_items"](self)
    now = time.monotonic()
    while COMPLETED_ORDER and COMPLETED.get(COMPLETED_ORDER[0], (None, now))[1] < now:
        del COMPLETED[COMPLETED_ORDER.popleft()]
    fingerprint = json.dumps(self.body.get("TransactItems"), sort_keys=True)
    earlier = COMPLETED.get(token)
    if earlier is not None:
        if earlier[0] != fingerprint:
            raise IdempotentParameterMismatch()
        return ActionResult({"ConsumedCapacity": [], "ItemCollectionMetrics": {}})
    result = ORIGINAL["handle_transact_write_items"](self)
    COMPLETED[token] = (fingerprint, now + IDEMPOTENCY_WINDOW_SECONDS)
    COMPLETED_ORDER.append(token)
    return result


# --- Shard iterators -----------------------------------------------------------------------


class ExpiredIterator(DynamodbException):
    error_type = "com.amazonaws.dynamodb.v20120810#ExpiredIteratorException"

    def __init__(self):
        super().__init__(self.error_type, "Iterator expired. The iterator was created over 15 minutes ago.")


def shard_iterator_init(self, *args, **kwargs):
    ORIGINAL["shard_iterator_init"](self, *args, **kwargs)
    self.created = time.monotonic()


def streams_get_records(self, iterator_arn, limit):
    now = time.monotonic()
    if now - getattr(self, "_pruned", 0) > 60:
        self._pruned = now
        for arn in [a for a, it in self.shard_iterators.items() if now - it.created > SHARD_ITERATOR_SECONDS]:
            del self.shard_iterators[arn]
    iterator = self.shard_iterators.get(iterator_arn)
    if iterator is None or now - iterator.created > SHARD_ITERATOR_SECONDS:
        raise ExpiredIterator()
    return iterator.get(limit)


ORIGINAL = {
    "all_items": Table.all_items,
    "query": Table.query,
    "table_put_item": Table.put_item,
    "table_delete_item": Table.delete_item,
    "backend_update_item": DynamoDBBackend.update_item,
    "handle_transact_write_items": DynamoHandler.transact_write_items,
    "shard_iterator_init": ShardIterator.__init__,
}


# --- Time to live ---------------------------------------------------------------------------

# DynamoDB leaves alone an item whose expiry is more than five years past.
TTL_OLDEST_SECONDS = 5 * 365 * 24 * 60 * 60
TTL_DELETER = {"Type": "Service", "PrincipalId": "dynamodb.amazonaws.com"}


def expiry(item, attribute):
    value = item.attrs.get(attribute)
    if value is None or value.type != "N":
        return None
    try:
        return float(value.value)
    except ValueError:
        return None


def unsorted_items(table):
    """Every item, without the sort of moto's all_items (the sweep runs every few seconds)."""
    for hash_set in list(table.items.values()):
        yield from (list(hash_set.values()) if table.range_key_attr else [hash_set])


def sweep_expired(now=None):
    """Deletes the expired items of every table whose TTL is enabled, as the service does."""
    from moto.dynamodb.models import dynamodb_backends

    now = time.time() if now is None else now
    deleted = 0
    for account in list(dynamodb_backends.keys()):
        for backend in list(dynamodb_backends[account].values()):
            for table in list(backend.tables.values()):
                if table.ttl.get("TimeToLiveStatus") != "ENABLED":
                    continue
                attribute = table.ttl["AttributeName"]
                for item in unsorted_items(table):
                    at = expiry(item, attribute)
                    if at is None or not now - TTL_OLDEST_SECONDS <= at < now:
                        continue
                    shard = table.stream_shard
                    table.delete_item(item.hash_key, item.range_key)
                    if shard is not None and shard.items:
                        shard.items[-1].record["userIdentity"] = dict(TTL_DELETER)
                    deleted += 1
    return deleted


def install():
    Table.query = query
    Table.put_item = table_put_item
    Table.delete_item = table_delete_item
    DynamoDBBackend.update_item = backend_update_item
    DynamoDBBackend.transact_write_items = transact_write_items
    DynamoHandler.transact_write_items = handle_transact_write_items
    ShardIterator.__init__ = shard_iterator_init
    DynamoDBStreamsBackend.get_records = streams_get_records
