"""Where producer messages go: a Kafka broker, a record directory (the bookkeeping tests compare
against) and/or stdout. Every sink has send(message), flush() and close()."""

import os
import sys
import threading

from . import schemas


class KafkaSink:
    """Produces to Kafka with librdkafka (python3-confluent-kafka), keyed, JSON values, lz4.

    Delivery failures are collected and raised by flush(), so a run never ends silently with lost
    messages. The Kafka message timestamp is the event time.
    """

    def __init__(self, bootstrap, compression="lz4", extra_config=None):
        try:
            from confluent_kafka import Producer
        except ImportError as e:
            raise SystemExit("the Kafka output needs python3-confluent-kafka "
                             f"(scripts/install-deps.sh installs it): {e}")
        config = {"bootstrap.servers": bootstrap, "linger.ms": 5, "compression.type": compression,
                  "acks": "all", "enable.idempotence": True, "message.timeout.ms": 60000}
        config.update(extra_config or {})
        self.producer = Producer(config)
        self.errors = []
        self.sent = 0

    def _delivered(self, err, msg):
        if err is not None:
            self.errors.append(f"{msg.topic()}: {err}")

    def send(self, message):
        while True:
            try:
                self.producer.produce(message.topic, key=message.key.encode("utf-8"),
                                      value=message.encoded().encode("utf-8"),
                                      timestamp=message.event_ms, on_delivery=self._delivered)
                break
            except BufferError:
                self.producer.poll(0.05)  # the local queue is full: let deliveries drain
        self.sent += 1
        if self.sent % 1000 == 0:
            self.producer.poll(0)

    def flush(self, timeout=60.0):
        left = self.producer.flush(timeout)
        if left:
            raise RuntimeError(f"kafka: {left} messages not delivered after {timeout:.0f} s")
        if self.errors:
            raise RuntimeError(f"kafka: delivery failed: {self.errors[0]} "
                               f"({len(self.errors)} failures)")

    def close(self):
        self.flush()


class RecordSink:
    """Appends each value, exactly as sent, to DIR/<topic>.jsonl: the producers' own record of what
    the pipeline was given, from which expected.py computes every table independently."""

    def __init__(self, directory):
        os.makedirs(directory, exist_ok=True)
        self.files = {t: open(os.path.join(directory, t + ".jsonl"), "a", encoding="utf-8")
                      for t in schemas.TOPICS}
        self.lock = threading.Lock()

    def send(self, message):
        with self.lock:
            self.files[message.topic].write(message.encoded() + "\n")

    def flush(self):
        with self.lock:
            for f in self.files.values():
                f.flush()

    def close(self):
        with self.lock:
            for f in self.files.values():
                f.close()


class StdoutSink:
    """One line per message: topic, key and value separated by tabs."""

    def __init__(self, stream=None):
        self.stream = stream or sys.stdout
        self.lock = threading.Lock()

    def send(self, message):
        with self.lock:
            self.stream.write(f"{message.topic}\t{message.key}\t{message.encoded()}\n")

    def flush(self):
        with self.lock:
            self.stream.flush()

    def close(self):
        self.flush()


class CountingSink:
    """Counts messages per topic (the summary printed at the end of a run)."""

    def __init__(self):
        self.counts = {t: 0 for t in schemas.TOPICS}
        self.lock = threading.Lock()

    def send(self, message):
        with self.lock:
            self.counts[message.topic] += 1

    def flush(self):
        pass

    def close(self):
        pass
